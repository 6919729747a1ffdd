"""The access door on its own: which rows each role sees, for staff data and for case data."""

from __future__ import annotations

import pytest
from django.db import models

from careforce.core import access
from careforce.core.models import User
from careforce.core.roles import Role


def visible_usernames(viewer, policy=None) -> set[str]:
    if policy is None:
        qs = User.objects.visible_to(viewer)
    else:
        qs = User.objects.filter(access.visible_q(viewer, policy))
    return set(qs.values_list("username", flat=True))


def test_national_admin_sees_everyone(cast):
    assert visible_usernames(cast.admin) == set(User.objects.values_list("username", flat=True))


def test_regional_manager_sees_her_region_only(cast):
    seen = visible_usernames(cast.regional)
    assert {"supervisor", "casemanager", "assistant", "volunteer", "othercm", "regional"} <= seen
    assert "farcm" not in seen  # another region
    assert "admin" not in seen and "trainer" not in seen  # national-level organisations


def test_supervisor_sees_her_organisation_and_her_supervisees(cast):
    seen = visible_usernames(cast.supervisor)
    assert seen == {"supervisor", "casemanager", "assistant"}  # assistant: another organisation, supervised


def test_case_manager_sees_her_colleagues_not_other_organisations(cast):
    assert visible_usernames(cast.case_manager) == {"supervisor", "casemanager"}


def test_analyst_sees_only_herself(cast):
    assert visible_usernames(cast.analyst) == {"analyst"}


def test_inactive_or_anonymous_see_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert visible_usernames(AnonymousUser()) == set()
    cast.case_manager.is_active = False
    assert visible_usernames(cast.case_manager) == set()


def test_changeable_is_narrower_than_visible(cast):
    changeable = set(User.objects.changeable_by(cast.supervisor).values_list("username", flat=True))
    assert changeable == {"supervisor", "casemanager", "assistant"}
    assert set(User.objects.changeable_by(cast.case_manager).values_list("username", flat=True)) == {
        "casemanager"
    }


# Case data: the same door, read by assignment and supervision line. Users stand in for cases here:
# each "case" row is a user whose `supervisor` is the worker assigned to it.
CASE_POLICY = access.Policy(
    kind=access.CASE,
    area="organisation__area",
    organisation="organisation",
    assignee="supervisor",
    supervisor="supervisor__supervisor",
    attached="supervisor",
)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", "all"),
        ("regional", {"casemanager", "assistant", "volunteer", "othercm"}),  # every row in region N
        ("supervisor", {"casemanager", "assistant", "volunteer"}),  # hers and her supervisees'
        ("assistant", {"volunteer"}),  # assigned to her
        ("case_manager", set()),
        ("trainer", set()),
        ("analyst", set()),
    ],
)
def test_case_policy_by_role(cast, persona, expected):
    viewer = cast.persona(persona)
    seen = visible_usernames(viewer, CASE_POLICY)
    if expected == "all":
        assert seen == set(User.objects.values_list("username", flat=True))
    else:
        assert seen & {"casemanager", "assistant", "volunteer", "othercm", "farcm"} == expected


def test_grants_extend_a_policy(cast):
    policy = access.Policy(kind=access.CASE, assignee="pk")
    policy.add_grant(lambda user: models.Q(username="farcm") if user.role == Role.TRAINER else access.NOTHING)
    assert visible_usernames(cast.trainer, policy) == {"farcm"}
    assert visible_usernames(cast.analyst, policy) == set()


class _Record(models.Model):
    """A model declared only to test field marking; never migrated."""

    note = models.TextField()
    abuse_details = access.sensitive(models.TextField())

    class Meta:
        app_label = "core"
        managed = False

    def __str__(self) -> str:
        return self.note


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("admin", True),
        ("supervisor", True),
        ("case_manager", True),
        ("assistant", True),
        ("volunteer", False),
        ("analyst", False),
        ("trainer", False),
    ],
)
def test_sensitive_fields_hidden_from_roles_without_need(cast, persona, sees):
    user = cast.persona(persona)
    assert access.sensitive_field_names(_Record) == {"abuse_details"}
    assert access.may_see_field(user, _Record, "abuse_details") is sees
    assert access.may_see_field(user, _Record, "note") is True
    row = {"note": "visit went well", "abuse_details": "…"}
    assert ("abuse_details" in access.redact(user, _Record, row)) is sees
    assert access.visible_fields(user, _Record, ["note", "abuse_details"]) == (
        ["note", "abuse_details"] if sees else ["note"]
    )
