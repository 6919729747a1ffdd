"""Signing in: lockout, idle expiry, clear messages, languages."""

from __future__ import annotations

import pytest
from django.test import Client

from careforce.core.models import User
from tests.conftest import PASSWORD


def test_wrong_password_says_so_and_signs_nobody_in(cast, client):
    response = client.post("/accounts/login/", {"username": "casemanager", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_in_lands_on_the_home_page(cast, client):
    response = client.post("/accounts/login/", {"username": "casemanager", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Welcome" in response.content.decode()


def test_account_locks_after_repeated_failures(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "casemanager", "password": "nope"})
    locked = client.post("/accounts/login/", {"username": "casemanager", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out with it.
    other = client.post("/accounts/login/", {"username": "supervisor", "password": PASSWORD})
    assert other.status_code == 302


def test_locked_page_speaks_romanian(cast, settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="ro")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": "casemanager", "password": "nope"})
    assert response.status_code == 429
    assert 'lang="ro"' in response.content.decode()
    assert "Prea multe" in response.content.decode()


def test_idle_session_expires_with_a_message(cast, client_for):
    client = client_for("case_manager")
    client.session.flush()  # what the server does when the idle time runs out
    client.cookies["sessionid"] = "expired-session-key"
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Your session expired" in response.content.decode()


def test_session_expiry_is_idle_based(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_sign_in_page_is_english_by_default_with_a_switch():
    html = Client().get("/accounts/login/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to Careforce" in html
    assert 'value="ro"' in html and "Română" in html and "Русский" in html


@pytest.mark.parametrize(
    ("accept", "lang", "text"), [("ro-RO,ro;q=0.9", "ro", "Autentificare"), ("ru", "ru", "Вход")]
)
def test_browser_preference_picks_the_language(accept, lang, text):
    html = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/accounts/login/").content.decode()
    assert f'<html lang="{lang}">' in html
    assert text in html


def test_switch_remembers_choice_on_the_account(cast, client_for):
    client = client_for("case_manager")
    client.post("/i18n/setlang/", {"language": "ro", "next": "/"})
    cast.case_manager.refresh_from_db()
    assert cast.case_manager.language == "ro"
    # On another device, with an English browser, her choice wins once she signs in.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(cast.case_manager)
    assert '<html lang="ro">' in other.get("/").content.decode()


def test_switch_refuses_unknown_language(cast, client_for):
    client = client_for("case_manager")
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    cast.case_manager.refresh_from_db()
    assert cast.case_manager.language == ""


def test_sign_out_needs_post(cast, client_for):
    client = client_for("case_manager")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_csrf_is_enforced_on_forms(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "casemanager", "password": PASSWORD})
    assert response.status_code == 403
    assert "The form expired" in response.content.decode()


def test_security_headers(cast, client_for):
    response = client_for("case_manager").get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_weak_password_is_refused(cast, client_for):
    client = client_for("case_manager")
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert User.objects.get(pk=cast.case_manager.pk).check_password(PASSWORD)
