from __future__ import annotations

from tests.cases.conftest import make_child, open_case  # noqa: F401  (the cases' fixtures, reused here)
from tests.training.conftest import training  # noqa: E402, F401  (sessions, trainers and participants)
