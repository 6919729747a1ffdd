"""Certificates on the session page and on My training, without those pages' views knowing of them: each
tag asks the certificate selectors for the signed-in user (a few queries, however many participants)."""

from __future__ import annotations

from django import template

from careforce.training import certificates as certs

register = template.Library()


@register.simple_tag(takes_context=True)
def session_certificates(context, session) -> dict:
    """{"rows": {participation id: {"completed", "certificate"}}, "completed": n, "to_issue": n,
    "may_issue": bool}."""
    user = context["request"].user
    found = certs.session_certificates(user, session)
    # The session page knows already whether she may change the session; ask only when it does not.
    may = context.get("may_change")
    may = certs.may_issue(user, session) if may is None else bool(may)
    return {"rows": found.rows, "completed": len(found.completed), "to_issue": found.to_issue, "may_issue": may}


@register.simple_tag(takes_context=True)
def own_certificates(context) -> list:
    """Her certificates, the latest course first."""
    return certs.own_certificates(context["request"].user)
