"""Admin panels whose text names the coordinating body of the instance settings."""

from wagtail.admin.panels import HelpPanel

from .models import current


class InstanceHelpPanel(HelpPanel):
    """A HelpPanel whose ``content`` may say ``%(body)s`` («la OGA») or ``%(of_body)s``
    («de la OGA»): filled in from the instance settings when it is shown."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            settings = current(self.request)
            self.content = self.panel.content % {"body": settings.body, "of_body": settings.of_body}
