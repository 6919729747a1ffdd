"""Workforce endpoints: the registry (workers, posts, assignments), supervision, the indicators, and the WISN
staffing-need calculator. Each module adds its endpoints to the one router."""

from . import figures, registry, staffing, supervision  # noqa: F401  (each registers its endpoints)
from .common import router

__all__ = ["router"]
