"""What a token may be used for.

A token's scopes narrow what its owner could do; they never widen it. Every read
needs ``read``. Every write needs the one scope its view names in ``write_scope``:
an API view that writes and names none refuses every token (tests/integrations/
test_scopes.py checks that each does name one).
"""

from django.db import models


class Scope(models.TextChoices):
    READ = "read", "Read everything its owner can see"
    WRITE_POSTS = "write:posts", "Write posts, comments, reactions, poll votes and reports"
    WRITE_COMMUNITIES = (
        "write:communities",
        "Create, edit, join and leave communities; invite, admit and ban people",
    )
    MODERATE = "moderate", "Decide on reported and hidden content"
    WRITE_IDEAS = "write:ideas", "Submit, edit, vote on, comment on, review and move ideas"
    WRITE_PROFILE = "write:profile", "Edit the profile, follows and notification settings"
    REWARDS = "rewards", "Redeem points and share tracked links"
    REWARDS_ADMIN = "rewards:admin", "Run the rewards programme: rules, badges, catalog, budgets"
    PEOPLE_ADMIN = "people:admin", "Create, update and deactivate people (HR sync)"
    WEBHOOKS = "webhooks", "Manage webhook subscriptions"


ALL = [scope.value for scope in Scope]
