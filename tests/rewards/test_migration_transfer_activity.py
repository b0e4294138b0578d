"""Migration rewards/0008 names, on awards made before it, the activity that earned
them (read from their key), past the append-only triggers, which it puts back."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _everything_but_rewards_at(migration: str) -> list[tuple[str, str]]:
    """Every app at its latest migration, and rewards at `migration`: the historical
    models then match the tables of the other apps."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [node for node in leaves if node[0] != "rewards"] + [("rewards", migration)]


@pytest.fixture
def at_0007():
    apps = _migrate(_everything_but_rewards_at("0007_share"))
    yield apps
    # Whatever happened, the database ends up fully migrated for the next tests.
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_awards_made_before_name_their_activity_and_history_stays_closed(at_0007):
    apps = at_0007
    User = apps.get_model("network", "User")
    Activity = apps.get_model("activity", "Activity")
    Rule = apps.get_model("rewards", "Rule")
    RuleVersion = apps.get_model("rewards", "RuleVersion")
    Transfer = apps.get_model("rewards", "Transfer")
    grace = User.objects.create(username="grace-m", is_hr_admin=True)
    ada = User.objects.create(username="ada-m")
    posted = Activity.objects.create(
        actor=ada, verb="post.created", object_type="post", object_id="1", audience="internal"
    )
    rule = Rule.objects.create(name="Posts", earning="post_created", created_by=grace)
    version = RuleVersion.objects.create(rule=rule, number=1, points=5, created_by=grace)
    automatic = Transfer.objects.create(
        kind="award", key=f"award:{version.pk}:{posted.pk}:{ada.pk}", rule_version=version
    )
    by_hand = Transfer.objects.create(kind="award", key=f"award:test:{ada.pk}:5")
    gone = Transfer.objects.create(
        kind="award", key=f"award:{version.pk}:999999:{ada.pk}", rule_version=version
    )

    apps = _migrate(_everything_but_rewards_at("0008_transfer_activity"))

    Transfer = apps.get_model("rewards", "Transfer")
    named = dict(Transfer.objects.values_list("pk", "activity_id"))
    assert named == {automatic.pk: posted.pk, by_hand.pk: None, gone.pk: None}
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Transfer.objects.filter(pk=automatic.pk).update(reason="rewritten")
