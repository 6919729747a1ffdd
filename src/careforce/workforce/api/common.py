"""What the workforce endpoints share: the router, the error bodies, keys in a body and the records a body names."""

# No `from __future__ import annotations`: django-ninja reads the real annotations at import time.
from typing import Annotated

from django import forms
from ninja import Field, Router, Schema

router = Router(tags=["workforce"])


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    """A service's refusal (careforce/api.py answers every django ValidationError so): by field."""

    detail: str
    errors: dict[str, list[str]] = Field(..., description="{field: [reasons]}; __all__ for the record as a whole")


KEY = {"ge": 1, "le": 2**63 - 1}  # a bigger key no database holds: 422
Key = Annotated[int, Field(**KEY)]
# A record named in the body but not among those the page's form offers: the form's own words (translated).
NOT_OFFERED = forms.ModelChoiceField.default_error_messages["invalid_choice"]
NONE_OF = forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]


def choose(errors: dict, field: str, qs, pk: int):
    found = qs.filter(pk=pk).first()
    if found is None:
        errors[field] = [NOT_OFFERED]
    return found
