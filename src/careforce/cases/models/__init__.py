from .assessment import Answer, Assessment, AssessmentKind, Domain, DomainKind, Instrument, Question
from .case import Case, CaseEvent, CaseStatus, CaseType, Concern, EventKind, ReporterKind, RiskLevel, Transfer
from .plan import Action, Goal, Plan, PlanStatus
from .standards import Anchor, CaseDeadline, PublicHoliday, StandardStep
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
    "Domain",
    "DomainKind",
    "EventKind",
    "Goal",
    "Instrument",
    "Plan",
    "PlanStatus",
    "PublicHoliday",
    "Question",
    "ReporterKind",
    "RiskLevel",
    "StandardStep",
    "Task",
    "Transfer",
]
