"""PostgreSQL only: the ``spanish_unaccent`` text search configuration.

A copy of PostgreSQL's ``spanish`` configuration whose words first go through
``unaccent`` and then the Spanish stemmer, so "participacion" finds
"participación" and "presupuesto" finds "presupuestos". Settings use it as the
search backend's SEARCH_CONFIG when the database is PostgreSQL. On any other
database (SQLite) this migration does nothing.

Note: creating the ``unaccent`` extension needs a role allowed to (the
database owner on PostgreSQL 13+, where it is a trusted extension).
"""

from django.db import migrations

CONFIG = "spanish_unaccent"

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_ts_config
        WHERE cfgname = '{CONFIG}' AND cfgnamespace = current_schema()::regnamespace
    ) THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION {CONFIG}
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$;
"""

DROP = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG};"


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [migrations.RunPython(create_config, drop_config, elidable=False)]
