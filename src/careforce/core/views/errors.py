"""Error pages in the user's language, never a bare server error."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": message}, status=status)
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status=status
    )


@login_not_required
def bad_request(request, exception=None):
    return _page(
        request, 400, _("Bad request"), _("The request could not be understood. Nothing was changed.")
    )


@login_not_required
def permission_denied(request, exception=None):
    return _page(request, 403, _("Not allowed"), _("Your role does not give access to this page."))


@login_not_required
def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        _("Page not found"),
        _("There is nothing here, or it is not within what you may see. Check the address or go back home."),
    )


@login_not_required
def server_error(request):
    # No template context processors here: the failure may be in them.
    return _page(
        request,
        500,
        _("Something went wrong"),
        _("The error was recorded. Nothing was changed; please try again."),
    )


@login_not_required
def csrf_failure(request, reason=""):
    return _page(
        request,
        403,
        _("The form expired"),
        _("For your security the form could not be sent. Go back, reload the page and try again."),
    )
