"""Evidence uploads are checked by what they contain, not by their name.

A file's first bytes say what it is (the ``filetype`` library reads the magic
numbers); it must be one of the evidence formats below and agree with its
extension. Text formats (CSV, TXT) have no magic number: they must be text, and
not markup a browser would run (HTML, SVG). Wagtail's document form uses this
check through ``WAGTAILDOCS_DOCUMENT_FORM_BASE``, for single and multiple upload.
"""

import re

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
#: Extension → the content types its bytes may show (None: a text format, no magic number).
EVIDENCE_TYPES = {
    "pdf": {"application/pdf"},
    "docx": {_OOXML + "wordprocessingml.document"},
    "xlsx": {_OOXML + "spreadsheetml.sheet"},
    "pptx": {_OOXML + "presentationml.presentation"},
    "odt": {_ODF + "text"},
    "ods": {_ODF + "spreadsheet"},
    "zip": {"application/zip"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "csv": None,
    "txt": None,
}
#: How much of a file is read to tell what it is.
SNIFF_BYTES = 8192
#: Markup a browser would render or run if it were ever served inline.
MARKUP_RE = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<body|<head|<iframe)", re.I)


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head or MARKUP_RE.match(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def check_evidence_file(uploaded) -> None:
    """Refuse a file whose content is not the evidence format its extension claims."""
    name = getattr(uploaded, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        return  # Wagtail's extension check (WAGTAILDOCS_EXTENSIONS) reports it
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(position)
    expected = EVIDENCE_TYPES[extension]
    kind = filetype.guess(head)
    if expected is None:
        if kind is None and _is_plain_text(head):
            return
        raise ValidationError(
            _("El archivo «%(name)s» no es texto simple (%(ext)s): súbelo en su formato real."),
            code="content_mismatch",
            params={"name": name, "ext": extension.upper()},
        )
    if kind is None or kind.mime not in expected:
        raise ValidationError(
            _(
                "El contenido de «%(name)s» no corresponde a un archivo %(ext)s. Sube el "
                "documento original (PDF, documentos de oficina, imágenes, CSV o texto)."
            ),
            code="content_mismatch",
            params={"name": name, "ext": extension.upper()},
        )


class EvidenceDocumentForm(BaseDocumentForm):
    """Wagtail's document form, with the file checked by its content."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_evidence_file(uploaded)
        return uploaded

    def _post_clean(self):
        # A refused file (too big, or not what its name says) never reaches the document:
        # Wagtail's model check of WAGTAILDOCS_EXTENSIONS then looks at the empty file field
        # and adds «La extensión de archivo “” no está permitida» under the real reason.
        # Keep only the file's own errors.
        refused = len(self.errors.get("file", ()))
        super()._post_clean()
        if refused:
            del self._errors["file"][refused:]
