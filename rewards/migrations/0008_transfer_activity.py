"""Automatic awards name the activity that earned them. Awards made before keep the
activity in their key ("award:<rule version>:<activity>:<person>"), so they are
filled in from it: the one UPDATE the ledger ever allows itself, with the
append-only triggers (0002) lifted for it and put back in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TRIGGER = (
    "CREATE TRIGGER rewards_transfer_no_update BEFORE UPDATE ON rewards_transfer "
    "BEGIN SELECT RAISE(ABORT, 'the rewards ledger is append-only: UPDATE refused'); END"
)


def _earned_by(apps) -> list[tuple[int, int]]:
    """(transfer, activity) for automatic awards made before the column existed."""
    Transfer = apps.get_model("rewards", "Transfer")
    Activity = apps.get_model("activity", "Activity")
    awards = Transfer.objects.filter(
        kind="award", rule_version__isnull=False, activity__isnull=True
    ).values_list("pk", "key")
    found = {}
    for pk, key in awards:
        parts = key.split(":")
        if len(parts) == 4 and parts[2].isdigit():
            found[pk] = int(parts[2])
    existing = set(Activity.objects.filter(pk__in=set(found.values())).values_list("pk", flat=True))
    return [(pk, activity) for pk, activity in found.items() if activity in existing]


def fill_in(apps, schema_editor):
    pairs = _earned_by(apps)
    if not pairs:
        return
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # Foreign keys checked now, not at COMMIT: ALTER TABLE refuses a table with
        # pending trigger events, and the triggers go back on right after.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            "ALTER TABLE rewards_transfer DISABLE TRIGGER rewards_transfer_append_only"
        )
    else:
        schema_editor.execute("DROP TRIGGER rewards_transfer_no_update")
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE rewards_transfer SET activity_id = %s WHERE id = %s",
            [(activity, pk) for pk, activity in pairs],
        )
    if postgresql:
        schema_editor.execute(
            "ALTER TABLE rewards_transfer ENABLE TRIGGER rewards_transfer_append_only"
        )
    else:
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0002_initial"),
        ("rewards", "0007_share"),
    ]

    operations = [
        migrations.AddField(
            model_name="transfer",
            name="activity",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="activity.activity",
            ),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
    ]
