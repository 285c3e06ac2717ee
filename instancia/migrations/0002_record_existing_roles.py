"""An installation made before the roles had keys: record which group plays each role
(renaming the approvers' old name), so permissions keep working right after ``migrate``,
before anyone runs ``setup_roles`` (which does the same, and creates what is missing)."""

from django.db import migrations

#: Key → (today's name, names earlier versions gave it). Written out: a migration keeps
#: the names of its time.
ROLES = {
    "administrators": ("Administradores", ()),
    "approvers": ("Aprobadores", ("Aprobadores SFP",)),
    "government_editors": ("Editores de gobierno", ()),
    "civil_society_editors": ("Editores de sociedad civil", ()),
}


def record(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    RoleGroup = apps.get_model("instancia", "RoleGroup")
    for key, (name, legacy) in ROLES.items():
        if RoleGroup.objects.filter(key=key).exists():
            continue
        group = Group.objects.filter(name=name).first()
        if group is None:
            group = Group.objects.filter(name__in=legacy).first()
            if group is None:
                continue
            group.name = name
            group.save(update_fields=["name"])
        if not RoleGroup.objects.filter(group=group).exists():
            RoleGroup.objects.create(key=key, group=group)


class Migration(migrations.Migration):
    dependencies = [
        ("instancia", "0001_instance_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
