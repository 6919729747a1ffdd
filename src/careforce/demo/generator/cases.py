"""Cases for the demo country: every state of the lifecycle, with realistic dates, some steps late and some
overdue, so that `make run` shows a lived-in system and the national scale measures real volumes.

Each case's life is simulated from the day it was opened: the initial assessment a few days later (now and
then too late), the comprehensive one weeks after, the plan, monthly visits, reviews, closure for many older
cases. Whatever would fall after today has not happened yet, which gives the case its current state. The
standards clock is then computed by the same code as in the product (cases.clock.compute).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from careforce.cases import clock
from careforce.cases.models import (
    Action,
    Answer,
    Assessment,
    Case,
    CaseDeadline,
    CaseEvent,
    Concern,
    Contact,
    Goal,
    Plan,
    Question,
    Task,
)
from careforce.core.roles import CASE_HOLDING_ROLES
from careforce.people.models import Person

from .context import Context
from .people import insert

CASES = {"demo": 150, "small": 6_000, "national": 250_000}
CHUNK = 5_000

CONCERNS_RO = [
    ("school", "Copilul lipsește des de la școală și vine flămând la ore."),
    ("health", "Medicul de familie a observat semne de neglijare: copilul nu este vaccinat și slăbit."),
    ("neighbour", "Vecinii spun că micuțul rămâne singur acasă seara, părinții fiind plecați la muncă."),
    ("police", "Poliția a găsit copilul pe stradă noaptea târziu; mama consumă alcool."),
    ("volunteer", "Părinții au plecat peste hotare; bunica bolnavă nu mai poate avea grijă de copii."),
    ("family", "Mama cere ajutor: nu are venit și riscă să fie evacuată din locuință."),
    ("school", "Dirigintele semnalează vânătăi pe brațele copilului și un comportament retras."),
    ("health", "Copil cu dizabilitate, familia nu are acces la servicii de reabilitare."),
]
CONCERNS_RU = [
    ("school", "Ребёнок часто пропускает школу и приходит голодным."),
    ("neighbour", "Соседи сообщают, что ребёнок остаётся один дома по вечерам."),
    ("police", "Полиция нашла ребёнка на улице поздно ночью; мать злоупотребляет алкоголем."),
    ("family", "Мать просит помощи: нет дохода, семье грозит выселение."),
]
GOALS_RO = [
    ("Copilul frecventează școala zilnic", "Întâlnire cu dirigintele și plan de recuperare", "school"),
    ("Familia are un venit stabil", "Dosar pentru ajutor social", "municipal"),
    ("Locuința este sigură pentru copil", "Repararea sobei înainte de iarnă", "other"),
    ("Copilul primește îngrijire medicală", "Vizită la medicul de familie și vaccinare", "health"),
    ("Părinții își îmbunătățesc abilitățile parentale", "Participare la grupul de sprijin pentru părinți", "ngo"),
]
VISIT_NOTES_RO = [
    "Copilul a fost acasă, curat și hrănit. Mama a urmat recomandările.",
    "Am discutat cu bunica despre programul școlar. Situația se ameliorează.",
    "Locuința rece; am convenit cu primăria livrarea de lemne.",
    "Tatăl nu a fost acasă. Copilul spune că merge la școală.",
    "Familia a primit ajutorul material; cumpărături pentru școală făcute.",
]
VISIT_NOTES_RU = ["Ребёнок дома, накормлен. Мать выполняет рекомендации.", "Обсудили с бабушкой посещение школы."]


@dataclass
class _Life:
    """One simulated case: its dates and rows before insertion."""

    case: dict[str, Any]
    actor_role: str = ""  # the case holder's role, copied onto her events
    events: list[tuple[str, date]] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))


def _days(rng, lo: int, hi: int) -> timedelta:
    return timedelta(days=rng.randint(lo, hi))


class _Simulator:
    def __init__(self, ctx: Context, steps, holidays, questions):
        self.ctx = ctx
        self.rng = ctx.rng("cases")
        self.today = timezone.localdate()
        self.steps, self.holidays = steps, holidays
        self.protective = [q for q in questions if q.domain.kind == "protective"]
        self.all_questions = questions

    def opened_on(self) -> date:
        # More recent cases than old ones: caseloads grew as the reform went on.
        back = int(1100 * (self.rng.random() ** 1.6))
        return self.today - timedelta(days=back)

    def life(self, child: dict, worker, russian: bool, volunteer=None, recent: bool = False) -> _Life:
        rng, today = self.rng, self.today
        # The fixed demo logins work mostly recent cases, so their trays are full of open work.
        opened_on = today - timedelta(days=rng.randint(2, 330)) if recent else self.opened_on()
        opened = max(opened_on, child["birth_date"] + timedelta(days=30))
        risk = rng.choices(["high", "medium", "low"], [15, 45, 40])[0]
        kind = rng.choices(["protection", "prevention", "reintegration"], [50, 40, 10])[0]
        life = _Life(case={
            "child_id": child["id"], "case_type": kind, "status": "screening", "risk_level": risk,
            "organisation_id": worker.organisation_id, "area_id": child["area_id"], "case_manager_id": worker.pk,
            "opened_on": opened, "created_at": _at(opened),
        }, actor_role=worker.role)
        reporter, text = rng.choice(CONCERNS_RU if russian else CONCERNS_RO)
        if volunteer is not None:
            reporter = "volunteer"
        life.rows["concern"].append({"reported_on": opened, "reporter_kind": reporter, "description": text,
                                     "recorded_by_id": (volunteer or worker).pk, "recorded_at": _at(opened)})
        life.events.append(("opened", opened))
        by = worker.pk

        # Initial assessment: usually within the standard's days, sometimes late.
        initial = opened + (_days(rng, 0, 2) if risk == "high" else _days(rng, 1, 5))
        if rng.random() < 0.15:
            initial += _days(rng, 3, 12)
        if initial > today:
            return self._finish(life, worker, russian)
        life.rows["assessment"].append({"kind": "initial", "started_on": opened, "completed_on": initial,
                                        "needs": text, "narrative": text, "by_id": by})
        life.events.append(("initial_assessment", initial))
        life.case["status"] = "assessment"

        comprehensive = initial + _days(rng, 12, 40) + (_days(rng, 5, 30) if rng.random() < 0.15 else timedelta())
        if comprehensive > today:
            return self._finish(life, worker, russian)
        base = rng.randint(1, 3)
        life.rows["assessment"].append({
            "kind": "comprehensive", "started_on": initial, "completed_on": comprehensive, "by_id": by,
            "strengths": "Bunica este implicată și iubitoare." if not russian else "Бабушка заботится о ребёнке.",
            "needs": text, "scores": {q.pk: min(5, max(1, base + rng.randint(-1, 1))) for q in self.questions()},
        })
        life.events.append(("comprehensive_assessment", comprehensive))
        life.case["status"] = "planning"

        submitted = comprehensive + _days(rng, 3, 14)
        approved = submitted + _days(rng, 1, 6)
        plan = {"number": 1, "status": "draft", "created_by_id": by,
                "child_view": "" if rng.random() < 0.1 else "Vreau să rămân cu familia mea.",
                "parents_view": "Suntem de acord cu planul." if not russian else "Согласны с планом."}
        life.rows["plan"].append(plan)
        if submitted > today:
            return self._finish(life, worker, russian)
        plan.update(status="submitted", submitted_on=submitted)
        life.events.append(("plan_submitted", submitted))
        if approved > today:
            return self._finish(life, worker, russian)
        plan.update(status="approved", decided_on=approved, decided_by_id=worker.supervisor_id or by)
        life.events.append(("plan_approved", approved))
        life.case["status"] = "implementation"

        # Implementation: visits about monthly, reviews every three to six months, scores improving.
        visit, review, score = approved, approved, base
        closing_after = approved + _days(rng, 120, 540)
        while True:
            visit = visit + _days(rng, 18, 45) + (_days(rng, 10, 40) if rng.random() < 0.1 else timedelta())
            if visit > today or visit > closing_after:
                break
            life.rows["contact"].append({"kind": "home_visit", "on": visit, "by_id": (volunteer or worker).pk
                                         if volunteer and rng.random() < 0.3 else by,
                                         "notes": rng.choice(VISIT_NOTES_RU if russian else VISIT_NOTES_RO)})
            life.events.append(("home_visit", visit))
            if (visit - review).days >= rng.randint(85, 190):
                review = visit
                score = min(5, score + rng.choice([0, 1, 1]))
                life.rows["assessment"].append({
                    "kind": "review", "started_on": visit, "completed_on": visit, "by_id": by, "strengths": "—",
                    "scores": {q.pk: min(5, max(1, score + rng.randint(-1, 0))) for q in self.protective},
                })
                life.events.append(("review", visit))
        if closing_after <= today:
            recent = (today - closing_after).days < 25
            if recent and rng.random() < 0.6:
                # Closure asked for in the last weeks: waiting for the supervisor.
                life.case.update(status="closure_requested", closure_reason="goals_met", closure_outcome="at_home",
                                 closure_note="Familia este stabilă; propun închiderea.")
                life.events.append(("closure_requested", closing_after))
            elif rng.random() < 0.85:
                life.case.update(status="closed", closed_on=closing_after, closure_reason="goals_met",
                                 closure_outcome="at_home" if kind != "reintegration" else "kinship",
                                 closure_note="Obiectivele planului au fost atinse.")
                life.events += [("closure_requested", closing_after), ("closed", closing_after)]
        return self._finish(life, worker, russian)

    def questions(self):
        # The demo shows a full instrument; the national scale keeps the protective factors (the figures).
        return self.all_questions if self.ctx.scale.name == "demo" else self.protective

    def _finish(self, life: _Life, worker, russian: bool) -> _Life:
        rng = self.rng
        case = life.case
        if case["status"] not in ("closed",) and rng.random() < 0.5:
            due = self.today + _days(rng, -10, 20)
            life.rows["task"].append({"title": "Sună la școală" if not russian else "Позвонить в школу",
                                      "due_on": max(due, case["opened_on"]), "assigned_to_id": worker.pk,
                                      "created_by_id": worker.pk})
        for plan in life.rows["plan"]:
            for goal, action, _kind in rng.sample(GOALS_RO, 2):
                plan.setdefault("goals", []).append((goal, action))
        return life


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class _Event:
    """What clock.compute reads of an event, without a database row."""

    def __init__(self, kind: str, on: date, seq: int):
        self.kind, self.on, self.at = kind, on, _at(on) + timedelta(seconds=seq)


class _CaseView:
    def __init__(self, row: dict):
        self.opened_on, self.risk_level, self.status = row["opened_on"], row["risk_level"], row["status"]
        self.closed_on = row.get("closed_on")


def build_cases(ctx: Context) -> None:
    target = CASES.get(ctx.scale.name, 0)
    if not target:
        return
    steps, holidays = clock.active_steps(), clock.holidays()
    questions = list(Question.objects.select_related("domain").order_by("domain__order", "order"))
    sim = _Simulator(ctx, steps, holidays, questions)
    rng = sim.rng

    district_of = {loc.pk: d_pk for d_pk, locs in ctx.localities_of.items() for loc in locs}
    holders: dict[int, list] = defaultdict(list)
    for user in ctx.users:
        if user.role in CASE_HOLDING_ROLES and user.organisation_id:
            holders[district_of.get(user.organisation.area_id, user.organisation.area_id)].append(user)
    by_pk = {u.pk: u for u in ctx.users}
    adult = sim.today.replace(year=sim.today.year - 18)
    children = list(
        Person.objects.filter(birth_date__gt=adult, merged_into__isnull=True, area__isnull=False)
        .exclude(pk__in=ctx.extra.get("people_duplicate_ids", ()))
        .values("id", "area_id", "birth_date", "registered_by_id", "given_name")
        .order_by("id")
    )
    rng.shuffle(children)
    children = children[: min(target, len(children))]

    logins = ctx.logins
    focus = {logins[n].pk: n for n in ("casemanager", "assistant") if n in logins}
    plan_for_focus = {"casemanager": 14, "assistant": 8}
    given = defaultdict(int)

    def worker_for(child: dict):
        registrar = by_pk.get(child["registered_by_id"])
        district = district_of.get(child["area_id"])
        # The fixed logins get a full tray first, from the children of their own district.
        for pk, name in focus.items():
            user = by_pk[pk]
            if district_of.get(user.organisation.area_id, user.organisation.area_id) == district \
                    and given[name] < plan_for_focus[name]:
                given[name] += 1
                return user
        if registrar is not None and registrar.role in CASE_HOLDING_ROLES:
            return registrar
        pool = holders.get(district) or [u for us in holders.values() for u in us]
        return rng.choice(pool)

    volunteer = logins.get("volunteer")
    attached = 0
    for start in ctx.bar(range(0, len(children), CHUNK), _("Cases"), total=-(-len(children) // CHUNK)):
        lives = []
        for child in children[start:start + CHUNK]:
            worker = worker_for(child)
            russian = child["given_name"][:1] >= "\u0400"
            vol = None
            if volunteer is not None and worker.pk == logins.get("assistant", worker).pk and attached < 3:
                vol, attached = volunteer, attached + 1
            lives.append(sim.life(child, worker, russian, vol, recent=worker.pk in focus))
        _save(lives, steps, holidays, volunteer_pk=volunteer.pk if volunteer else None, ctx=ctx)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = [m._meta.db_table for m in (Case, CaseEvent, CaseDeadline, Contact, Assessment, Answer, Plan)]
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _save(lives: list[_Life], steps, holidays, *, volunteer_pk: int | None, ctx: Context) -> None:
    for life in lives:
        events = [_Event(kind, on, i) for i, (kind, on) in enumerate(life.events)]
        deadlines = clock.compute(_CaseView(life.case), events, steps, holidays)
        pending = sorted((d for d in deadlines if d.done_on is None), key=lambda d: d.due_on)
        if life.case["status"] != "closed" and pending:
            life.case["next_due_on"], life.case["next_due_step"] = pending[0].due_on, pending[0].step.code
        life.rows["deadline"] = [{"step_id": d.step.pk, "occurrence": d.occurrence, "due_on": d.due_on,
                                  "done_on": d.done_on} for d in deadlines]
    insert(Case, [life.case for life in lives])

    def child_rows(key: str) -> list[dict]:
        out = []
        for life in lives:
            for row in life.rows.get(key, []):
                row["case_id"] = life.case["id"]
                out.append(row)
        return out

    insert(Concern, child_rows("concern"))
    insert(CaseEvent, [{"case_id": life.case["id"], "kind": kind, "on": on, "actor_id": life.case["case_manager_id"],
                        "area_id": life.case["area_id"], "actor_role": life.actor_role,
                        "at": _at(on) + timedelta(seconds=i)}
                       for life in lives for i, (kind, on) in enumerate(life.events)])
    insert(CaseDeadline, child_rows("deadline"))
    insert(Contact, [{**r, "child_seen": True, "recorded_at": _at(r["on"])} for r in child_rows("contact")])
    insert(Task, child_rows("task"))
    assessments = child_rows("assessment")
    scores = [a.pop("scores", {}) for a in assessments]
    insert(Assessment, assessments)
    insert(Answer, [{"assessment_id": a["id"], "question_id": q, "score": s, "note": ""}
                    for a, sc in zip(assessments, scores, strict=True) for q, s in sc.items()])
    plans = child_rows("plan")
    goal_lists = [p.pop("goals", []) for p in plans]
    insert(Plan, plans)
    goals, actions = [], []
    for plan, items in zip(plans, goal_lists, strict=True):
        for order, (goal_text, action_text) in enumerate(items, start=1):
            goal = {"plan_id": plan["id"], "text": goal_text, "order": order}
            goals.append((goal, action_text, plan))
    insert(Goal, [g for g, _a, _p in goals])
    for goal, action_text, plan in goals:
        due = (plan.get("decided_on") or plan.get("submitted_on") or timezone.localdate()) + timedelta(days=60)
        actions.append({"goal_id": goal["id"], "text": action_text, "responsible_other": "familia", "due_on": due})
    insert(Action, actions)
    if volunteer_pk:
        through = Case.volunteers.through
        links = [{"case_id": life.case["id"], "user_id": volunteer_pk} for life in lives
                 if any(r.get("recorded_by_id") == volunteer_pk for r in life.rows["concern"])]
        insert(through, links)
    counts = ctx.counts
    counts["cases"] += len(lives)
    counts["case events"] += sum(len(life.events) for life in lives)
    counts["visits"] += sum(len(life.rows.get("contact", [])) for life in lives)


__all__ = ["CASES", "build_cases"]


def reset_cases(country) -> None:
    """Cases go before the people they protect (a child's record is protected while a case holds it)."""
    Case.objects.filter(area__path__startswith=country.path).delete()
