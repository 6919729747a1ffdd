from .assessments import assessment_complete, assessment_save, assessment_start
from .cases import (
    case_approve_closure,
    case_change_risk,
    case_open,
    case_reopen,
    case_request_closure,
    case_return_closure,
    case_transfer,
    concern_add,
)
from .common import EditConflict, can_approve, can_work, can_work_on_page
from .plans import (
    action_add,
    action_done,
    goal_add,
    plan_approve,
    plan_create,
    plan_return,
    plan_submit,
    plan_update,
)
from .work import contact_record, task_add, task_done

__all__ = [
    "EditConflict",
    "action_add",
    "action_done",
    "assessment_complete",
    "assessment_save",
    "assessment_start",
    "can_approve",
    "can_work",
    "can_work_on_page",
    "case_approve_closure",
    "case_change_risk",
    "case_open",
    "case_reopen",
    "case_request_closure",
    "case_return_closure",
    "case_transfer",
    "concern_add",
    "contact_record",
    "goal_add",
    "plan_approve",
    "plan_create",
    "plan_return",
    "plan_submit",
    "plan_update",
    "task_add",
    "task_done",
]
