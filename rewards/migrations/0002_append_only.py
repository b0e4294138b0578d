"""The database itself refuses to change the ledger's history: UPDATE and DELETE on
transfers and entries raise, on PostgreSQL and on SQLite. Corrections are new
transfers (rewards/services/ledger.py: reverse)."""

from django.db import migrations

TABLES = ("rewards_transfer", "rewards_entry")

POSTGRESQL = [
    """
    CREATE FUNCTION rewards_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the rewards ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
    END
    $$ LANGUAGE plpgsql
    """,
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION rewards_append_only()"
        for table in TABLES
    ),
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER {table}_append_only ON {table}" for table in TABLES),
    "DROP FUNCTION rewards_append_only()",
]

SQLITE = [
    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'the rewards ledger is append-only: {operation} refused'); END"
    for table in TABLES
    for operation in ("UPDATE", "DELETE")
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {table}_no_{operation.lower()}"
    for table in TABLES
    for operation in ("UPDATE", "DELETE")
]


def forwards(apps, schema_editor):
    for statement in POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRESQL_REVERSE if vendor == "postgresql" else SQLITE_REVERSE:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("rewards", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
