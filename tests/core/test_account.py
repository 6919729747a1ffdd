from __future__ import annotations

from django.test import Client

from careforce.core.models import ApiToken, AuditAction, AuditEntry


def test_profile_update_is_saved_and_audited(cast, client_for):
    client = client_for("case_manager")
    response = client.post(
        "/account/",
        {
            "first_name": "Elena",
            "last_name": "Țurcanu",
            "email": "e@example.org",
            "phone": "+373 22 000 000",
            "language": "ru",
        },
    )
    assert response.status_code == 302
    cast.case_manager.refresh_from_db()
    assert (cast.case_manager.last_name, cast.case_manager.language) == ("Țurcanu", "ru")
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes["last_name"] == ["Rusu", "Țurcanu"]


def test_bad_profile_input_changes_nothing(cast, client_for):
    client = client_for("case_manager")
    response = client.post(
        "/account/", {"first_name": "X", "last_name": "Y", "email": "not-an-email", "language": ""}
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    cast.case_manager.refresh_from_db()
    assert cast.case_manager.first_name != "X"


def _create_token(client) -> str:
    response = client.post("/account/", {"create_token": "1", "name": "monthly report"})
    assert response.status_code == 200
    return response.context["new_key"]


def test_token_is_shown_once_and_stored_hashed(cast, client_for):
    key = _create_token(client_for("case_manager"))
    token = ApiToken.objects.get()
    assert key.startswith("cf_") and token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    page = client_for("case_manager").get("/account/").content.decode()
    assert key not in page and token.hint in page


def test_token_signs_in_to_the_api_and_is_scoped(cast, client_for):
    key = _create_token(client_for("case_manager"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/me").json()["username"] == "casemanager"
    assert api.get(f"/api/v1/staff/{cast.far_case_manager.pk}").status_code == 404
    ApiToken.objects.get().refresh_from_db()
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_speaks_its_accounts_language(cast, client_for):
    key = _create_token(client_for("case_manager"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    english = api.get("/api/v1/staff/999999").json()["detail"]
    cast.case_manager.language = "ro"
    cast.case_manager.save(update_fields=["language"])
    response = api.get("/api/v1/staff/999999")
    assert response.status_code == 404 and response.json()["detail"] != english
    assert response["Content-Language"] == "ro"


def test_revoked_or_malformed_token_is_refused(cast, client_for):
    owner = client_for("case_manager")
    key = _create_token(owner)
    token = ApiToken.objects.get()
    # Somebody else cannot revoke it: it does not exist for them.
    assert client_for("supervisor").post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert owner.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert response.status_code == 401 and "detail" in response.json()
    for bad in ["Bearer", "Bearer cf_", "Bearer nonsense", "Basic abc", "Bearer " + "x" * 5000]:
        assert Client(HTTP_AUTHORIZATION=bad).get("/api/v1/me").status_code == 401
    assert owner.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405


def test_api_writes_with_the_session_need_the_csrf_header(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.case_manager)
    # No write endpoint in core yet accepts this; the check runs before routing to the handler.
    response = client.post("/api/v1/me")
    assert response.status_code in (403, 405)
