"""The JSON API under /api/v1: each app contributes a router; one OpenAPI document describes them all."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, django_auth

from careforce.cases.api import router as cases_router
from careforce.core.api import router as core_router
from careforce.core.services import api_token_authenticate
from careforce.evidence.api import router as evidence_router
from careforce.evidence.api_report import router as evidence_report_router
from careforce.people.api import router as people_router
from careforce.placements.api import router as placements_router
from careforce.referrals.api import router as referrals_router
from careforce.training.api import router as training_router
from careforce.workforce.api import router as workforce_router


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cf_…` with a personal token made on the profile page."""

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            # The account's language, as on the pages (UserLanguageMiddleware ran before the token was read).
            if user.language and user.language != getattr(request, "LANGUAGE_CODE", ""):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        return user


api = NinjaAPI(
    title="Careforce API",
    version="1",
    # The signed-in session (django_auth) checks the CSRF header on writes.
    description="Cases, workforce and evidence for the social service workforce. "
    "Authenticate with a personal token (`Authorization: Bearer cf_…`) or the signed-in session "
    "(send the `X-CSRFToken` header on writes). Every endpoint answers only what the user may see.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)

api.add_router("/", core_router)
api.add_router("/", people_router)
api.add_router("/", workforce_router)
api.add_router("/", cases_router)
api.add_router("/", referrals_router)
api.add_router("/", placements_router)
api.add_router("/", training_router)
api.add_router("/", evidence_router)
api.add_router("/", evidence_report_router)


def _error(request, status: int, detail, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, _("Sign in, or send a valid API token (Authorization: Bearer …)."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("Not found, or not within what you may see."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Your role does not allow this."))


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _error(request, 422, _("Some values are not valid."), errors=exc.errors)


@api.exception_handler(DjangoValidationError)
def _invalid_model(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 400, _("Some values are not valid."), errors=errors)
