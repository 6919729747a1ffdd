"""Training of the workforce (domain.md section 3), one module per part: the competency framework and
courses; sessions, participations and attendance (the cascade is in them)."""

from .assessments import AssessmentKind, CompetencyAssessment, CompetencyRating  # noqa: F401
from .certificates import Certificate  # noqa: F401
from .cpd import CpdKind, CpdRecord, CpdRequirement  # noqa: F401
from .framework import (  # noqa: F401
    MAX_LEVEL,
    Competency,
    CompetencyRequirement,
    Course,
    CourseKind,
    CourseMaterial,
    ProficiencyLevel,
)
from .sessions import (  # noqa: F401
    Attendance,
    Participation,
    TrainingSession,
    participant_worker_grant,
)
