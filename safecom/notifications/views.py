from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecom.notifications.reminders import KINDS
from safecom.notifications.selectors import notifications_of, reminder_kinds_enabled
from safecom.notifications.services import reminder_choices_set


class ChoicesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me reminders about",
        choices=list(KINDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
    )


@login_required
def notification_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "querystring": ""})


@login_required
def reminder_choices(request: HttpRequest) -> HttpResponse:
    form = ChoicesForm(
        request.POST or None, initial={"kinds": sorted(reminder_kinds_enabled(user=request.user))}
    )
    if request.method == "POST" and form.is_valid():
        reminder_choices_set(
            user=request.user,  # type: ignore[arg-type]
            enabled_kinds=set(form.cleaned_data["kinds"]),
        )
        messages.success(request, "Your reminder choices are saved.")
        return redirect("notifications:home")
    return render(request, "notifications/choices.html", {"form": form})
