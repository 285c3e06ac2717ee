"""Number the inline children that were saved without a ``sort_order``.

Rows created outside the admin's formset (demo, scale generator, scripts) had
NULL, whose order is undefined on PostgreSQL. Each affected parent's children
are renumbered 0..n in the order PostgreSQL showed them: numbered rows first,
then the unnumbered ones by primary key.
"""

from django.db import migrations
from django.db.models import F

CHILDREN = (
    ("activity", "milestone_id"),
    ("progressupdate", "milestone_id"),
    ("planminutes", "page_id"),
)


def fill_sort_order(apps, schema_editor):
    for model_name, parent_field in CHILDREN:
        model = apps.get_model("planes", model_name)
        parents = (
            model.objects.filter(sort_order__isnull=True)
            .values_list(parent_field, flat=True)
            .distinct()
        )
        for parent_id in list(parents):
            rows = list(
                model.objects.filter(**{parent_field: parent_id}).order_by(
                    F("sort_order").asc(nulls_last=True), "pk"
                )
            )
            for index, row in enumerate(rows):
                row.sort_order = index
            model.objects.bulk_update(rows, ["sort_order"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("planes", "0002_ordered_children")]

    operations = [migrations.RunPython(fill_sort_order, migrations.RunPython.noop)]
