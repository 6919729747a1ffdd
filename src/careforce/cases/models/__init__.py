from .assessment import Answer, Assessment, AssessmentKind, Domain, DomainKind, Instrument, Question
from .case import Case, CaseEvent, CaseStatus, CaseType, Concern, EventKind, ReporterKind, RiskLevel, Transfer
from .plan import Action, Goal, Plan, PlanStatus
from .standards import Anchor, CaseDeadline, PublicHoliday, StandardStep
from .support import (
    Currency,
    PrimaryKind,
    PrimarySupport,
    SupportDecision,
    SupportForm,
    SupportPayment,
)
from .work import Contact, ContactKind, Task

__all__ = [
    "Action",
    "Anchor",
    "Answer",
    "Assessment",
    "AssessmentKind",
    "Case",
    "CaseDeadline",
    "CaseEvent",
    "CaseStatus",
    "CaseType",
    "Concern",
    "Contact",
    "ContactKind",
    "Currency",
    "Domain",
    "DomainKind",
    "EventKind",
    "Goal",
    "Instrument",
    "Plan",
    "PlanStatus",
    "PrimaryKind",
    "PrimarySupport",
    "PublicHoliday",
    "Question",
    "ReporterKind",
    "RiskLevel",
    "StandardStep",
    "SupportDecision",
    "SupportForm",
    "SupportPayment",
    "Task",
    "Transfer",
]
