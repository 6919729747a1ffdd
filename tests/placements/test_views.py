"""Posting the forms and the API: bad input changes nothing and says why; good input goes through services."""

from __future__ import annotations

import datetime as dt
import json

from careforce.placements import services
from careforce.placements.models import CareSetting, MonitoringVisit

from .factories import make_child, make_institution


def test_change_form_overlap_rerenders_with_message(cast, client_for):
    child = make_child(cast)
    services.care_setting_change(actor=cast.case_manager, child=child, kind="family", start=dt.date(2022, 1, 1))
    client = client_for("case_manager")
    response = client.post(f"/placements/children/{child.pk}/change/",
                           {"kind": "kinship", "start": "2021-01-01", "reason": "Parents abroad"})
    assert response.status_code == 400
    assert b"after the current setting began" in response.content
    assert CareSetting.objects.filter(child=child).count() == 1
    response = client.post(f"/placements/children/{child.pk}/change/",
                           {"kind": "kinship", "start": "2024-01-01", "reason": "Parents abroad"})
    assert response.status_code == 302
    assert CareSetting.objects.get(child=child, end__isnull=True).kind == "kinship"
    page = client.get(f"/people/{child.pk}/")
    assert b"Kinship care" in page.content and b"Record a change" in page.content


def test_visit_before_the_move_page_and_api(cast, client_for):
    child = make_child(cast)
    home = make_institution(cast.district)
    services.care_setting_change(actor=cast.admin, child=child, kind="residential", start=dt.date(2022, 1, 1),
                                 institution=home)
    r = services.reintegration_start(actor=cast.admin, child=child)
    r.readiness_on = r.preparation_on = dt.date(2024, 1, 1)
    r.save()
    services.reintegration_record_move(actor=cast.admin, reintegration=r, on=dt.date(2024, 2, 1), kind="family")
    client = client_for("case_manager")
    response = client.post(f"/placements/reintegrations/{r.pk}/visits/", {"visited_on": "2024-01-15"})
    assert response.status_code == 400
    assert b"cannot be before the move" in response.content
    response = client.post(f"/api/v1/reintegrations/{r.pk}/visits",
                           data=json.dumps({"visited_on": "2024-01-20"}), content_type="application/json")
    assert response.status_code == 400
    assert not MonitoringVisit.objects.exists()
    response = client.post(f"/api/v1/reintegrations/{r.pk}/visits",
                           data=json.dumps({"visited_on": "2024-03-03", "step_months": 1}),
                           content_type="application/json")
    assert response.status_code == 201
    detail = client.get(f"/api/v1/reintegrations/{r.pk}").json()
    assert detail["status"] == "sustained" and detail["visits"][0]["step_months"] == 1
    assert client_for("other_case_manager").post(
        f"/api/v1/reintegrations/{r.pk}/visits", data=json.dumps({"visited_on": "2024-03-04"}),
        content_type="application/json").status_code == 404


def test_api_care_setting_change(cast, client_for):
    child = make_child(cast)
    client = client_for("case_manager")
    url = f"/api/v1/children/{child.pk}/care-settings"
    assert client.post(url, data=json.dumps({"kind": "residential", "start": "2024-01-01"}),
                       content_type="application/json").status_code == 400
    assert client.post(url, data=json.dumps({"kind": "family", "start": "2024-01-01", "carer": "Mother"}),
                       content_type="application/json").status_code == 201
    assert [s["kind"] for s in client.get(url).json()] == ["family"]
    assert client_for("volunteer").post(url, data=json.dumps({"kind": "family", "start": "2024-02-01"}),
                                        content_type="application/json").status_code == 403
