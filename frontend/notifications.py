"""Notification pages: the inbox, opening one, preferences, one-click unsubscribe."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from bridge.params import whole_number
from network import access, inbox
from network.emails import read_unsubscribe_token
from network.models import NotificationSettings
from network.services import notifications as notification_services

PAGE = 30


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = NotificationSettings.CHOICES


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    notifications = inbox.notifications_for(request.user, unread_only=unread_only)
    before = whole_number(request.GET.get("before"))
    if before is not None:
        notifications = notifications.filter(pk__lt=before)
    page = list(notifications[: PAGE + 1])
    return render(
        request,
        "frontend/notifications/list.html",
        {
            "notices": inbox.present(request.user, page[:PAGE]),
            "older": page[PAGE - 1].pk if len(page) > PAGE else None,
            "unread_only": unread_only,
        },
    )


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification: it becomes read, and the reader lands where it points."""
    notification = inbox.access_notification(request.user, notification_id)
    notification_services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(inbox.present(request.user, [notification])[0].url)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    marked = notification_services.notifications_mark_all_read(actor=request.user)
    messages.success(request, f"Marked {marked} notification{'s' if marked != 1 else ''} read.")
    return redirect("notifications")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    current = notification_services.settings_for(request.user)
    form = NotificationSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        notification_services.notification_settings_update(actor=request.user, **form.cleaned_data)
        messages.success(request, "Saved your notification settings.")
        return redirect("notification-settings")
    return render(request, "frontend/notifications/settings.html", {"form": form})


# The signed token is the credential: mail clients POST to the link without a
# session or CSRF token (RFC 8058 one-click unsubscribe).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    if found is None:
        raise access.NotFound("This unsubscribe link is not valid.")
    user, kind = found
    done = request.method == "POST"
    if done:
        notification_services.unsubscribe(user=user, kind=kind)
    return render(request, "frontend/notifications/unsubscribe.html", {"kind": kind, "done": done})
