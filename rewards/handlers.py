"""The rewards projection of the activity stream (registered in activity/handlers.py)."""

from activity.models import Activity
from rewards.services.awards import award_for_activity


def award_points(activity: Activity) -> None:
    award_for_activity(activity)
