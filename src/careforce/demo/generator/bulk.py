"""Inserting generated rows fast: COPY on PostgreSQL, bulk_create elsewhere."""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone

from .context import BATCH_SIZE

Row = dict[str, Any]  # one row to insert, by attribute name (`area_id`, not `area`)


# Field types whose Python values PostgreSQL's COPY takes as they are; any other field is prepared by Django.
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.CharField,
    models.TextField,
    models.DateField,
    models.DateTimeField,
    models.BooleanField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.BigIntegerField,
    models.ForeignKey,
)


def insert(model: type[models.Model], rows: list[Row]) -> None:
    """Insert rows (dicts by attribute name) and set each row's "id".

    On PostgreSQL through COPY with ids drawn from the table's sequence first: several times faster than
    `bulk_create`, which is what the national scale needs. Elsewhere through `bulk_create`. Fields a row
    leaves out get their model default (auto_now fields: now), so a column added later needs no change here.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        objs = [model(**row) for row in rows]
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        for row, obj in zip(rows, objs, strict=True):
            row["id"] = obj.pk
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() or not f.null:
            defaults[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        else:
            defaults[f.attname] = None
    prepare = {f.attname: f for f in fields if type(f) not in _PLAIN_FIELDS}
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row[meta.pk.attname] = pk
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = [row.get(name, defaults[name]) for name in names]
                if prepare:
                    values = [
                        prepare[name].get_db_prep_save(value, connection)
                        if name in prepare and name in row
                        else value
                        for name, value in zip(names, values, strict=True)
                    ]
                copy.write_row(values)
