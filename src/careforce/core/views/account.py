"""The signed-in user's own page: details, language, API tokens; and the language switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .. import services
from ..forms import LANGUAGE_CODES, ProfileForm, TokenCreateForm


def profile(request):
    user = request.user
    form = ProfileForm(instance=user)
    token_form = TokenCreateForm()
    new_key = None
    if request.method == "POST":
        if "create_token" in request.POST:
            token_form = TokenCreateForm(request.POST)
            if token_form.is_valid():
                _token, new_key = services.api_token_create(actor=user, name=token_form.cleaned_data["name"])
                token_form = TokenCreateForm()
        else:
            form = ProfileForm(request.POST, instance=user)
            if form.is_valid():
                services.profile_update(actor=user, data=form.cleaned_data)
                messages.success(request, _("Your details were saved."))
                response = redirect("core:profile")
                return response
    tokens = user.api_tokens.order_by("-created_at")
    return render(
        request,
        "core/profile.html",
        {"form": form, "token_form": token_form, "tokens": tokens, "new_key": new_key},
        status=400 if (form.errors or token_form.errors) else 200,
    )


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(request.user.api_tokens.all(), pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request,
        _("The token “%(name)s” was revoked. Scripts using it can no longer sign in.") % {"name": token.name},
    )
    return redirect("core:profile")


@login_not_required
@require_POST
def set_language(request):
    """Django's switch (cookie), remembered on the account of a signed-in user."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and code in LANGUAGE_CODES and request.user.language != code:
        services.profile_update(actor=request.user, data={"language": code})
    return response
