"""Small helpers the tests share."""


def publish(page):
    """Publish the page's current state as a new revision; return it fresh from the database."""
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)
