"""Record the SHA-256 of the documents uploaded before checksums were kept."""

import hashlib

from django.db import migrations


def fill(apps, schema_editor):
    Document = apps.get_model("wagtaildocs", "Document")
    DocumentChecksum = apps.get_model("planes", "DocumentChecksum")
    done = set(DocumentChecksum.objects.values_list("document_id", flat=True))
    for document in Document.objects.exclude(pk__in=done).iterator():
        digest = hashlib.sha256()
        try:
            with document.file.open("rb") as handle:
                for chunk in handle.chunks(1024 * 1024):
                    digest.update(chunk)
        except (OSError, ValueError):
            continue  # a missing file: nothing to vouch for
        DocumentChecksum.objects.create(
            document_id=document.pk, file_name=document.file.name, sha256=digest.hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("planes", "0004_document_checksum"),
        ("wagtaildocs", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
