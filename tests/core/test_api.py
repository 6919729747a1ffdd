from __future__ import annotations


def test_openapi_document_describes_the_api(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Careforce API"
    assert "/api/v1/staff" in doc["paths"]
    schemes = doc["components"]["securitySchemes"]
    assert {"TokenAuth", "SessionAuth"} <= set(schemes)


def test_lists_are_paginated(cast, client_for):
    body = client_for("admin").get("/api/v1/areas", {"limit": 2}).json()
    assert body["count"] == 7 and len(body["items"]) == 2
    too_big = client_for("admin").get("/api/v1/areas", {"limit": 10**6})
    assert too_big.status_code == 422 and "detail" in too_big.json()


def test_area_filter_by_parent_and_populations(cast, client_for):
    client = client_for("analyst")
    codes = [a["code"] for a in client.get("/api/v1/areas", {"parent": cast.region.pk}).json()["items"]]
    assert codes == ["DM-N-01", "DM-N-02"]
    detail = client.get(f"/api/v1/areas/{cast.district.pk}").json()
    assert [p["year"] for p in detail["populations"]] == [2025, 2026]
    assert client.get("/api/v1/areas", {"level": "nine"}).status_code == 422


def test_organisations_within_an_area_subtree(cast, client_for):
    items = client_for("case_manager").get("/api/v1/organisations", {"area": cast.region.pk}).json()["items"]
    names = {o["name"] for o in items}
    assert "Directorate Bălțeni" in names and "Social assistance Valea Nucilor" in names
    assert "Directorate Cahul" not in names


def test_staff_list_goes_through_the_access_door(cast, client_for):
    names = {u["username"] for u in client_for("case_manager").get("/api/v1/staff").json()["items"]}
    assert names == {"supervisor", "casemanager"}
