"""The API's pagination: ninja's limit/offset, with the offset bounded as the limit already is. An
unbounded offset reaches the database as OFFSET 10^25 and fails there (a 500); bounded, it is a 422 with
the reason, like any other out-of-range parameter."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 2**31 - 1  # far past any list Careforce holds, and within every database's integer


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ShapedRows:
    """A queryset presented to the paginator as rows already shaped for the response schema (`shape(row)`):
    only the page is read, and shaped."""

    def __init__(self, qs, shape):
        self.qs, self.shape = qs, shape

    def count(self) -> int:
        return self.qs.count()

    def all(self):
        return self

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        rows = self.qs[item]
        return [self.shape(r) for r in rows] if isinstance(item, slice) else self.shape(rows)
