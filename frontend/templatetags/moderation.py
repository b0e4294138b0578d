"""Template helpers for the moderation partials that posts and comments include."""

from django import template

from network.models import Report

register = template.Library()


@register.simple_tag
def report_reasons() -> list[tuple[str, str]]:
    """The reasons a person may give when reporting (for the Report disclosure)."""
    return list(Report.Reason.choices)
