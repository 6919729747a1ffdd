"""Choosing the institution of a new care setting: the child's region first, any other through the search,
only open institutions and homes, and a page whose queries do not grow with the institutions of the country."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError

from careforce.core.models import AreaLevel, OrganisationKind
from careforce.placements import services
from careforce.placements.models import CareSetting
from tests.core.factories import AreaFactory

from .factories import make_child, make_institution


@pytest.fixture
def homes(cast):
    """Institutions in the child's region (Nord: Bălțeni and Florești), one far away (Sud), one closed and a
    directorate (not an institution)."""
    return {
        "district": make_institution(cast.district, name="Casa de copii Bălțeni"),
        "village": make_institution(cast.locality, name="Casa de tip familial «Rusu»",
                                    kind=OrganisationKind.FAMILY_TYPE_HOME, places=6),
        "other_district": make_institution(cast.other_district, name="Școala-internat Florești"),
        "far": make_institution(cast.far_district, name="Școala-internat Cahul"),
        "closed": _closed(make_institution(cast.district, name="Internatul închis Bălțeni")),
    }


def _closed(org):
    org.active = False
    org.save(update_fields=["active"])
    return org


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def _options(html: str) -> set[str]:
    return set(re.findall(r'<option value="(\d+)"', _select(html, "institution")))


def _post(client, child, institution, query=""):
    return client.post(f"/placements/children/{child.pk}/change/{query}", {
        "kind": "residential", "start": "2024-05-01", "reason": "No family able to care for him",
        "institution": institution.pk if hasattr(institution, "pk") else institution,
    })


def test_the_childs_region_is_offered_first_grouped_by_district(cast, client_for, homes):
    child = make_child(cast)
    html = client_for("case_manager").get(f"/placements/children/{child.pk}/change/").content.decode()
    assert _options(html) == {str(homes[k].pk) for k in ("district", "village", "other_district")}
    select = _select(html, "institution")
    # Grouped by district; the village's home under its district, with the village named.
    assert '<optgroup label="Bălțeni">' in select and '<optgroup label="Florești">' in select
    assert "Casa de tip familial «Rusu» · Valea Nucilor" in select
    assert "Institutions and homes in Nord" in html
    # The search starts on the child's region; every region and district can be chosen, or the country.
    search = _select(html, "area")
    assert f'<option value="{cast.region.pk}" selected>Nord</option>' in search
    assert f'<option value="{cast.far_district.pk}">— Cahul</option>' in search
    assert '<option value="">The whole country</option>' in search
    assert f'value="{cast.country.pk}"' not in search and f'value="{cast.locality.pk}"' not in search


def test_another_area_or_a_name_brings_any_open_institution_within_reach(cast, client_for, homes):
    child = make_child(cast)
    client = client_for("case_manager")
    url = f"/placements/children/{child.pk}/change/"
    assert _options(client.get(f"{url}?area={cast.far_region.pk}").content.decode()) == {str(homes["far"].pk)}
    html = client.get(f"{url}?area=&q=internat").content.decode()  # the whole country, by name
    assert _options(html) == {str(homes["other_district"].pk), str(homes["far"].pk)}  # never the closed one
    assert "the whole country, name containing “internat”" in html
    # The form posts back with its search, and the institution found is saved.
    assert 'action="?area=&amp;q=internat"' in html
    response = _post(client, child, homes["far"], query="?area=&q=internat")
    assert response.status_code == 302
    assert CareSetting.objects.get(child=child, end__isnull=True).institution == homes["far"]


def test_a_bad_search_is_reported_and_the_childs_region_offered(cast, client_for, homes):
    child = make_child(cast)
    response = client_for("case_manager").get(f"/placements/children/{child.pk}/change/?area=abc&q={'x' * 101}")
    html = response.content.decode()
    assert response.status_code == 200 and html.count('role="alert"') == 2
    assert _options(html) == {str(homes[k].pk) for k in ("district", "village", "other_district")}


@pytest.mark.parametrize(("which", "message"), [
    ("far", "Școala-internat Cahul is not among the institutions offered (Nord): find it with the search above"),
    ("closed", "Internatul închis Bălțeni is closed: it takes no child today."),
    ("directorate", "Directorate Bălțeni is not a residential institution or family-type home."),
    ("missing", "Choose the institution from the list."),
])
def test_an_institution_outside_what_was_offered_is_refused_with_the_reason(cast, client_for, homes, which,
                                                                           message):
    child = make_child(cast)
    institution = {"directorate": cast.directorate, "missing": 999999}.get(which) or homes[which]
    response = _post(client_for("case_manager"), child, institution)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CareSetting.objects.filter(child=child).exists()


def test_a_long_list_is_cut_with_a_word_on_how_to_find_the_rest(cast, client_for, homes, monkeypatch):
    monkeypatch.setattr("careforce.placements.forms.INSTITUTIONS_LISTED", 2)
    child = make_child(cast)
    client = client_for("case_manager")
    html = client.get(f"/placements/children/{child.pk}/change/").content.decode()
    assert len(_options(html)) == 2
    assert "The first 2 institutions and homes of Nord: give part of the name or a district" in html
    # One the list leaves out is still what the search offers: choosing it (e.g. from a saved page) is accepted.
    listed = _options(html)
    left_out = next(h for k, h in homes.items() if k in ("district", "village", "other_district")
                    and str(h.pk) not in listed)
    assert _post(client, child, left_out).status_code == 302


def test_the_page_takes_the_same_queries_for_any_number_of_institutions(cast, client_for, homes,
                                                                        django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child = make_child(cast)
    client = client_for("case_manager")
    url = f"/placements/children/{child.pk}/change/"
    client.get(url)  # the session and the user's caches, as on any later page
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # Forty more institutions in four more districts of the region, in their villages.
    for d in range(4):
        district = AreaFactory(code=f"DM-N-1{d}", name=f"District {d}", level=AreaLevel.DISTRICT,
                               parent=cast.region)
        for v in range(10):
            village = AreaFactory(code=f"DM-N-1{d}-{v:03d}", name=f"Village {d}.{v}", level=AreaLevel.LOCALITY,
                                  parent=district)
            make_institution(village, name=f"Home {d}.{v}", kind=OrganisationKind.FAMILY_TYPE_HOME, places=None)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert len(_options(html)) == 43 and html.count("<optgroup") == 6
    # And a refused choice costs one query more, not one per institution.
    with django_assert_num_queries(len(few.captured_queries) + 2):  # the choice looked up, then its reason
        assert _post(client, child, homes["far"]).status_code == 400


def test_the_service_refuses_a_closed_institution(cast, homes):
    child = make_child(cast)
    with pytest.raises(ValidationError) as exc:
        services.care_setting_change(actor=cast.case_manager, child=child, kind="residential",
                                     start=dt.date(2024, 1, 1), institution=homes["closed"])
    assert "is closed" in exc.value.message_dict["institution"][0]


def test_the_api_applies_the_same_rule(cast, client_for, homes):
    child = make_child(cast)
    client = client_for("case_manager")
    url = f"/api/v1/children/{child.pk}/care-settings"

    def post(institution):
        return client.post(url, data=json.dumps({"kind": "residential", "start": "2024-01-01",
                                                 "institution": institution}), content_type="application/json")

    for institution, reason in [(homes["closed"].pk, "is closed"), (cast.directorate.pk, "not a residential"),
                                (999999, "no organisation with this number")]:
        response = post(institution)
        assert response.status_code == 400, institution
        assert reason in response.json()["errors"]["institution"][0]
    # Any open institution of the country, as the page's search reaches it.
    assert post(homes["far"].pk).status_code == 201
    assert CareSetting.objects.get(child=child).institution == homes["far"]
