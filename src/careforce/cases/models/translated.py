from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


class Translated(models.Model):
    """Reference data written by administrators in the three languages (not through gettext)."""

    name = models.CharField(max_length=200)
    name_ro = models.CharField(max_length=200, blank=True)
    name_ru = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        lang = (get_language() or "en")[:2]
        return getattr(self, f"name_{lang}", "") or self.name
