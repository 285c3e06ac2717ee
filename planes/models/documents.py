"""A SHA-256 of every evidence file, recorded when the file is uploaded or replaced,
so anyone can check that a downloaded file is the one that was published."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

CHUNK = 1024 * 1024


def file_sha256(field_file) -> str | None:
    """The SHA-256 (hex) of a stored file, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        field_file.open("rb")
        try:
            for chunk in field_file.chunks(CHUNK):
                digest.update(chunk)
        finally:
            field_file.close()
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


class DocumentChecksum(models.Model):
    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="checksum",
        verbose_name=_("documento"),
    )
    #: The stored file the digest is of: a new file means a new digest.
    file_name = models.CharField(_("archivo"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    recorded_at = models.DateTimeField(_("registrado"), auto_now=True)

    class Meta:
        verbose_name = _("huella SHA-256 de documento")
        verbose_name_plural = _("huellas SHA-256 de documentos")

    def __str__(self):
        return self.sha256

    @classmethod
    def record(cls, document) -> "DocumentChecksum | None":
        """Record the document's digest unless it is already the one of its current file."""
        current = cls.objects.filter(document_id=document.pk).first()
        if current is not None and current.file_name == document.file.name:
            return current
        sha256 = file_sha256(document.file)
        if sha256 is None:
            return current
        checksum, _created = cls.objects.update_or_create(
            document_id=document.pk, defaults={"file_name": document.file.name, "sha256": sha256}
        )
        return checksum
