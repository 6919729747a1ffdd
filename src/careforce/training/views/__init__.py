"""Training pages (domain.md section 3): courses and sessions, a worker's development (CPD and
competencies), and the figures (CPD compliance, the training needs analysis)."""

from .development import assess, cpd_add, cpd_delete, my_development, worker_development  # noqa: F401
from .figures import course_impact, cpd_compliance, needs  # noqa: F401
from .sessions import (  # noqa: F401
    competencies,
    course_detail,
    course_edit,
    course_list,
    my_training,
    participants_add,
    session_cascade,
    session_detail,
    session_edit,
    session_list,
    session_scores,
)
