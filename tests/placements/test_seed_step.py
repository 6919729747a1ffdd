"""The demo generator's care histories stay valid for every child, babies included."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from careforce.demo.generator.context import SCALES, Context
from careforce.demo.generator.placements import build_placements
from careforce.placements.models import CareSetting
from tests.cases.conftest import make_child, open_case  # noqa: F401  (fixtures)


def test_a_baby_with_a_case_stays_with_her_parents(cast, make_child, open_case):  # noqa: F811
    today = timezone.localdate()
    # The national seed once placed a ten-day-old child before her birth (a setting ending before it began).
    baby = make_child(given="Ana", birth=(today - timedelta(days=10)).isoformat())
    open_case(child=baby, opened_on=today - timedelta(days=2))
    older = make_child(given="Ion", birth="2015-03-12")
    open_case(child=older, opened_on=today - timedelta(days=300))
    # Several seeds: a quarter of the children with a protection case would be placed.
    for seed in range(20):
        CareSetting.objects.all().delete()
        ctx = Context(scale=SCALES["demo"], seed=seed, progress=False)
        ctx.country = cast.country
        build_placements(ctx)
        settings = list(CareSetting.objects.filter(child=baby))
        assert [(s.kind, s.start, s.end) for s in settings] == [("family", baby.birth_date, None)]
        for setting in CareSetting.objects.all():
            assert setting.end is None or setting.end >= setting.start
