"""Certificates of completion (domain.md section 3; issue 6): issuing, revoking, checking a code, and who
may do what with a certificate.

- Completed: `completion.completed`, the one rule CPD records use too (present on every day of the
  session and, when the session gave a post-test, a post-test score). Only a completed participation
  gets a certificate.
- Issuing: those who may change the session (`services.may_change_session`: the national administrator,
  a trainer of the organising organisation or one who trains the session). Issuing twice returns the
  certificate already issued, revoked or not: a participation has one certificate for good.
- Revoking, with a reason: the same people, the session's managers and the national administrator.
- Downloading the PDF: the participant herself, the session's managers, the national administrator.
  Everyone else is answered as if the certificate did not exist.
- Checking a code: anyone, without signing in (an employer holding the paper has no account). The check
  answers the snapshot only, never the reason for a revocation, and is limited per client against guessing.
"""

from __future__ import annotations

import logging
import random
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from careforce.core.audit import audit_log, object_type_of
from careforce.core.models import AuditAction, AuditEntry, User

from .completion import completed, completed_ids
from .models import Certificate, Participation, TrainingSession
from .services import may_change_session

logger = logging.getLogger(__name__)

# Crockford's base32: digits and capitals without I, L, O and U, so a code read aloud or copied from paper
# cannot be mistaken; a typed O counts as 0 and I or L as 1. Eight characters: 32⁸ ≈ 10¹² codes, so
# guessing one at the rate the check allows would take longer than anyone keeps a certificate.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
PREFIX = "CF"
_TYPED_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})

# Checks of a code per client and minute; then 429 until the minute is over.
VERIFY_LIMIT = 20
VERIFY_WINDOW = 60  # seconds


# --- Codes ------------------------------------------------------------------------------------------------


def new_code(rng: random.Random | None = None) -> str:
    """A fresh code such as CF-7K4Q-MX2P (the demo passes its seeded generator; real codes are secret-random)."""
    choice = rng.choice if rng is not None else secrets.choice
    body = "".join(choice(ALPHABET) for _i in range(CODE_LENGTH))
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def normalise_code(raw: str) -> str | None:
    """The code as stored, from what someone typed (any case, with or without dashes, spaces or the CF),
    or None when it cannot be a code."""
    text = re.sub(r"[^0-9A-Za-z]", "", (raw or "")[:100]).upper()
    if len(text) == CODE_LENGTH + len(PREFIX) and text.startswith(PREFIX):
        text = text[len(PREFIX):]
    text = text.translate(_TYPED_AS)
    if len(text) != CODE_LENGTH or any(c not in ALPHABET for c in text):
        return None
    return f"{PREFIX}-{text[:4]}-{text[4:]}"


