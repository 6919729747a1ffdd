"""Who sees which worker rows: the STAFF rules of the access door applied to the registry."""

from __future__ import annotations

import pytest

from careforce.workforce.models import Cadre, Worker
from tests.workforce.factories import WorkerFactory


@pytest.fixture
def registry(cast):
    return {
        "cm": WorkerFactory(organisation=cast.directorate, user=cast.case_manager),
        "sup": WorkerFactory(organisation=cast.directorate, user=cast.supervisor, cadre=Cadre.SUPERVISOR),
        "colleague": WorkerFactory(organisation=cast.directorate, cadre=Cadre.PSYCHOLOGIST),
        "assistant": WorkerFactory(organisation=cast.municipal, user=cast.assistant, cadre=Cadre.COMMUNITY_ASSISTANT),
        "village_volunteer": WorkerFactory(organisation=cast.municipal, cadre=Cadre.VOLUNTEER),
        "other": WorkerFactory(organisation=cast.other_directorate, user=cast.other_case_manager),
        "far": WorkerFactory(organisation=cast.far_directorate, user=cast.far_case_manager),
        "trainer": WorkerFactory(organisation=cast.training_centre, user=cast.trainer, cadre=Cadre.SOCIAL_WORKER),
    }


EXPECTED = {
    "admin": {"cm", "sup", "colleague", "assistant", "village_volunteer", "other", "far", "trainer"},
    # Her region's subtree: both northern districts and the village, not the south nor the national centre.
    "regional": {"cm", "sup", "colleague", "assistant", "village_volunteer", "other"},
    # Her organisation and the people she supervises (the assistant works for the municipality).
    "supervisor": {"cm", "sup", "colleague", "assistant"},
    # Colleagues of her organisation.
    "case_manager": {"cm", "sup", "colleague"},
    "assistant": {"assistant", "village_volunteer"},
    "volunteer": {"assistant", "village_volunteer"},
    "other_case_manager": {"other"},
    "trainer": {"trainer"},
    # Aggregates only: the analyst has no worker record here, so she sees no row at all.
    "analyst": set(),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_who_sees_which_worker(cast, registry, persona):
    names = {pk: name for name, pk in ((n, w.pk) for n, w in registry.items())}
    seen = {names[pk] for pk in Worker.objects.visible_to(cast.persona(persona)).values_list("pk", flat=True)}
    assert seen == EXPECTED[persona]


def test_the_analyst_sees_only_herself_even_when_she_has_a_worker_record(cast, registry):
    own = WorkerFactory(organisation=cast.national_authority, user=cast.analyst, cadre=Cadre.SOCIAL_WORKER)
    assert list(Worker.objects.visible_to(cast.analyst)) == [own]


def test_a_deactivated_user_sees_nothing(cast, registry):
    cast.case_manager.is_active = False
    cast.case_manager.save()
    assert not Worker.objects.visible_to(cast.case_manager).exists()
