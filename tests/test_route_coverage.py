"""Every route of the product appears in some app's permission matrix."""

from __future__ import annotations

from django.urls import get_resolver

from tests.cases import test_permissions as cases_matrix
from tests.cases import test_support_permissions as support_matrix
from tests.core import test_job_permissions as job_matrix
from tests.core import test_permissions as core_matrix
from tests.evidence import test_api_permissions as evidence_api_matrix
from tests.evidence import test_dashboard_permissions as dashboard_matrix
from tests.evidence import test_report_permissions as report_matrix
from tests.evidence import test_staffing_permissions as staffing_matrix
from tests.people import test_permissions as people_matrix
from tests.placements import test_permissions as placements_matrix
from tests.referrals import test_permissions as referrals_matrix
from tests.training import test_certificate_permissions as certificate_matrix
from tests.training import test_development_permissions as development_matrix
from tests.training import test_permissions as training_matrix
from tests.workforce import test_import_permissions as import_matrix
from tests.workforce import test_permissions as workforce_matrix
from tests.workforce import test_registry_permissions as registry_matrix
from tests.workforce import test_supervision_permissions as supervision_matrix

MATRICES = [
    core_matrix.PAGES + core_matrix.API + core_matrix.PUBLIC,
    people_matrix.ROUTES,
    people_matrix.POST_ROUTES,
    cases_matrix.ROUTES,
    referrals_matrix.ROUTES,
    support_matrix.ROUTES,
    workforce_matrix.ROUTES,
    registry_matrix.ROUTES,
    staffing_matrix.ROUTES,
    evidence_api_matrix.ROUTES,
    dashboard_matrix.ROUTES,
    report_matrix.ROUTES,
    job_matrix.ROUTES,
    import_matrix.ROUTES,
    development_matrix.ROUTES,
    supervision_matrix.ROUTES,
    placements_matrix.ROUTES,
    training_matrix.ROUTES,
    certificate_matrix.ROUTES,
    certificate_matrix.POSTS,
    [(route, statuses) for _method, route, _body, statuses in workforce_matrix.WRITES],
]
# POST-only routes and Django's admin are tested in their own tests.
SKIPPED = ("admin/", "i18n/", "accounts/logout/", "accounts/password/done/", "account/tokens/")


def _patterns(patterns, prefix=""):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def _shape(path: str) -> str:
    """/people/<int:pk>/edit/ and /people/{child}/edit/ both become /people/*/edit/."""
    import re

    path = path.split("?")[0].replace("^", "").replace("$", "")
    path = re.sub(r"<[^>]+>|\{[^}]+\}|\d+", "*", path)
    return "/" + path.lstrip("/")


def test_every_route_is_in_a_matrix():
    covered = {_shape(route) for matrix in MATRICES for route, _ in matrix}
    missing = [
        p
        for p in _patterns(get_resolver().url_patterns)
        if not p.startswith(SKIPPED) and _shape(p) not in covered and _shape(p).rstrip("/") not in covered
    ]
    assert not missing, f"routes without a row in a permission matrix: {missing}"