def fresh_codes(n: int, rng: random.Random | None = None) -> list[str]:
    """n codes used by no certificate yet: one query, repeated only in the unlikely case of a collision."""
    codes: list[str] = []
    while len(codes) < n:
        wanted = {new_code(rng) for _i in range(n - len(codes))} - set(codes)
        taken = set(Certificate.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes.extend(sorted(wanted - taken))
    return codes


# --- Who may do what --------------------------------------------------------------------------------------


def may_issue(user: User, session: TrainingSession, trainer_user_ids: set[int] | None = None) -> bool:
    return may_change_session(user, session, trainer_user_ids)


def may_revoke(user: User, session: TrainingSession, trainer_user_ids: set[int] | None = None) -> bool:
    return may_change_session(user, session, trainer_user_ids)


def may_download(user: User, certificate: Certificate) -> bool:
    """`certificate` came through the door (`certificates(user)`); this narrows it to those who print it."""
    participation = certificate.participation
    if participation.worker.user_id is not None and participation.worker.user_id == user.pk:
        return True
    return may_change_session(user, participation.session)


def certificate_language(certificate: Certificate, request_language: str) -> str:
    """The worker's language: her account's choice if she has an account and chose one, else the request's."""
    account = certificate.participation.worker.user
    return (account.language if account is not None and account.language else "") or request_language


# --- Reads ------------------------------------------------------------------------------------------------


def certificates(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.visible_to(user)


@dataclass
class SessionCertificates:
    """What the session page shows: by participation id, whether she completed and her certificate."""

    completed: set[int] = field(default_factory=set)
    by_participation: dict[int, Certificate] = field(default_factory=dict)

    @property
    def rows(self) -> dict[int, dict[str, Any]]:
        ids = self.completed | set(self.by_participation)
        return {pk: {"completed": pk in self.completed, "certificate": self.by_participation.get(pk)} for pk in ids}

    @property
    def to_issue(self) -> int:
        return len(self.completed - set(self.by_participation))


def session_certificates(user: User, session: TrainingSession) -> SessionCertificates:
    """Completion and certificates of the participants the user reads in the session: three queries."""
    visible = Participation.objects.visible_to(user).filter(session=session)
    done = set(completed(visible, session).values_list("pk", flat=True))
    issued = certificates(user).filter(participation__session=session)
    return SessionCertificates(done, {c.participation_id: c for c in issued})


def own_certificates(user: User) -> list[Certificate]:
    """Her own certificates, the latest course first (My training)."""
    return list(
        certificates(user).filter(participation__worker__user=user.pk).order_by("-starts_on", "-issued_at", "-pk")
    )


@dataclass(frozen=True)
class Verification:
    status: str  # "valid", "revoked", "unknown" (no such code), "malformed" (cannot be a code)
    code: str = ""
    facts: dict[str, Any] | None = None


# What a check answers: the paper's own words, nothing about who issued or revoked it, or why.
PUBLIC_FIELDS = (
    "code", "worker_name", "course_title", "hours", "cpd_credits", "starts_on", "ends_on", "organiser_name",
    "issued_at", "revoked_at",
)


def certificate_verify(raw: str) -> Verification:
    """Anyone's check of a code. Not scoped on purpose: holding the code is the right to check it."""
    code = normalise_code(raw)
    if code is None:
        return Verification("malformed")
    facts = Certificate.objects.filter(code=code).values(*PUBLIC_FIELDS).first()
    if facts is None:
        return Verification("unknown", code)
    return Verification("revoked" if facts["revoked_at"] else "valid", code, facts)


def verification_allowed(client: str) -> bool:
    """Count one check for `client` (an address, or an API user); False once it is over the limit this minute."""
    key = f"careforce:certificate-check:{client}"
    cache.add(key, 0, timeout=VERIFY_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the minute ended between the two calls
        cache.set(key, 1, timeout=VERIFY_WINDOW)
        count = 1
    if count == VERIFY_LIMIT + 1:
        logger.warning("certificate checks over the limit from %s", client)
    return count <= VERIFY_LIMIT


# --- Writes -----------------------------------------------------------------------------------------------


def snapshot(participation: Participation, session: TrainingSession) -> dict[str, Any]:
    """What the certificate certifies, copied so that it stays true when the records change."""
    worker, course = participation.worker, session.course
    return {
        "worker_name": f"{worker.given_name} {worker.family_name}".strip(),
        "course_title": course.title,
        "hours": course.hours,
        "cpd_credits": course.cpd_credits,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "organiser_name": session.organiser.name,
    }


def _locked_session(session: TrainingSession) -> TrainingSession:
    # Issuing for one session one at a time: two managers pressing the button together make one certificate each.
    return (
        TrainingSession.objects.select_for_update(of=("self",)).select_related("course", "organiser")
        .get(pk=session.pk)
    )


def _entry(actor: User, certificate: Certificate) -> AuditEntry:
    # The entry audit_log writes for one certificate, built here to be inserted in bulk.
    return AuditEntry(
        actor=actor, actor_username=actor.get_username(), action=AuditAction.CREATE,
        object_type=object_type_of(certificate), object_id=str(certificate.pk), summary=certificate.code,
        changes={"participation": [None, certificate.participation_id], "code": [None, certificate.code]},
    )


def certificate_issue(*, actor: User, participation: Participation) -> Certificate:
    """Issue the certificate of a completed participation; the one already issued if there is one."""
    session = participation.session
    if not may_issue(actor, session):
        raise PermissionDenied(_("Only those who run the session issue its certificates."))
    with transaction.atomic():
        session = _locked_session(session)
        existing = Certificate.objects.filter(participation=participation.pk).first()
        if existing is not None:
            return existing
        if not completed(Participation.objects.filter(pk=participation.pk), session).exists():
            raise ValidationError(
                _("%(name)s has not completed the session: a certificate needs attendance on every day and, "
                  "when the session had a post-test, a post-test score.") % {"name": participation.worker}
            )
        participation = Participation.objects.select_related("worker").get(pk=participation.pk)
        certificate = Certificate.objects.create(
            participation=participation, code=fresh_codes(1)[0], issued_by=actor, **snapshot(participation, session)
        )
        entry = _entry(actor, certificate)
        audit_log(
            actor=actor, action=entry.action, obj=certificate, summary=entry.summary, changes=entry.changes
        )
    return certificate


@dataclass(frozen=True)
class BulkIssue:
    issued: list[Certificate]
    completed: int  # participants who completed the session
    already: int  # of them, those who had a certificate before


def certificates_issue_completed(*, actor: User, session: TrainingSession) -> BulkIssue:
    """A certificate for everyone who completed the session and has none yet, in one transaction and a
    constant number of queries however many took part."""
    if not may_issue(actor, session):
        raise PermissionDenied(_("Only those who run the session issue its certificates."))
    with transaction.atomic():
        session = _locked_session(session)
        done = completed_ids(session)
        todo = list(
            Participation.objects.filter(pk__in=done, certificate__isnull=True).select_related("worker")
            .order_by("worker__family_name", "worker__given_name", "pk")
        )
        new = [
            Certificate(participation=p, code=code, issued_by=actor, **snapshot(p, session))
            for p, code in zip(todo, fresh_codes(len(todo)), strict=True)
        ]
        Certificate.objects.bulk_create(new)
        AuditEntry.objects.bulk_create([_entry(actor, c) for c in new])
    return BulkIssue(issued=new, completed=len(done), already=len(done) - len(new))


def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason (shown to those who run the session, never on the public check)."""
    if not may_revoke(actor, certificate.participation.session):
        raise PermissionDenied(_("Only those who run the session revoke its certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise ValidationError(
                _("This certificate was already revoked on %(date)s.")
                % {"date": date_format(timezone.localdate(certificate.revoked_at))}
            )
        certificate.revoked_at, certificate.revoked_by, certificate.revoke_reason = timezone.now(), actor, reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_log(
            actor=actor, action=AuditAction.UPDATE, obj=certificate, summary=_("Certificate revoked"),
            changes={"revoked_at": [None, certificate.revoked_at.isoformat()], "revoke_reason": [None, reason]},
        )
    return certificate
