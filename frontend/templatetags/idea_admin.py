"""The moderators' and reviewers' sections of an idea's page, as one tag, so that
the idea page's view stays unaware of them (frontend/idea_admin.py idea_tools)."""

from typing import Any

from django import template

from frontend.idea_admin import idea_tools
from ideas.models import Idea

register = template.Library()


@register.inclusion_tag("frontend/ideas/admin/_idea_tools.html", takes_context=True)
def idea_admin_tools(context: template.Context, idea: Idea) -> dict[str, Any]:
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "idea": idea,
        "board": idea.board,
        **idea_tools(request.user, idea),
    }
