from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from reminders.forms import PreferenceForm
from reminders.models import Preference


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """A signed-in person turns their own daily digest on or off."""
    preference = Preference.objects.filter(user=request.user).first()
    current = preference.daily_digest if preference else True
    # An unticked box posts nothing: the form is bound whenever it is posted.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, initial={"daily_digest": current})
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["daily_digest"]
        if preference is None:
            preference = Preference(user=request.user)
        preference.daily_digest = wanted
        preference._history_user = request.user
        preference.save()
        messages.success(
            request, "You will get the daily email" if wanted else "The daily email is off"
        )
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})
