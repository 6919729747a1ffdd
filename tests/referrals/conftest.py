from __future__ import annotations

from datetime import date

import pytest

from careforce.referrals import services
from tests.cases.conftest import case, make_child, open_case  # noqa: F401  (shared fixtures)
from tests.referrals.factories import ServiceFactory


@pytest.fixture
def counselling(cast):
    """A service of another directorate (Florești): its case manager `othercm` is the receiver."""
    return ServiceFactory(organisation=cast.other_directorate, name="Family counselling Florești")


@pytest.fixture
def refer(cast):
    def make(for_case, service, *, actor=None, urgency="routine", **kw):
        data = dict(consent_by="parent", consent_to="share the child's needs", consent_on=date(2026, 1, 6))
        data.update(kw)
        return services.referral_create(
            actor=actor or cast.case_manager, case=for_case, service=service, reason="Parenting stress.",
            urgency=urgency, **data,
        )

    return make
