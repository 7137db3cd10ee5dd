"""Writing many rows quickly, for the set-based paths (bank files, batches).

``rows_update`` sends one parameterised UPDATE per row with ``executemany`` (psycopg 3 pipelines
them: one round trip for the lot); Django's ``bulk_update`` builds a CASE expression per field and
row, which costs far more CPU than the database spends on the update. ``rows_insert`` sends
``INSERT … RETURNING pk`` per row the same way on PostgreSQL: Django's ``bulk_create`` sends arrays
for ``UNNEST`` there, and with client-side binding (``AUTOLEND_DB_PREPARED=false``) psycopg quotes
every array element through regular expressions (the slowest part of a batch). Elsewhere it is
``bulk_create``. ``rows_add`` writes plain tuples: one multi-row INSERT for a few rows, COPY for many.
``row_get`` (a row by key) and ``row_update_where`` (a conditional UPDATE) are the request paths'
prepared statements in place of a query for the ORM to compile.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)


def rows_update(rows: Sequence[models.Model], fields: Sequence[str]) -> int:
    """UPDATE ``fields`` of every row in ``rows`` (all of one model) by primary key; returns how many."""
    if not rows:
        return 0
    db = connections[DEFAULT_DB_ALIAS]
    meta = rows[0]._meta
    columns = [meta.get_field(name) for name in fields]
    quote = db.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)  # type: ignore[union-attr]
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # type: ignore[union-attr]
    if db.vendor != "postgresql":
        params = [[column.get_db_prep_save(getattr(row, column.attname), db) for column in columns]  # type: ignore[union-attr]
                  + [row.pk] for row in rows]
        with db.cursor() as cursor:
            cursor.executemany(sql, params)
        return len(params)
    dump = [_dumper(column, db) for column in columns]
    params = [[d(getattr(row, column.attname)) for d, column in zip(dump, columns)] + [row.pk]  # type: ignore[union-attr]
              for row in rows]
    with _server_cursor(db) as cursor:
        cursor.executemany(sql, params)
    return len(params)


def rows_insert(rows: Sequence[M]) -> list[M]:
    """INSERT ``rows`` (all of one model, auto primary key) and set their primary keys."""
    if not rows:
        return list(rows)
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return type(rows[0])._default_manager.bulk_create(rows)
    meta = rows[0]._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if f is not pk]
    quote = db.ops.quote_name
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {quote(pk.column)}")
    dump = [_dumper(f, db) for f in fields]
    params = [[d(getattr(row, f.attname)) for d, f in zip(dump, fields)] for row in rows]
    with _server_cursor(db) as cursor:
        cursor.executemany(sql, params, returning=True)
        for row in rows:
            (key,) = cursor.fetchone()
            setattr(row, pk.attname, key)
            row._state.adding, row._state.db = False, db.alias
            cursor.nextset()
    return list(rows)


@contextmanager
def _server_cursor(db: Any) -> Iterator[Any]:
    """A psycopg cursor with server-side binding on Django's connection (same transaction), whatever
    ``AUTOLEND_DB_PREPARED`` says: ``executemany`` prepares its statement once and runs it per row,
    where a client-side-binding cursor makes the server parse every row's statement again. Errors
    come out as Django's (``django.db.IntegrityError`` …), as from Django's own cursor."""
    import psycopg

    db.close_if_health_check_failed()  # as Django's own cursor does (CONN_HEALTH_CHECKS)
    db.ensure_connection()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
        yield cursor


def _dumper(field: Any, db: Any) -> Callable[[Any], Any]:
    """How a field's value goes to psycopg: JSON through Django (Jsonb), an IP address blank as
    NULL (as Django stores it), choices (enums) by value, the rest (Decimal, str, int, bool, date,
    aware datetime, None) as they are."""
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, db)
    if isinstance(field, models.GenericIPAddressField):
        return lambda value: value or None
    return lambda value: value.value if isinstance(value, Enum) else value


# -- hot reads and conditional updates by key ------------------------------------------------------
# Through the ORM a lookup by a unique key costs ~370 µs of CPU here, nearly all of it building and
# compiling the query; the same SELECT as a prepared statement and ``Model.from_db`` costs ~110.


def row_get(model: type[M], where: Mapping[str, Any]) -> M | None:
    """The row of ``model`` whose fields equal ``where`` (a value None: IS NULL), or None; for
    lookups by a unique key on hot paths (the first row if several match). PostgreSQL: one
    prepared SELECT of the concrete columns, no query to compile; elsewhere the ORM."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        lookup = {(name if value is not None else f"{name}__isnull"): (value if value is not None else True)
                  for name, value in where.items()}
        return next(iter(model._default_manager.filter(**lookup)[:1]), None)
    plan = _select_plan(model, tuple((name, where[name] is None) for name in where))
    with _server_cursor(db) as cursor:
        cursor.execute(plan.sql, [_plain(value) for value in where.values() if value is not None])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for n, convert in plan.converters:
        values[n] = convert(values[n], None, db)
    return model.from_db(db.alias, plan.attnames, values)


def row_update_where(model: type[models.Model], where: Mapping[str, Any], values: Mapping[str, Any]) -> int:
    """UPDATE ``values`` (field → value) of the rows of ``model`` whose fields equal ``where``;
    returns how many rows changed (0: the condition no longer holds). PostgreSQL: a prepared
    statement; elsewhere the ORM's ``update``."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return int(model._default_manager.filter(**where).update(**values))
    meta, quote = model._meta, db.ops.quote_name
    sets = [meta.get_field(name) for name in values]
    conditions = [meta.get_field(name) for name in where]
    sql = (f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f in sets)} "  # type: ignore[union-attr]
           f"WHERE {' AND '.join(f'{quote(f.column)} = %s' for f in conditions)}")  # type: ignore[union-attr]
    params = [_dumper(f, db)(value) for f, value in zip(sets, values.values())]
    params += [_plain(value) for value in where.values()]
    with _server_cursor(db) as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


@dataclass(frozen=True)
class _SelectPlan:
    sql: str
    attnames: list[str]
    converters: list[tuple[int, Callable[[Any, Any, Any], Any]]]  # (column, from_db_value) as the ORM applies


_select_plans: dict[tuple[type[models.Model], tuple[tuple[str, bool], ...]], _SelectPlan] = {}


def _select_plan(model: type[models.Model], keys: tuple[tuple[str, bool], ...]) -> _SelectPlan:
    plan = _select_plans.get((model, keys))
    if plan is None:
        db = connections[DEFAULT_DB_ALIAS]
        meta, quote = model._meta, db.ops.quote_name
        fields = list(meta.concrete_fields)
        conditions = [f"{quote(meta.get_field(name).column)} IS NULL" if is_null  # type: ignore[union-attr]
                      else f"{quote(meta.get_field(name).column)} = %s" for name, is_null in keys]  # type: ignore[union-attr]
        sql = (f"SELECT {', '.join(quote(f.column) for f in fields)} FROM {quote(meta.db_table)} "
               f"WHERE {' AND '.join(conditions)} LIMIT 1")
        plan = _SelectPlan(sql, [f.attname for f in fields],
                           [(n, f.from_db_value) for n, f in enumerate(fields) if hasattr(f, "from_db_value")])
        _select_plans[(model, keys)] = plan
    return plan


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def rows_copy(rows: Sequence[models.Model]) -> int:
    """INSERT ``rows`` (all of one model) whose primary keys nobody needs back: ``COPY … FROM STDIN``
    on PostgreSQL (row triggers still fire), ``bulk_create`` elsewhere. Returns how many."""
    if not rows:
        return 0
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        type(rows[0])._default_manager.bulk_create(rows)
        return len(rows)
    meta = rows[0]._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    quote = db.ops.quote_name
    dump = [_dumper(f, db) for f in fields]
    sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with _server_cursor(db) as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([d(getattr(row, f.attname)) for d, f in zip(dump, fields)])
    return len(rows)


# -- rows as tuples: no model instances ------------------------------------------------------------
# A model instance costs ~20 µs to build and as much again to read back field by field; the bank
# file writes three rows per line (entry, transaction, audit event) plus the entry's lines, so
# the hot paths hand over plain tuples in the order of ``fields``.


def rows_add(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *,
             keys: bool = True) -> list[int]:
    """INSERT ``rows`` (tuples of ``fields``' values; JSON fields as Python objects) into
    ``model``'s table; returns their new primary keys in order (``keys=False``: none, cheaper).

    PostgreSQL: up to ``_FEW`` rows, ``INSERT … RETURNING`` per row, pipelined (one round trip);
    more, the keys are taken from the table's sequence in one query (``nextval`` in bulk:
    ascending, so rows keep their order in the key) and the rows go by ``COPY`` (row triggers
    fire as for INSERT). Elsewhere: one INSERT per row through Django's cursor."""
    if not rows:
        return []
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    columns = [meta.get_field(name) for name in fields]
    quote = db.ops.quote_name
    table = quote(meta.db_table)
    if db.vendor == "postgresql" and len(rows) <= _FEW:
        return _insert_few(db, meta, columns, rows, keys)
    if db.vendor == "postgresql":
        json_at = [n for n, f in enumerate(columns) if isinstance(f, models.JSONField)]
        if json_at:  # jsonb takes its text form in COPY
            rows = [_json_dumped(row, json_at) for row in rows]
        ids = ids_reserve(model, len(rows)) if keys else []
        names = ([quote(pk.column)] if keys else []) + [quote(f.column) for f in columns]  # type: ignore[union-attr]
        with _server_cursor(db) as cursor, cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            if keys:
                for key, row in zip(ids, rows):
                    copy.write_row((key, *row))
            else:
                for row in rows:
                    copy.write_row(row)
        return ids
    prep = [_prepare(f, db) for f in columns]
    sql = (f"INSERT INTO {table} ({', '.join(quote(f.column) for f in columns)}) "  # type: ignore[union-attr]
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    params = [[p(value) for p, value in zip(prep, row)] for row in rows]
    with db.cursor() as cursor:
        if not keys:
            cursor.executemany(sql, params)
            return []
        out = []
        for values in params:
            cursor.execute(sql, values)
            out.append(int(cursor.lastrowid))
        return out


_FEW = 16  # up to this many rows: one pipelined INSERT per row (one round trip), not nextval + COPY (two)


def _insert_few(db: Any, meta: Any, columns: Sequence[Any], rows: Sequence[Sequence[Any]], keys: bool) -> list[int]:
    """One statement, whatever the number of rows, so psycopg parses it once and PostgreSQL
    prepares it (a multi-row VALUES of more than 50 parameters is parsed again every time)."""
    from psycopg.types.json import Jsonb

    quote = db.ops.quote_name
    json_at = {n for n, f in enumerate(columns) if isinstance(f, models.JSONField)}
    params = [[None if value is None else Jsonb(value) if n in json_at
               else value.value if isinstance(value, Enum) else value for n, value in enumerate(row)]
              for row in rows]
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with _server_cursor(db) as cursor:
        if not keys:
            cursor.executemany(sql, params)
            return []
        cursor.executemany(sql + f" RETURNING {quote(meta.pk.column)}", params, returning=True)
        out = []
        for _ in rows:
            (key,) = cursor.fetchone()
            out.append(key)
            cursor.nextset()
        return out


def ids_reserve(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys of ``model`` from its PostgreSQL sequence, ascending: nobody
    else gets them, so rows can be written with them (by COPY) in any order."""
    db = connections[DEFAULT_DB_ALIAS]
    with _server_cursor(db) as cursor:
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", (_sequence(model), count))
        return sorted(key for (key,) in cursor.fetchall())


_sequences: dict[str, str] = {}


def _sequence(model: type[models.Model]) -> str:
    table = model._meta.db_table
    name = _sequences.get(table)
    if name is None:
        db = connections[DEFAULT_DB_ALIAS]
        with db.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])  # type: ignore[union-attr]
            (name,) = cursor.fetchone()
        _sequences[table] = name
    return name


def _json_dumped(row: Sequence[Any], at: list[int]) -> list[Any]:
    values = list(row)
    for n in at:
        if values[n] is not None:  # None is SQL NULL, as Django stores it
            values[n] = json.dumps(values[n])
    return values


def _prepare(field: Any, db: Any) -> Callable[[Any], Any]:
    if isinstance(field, (models.JSONField, models.DateTimeField, models.DecimalField, models.DateField)):
        return lambda value: field.get_db_prep_save(value, db)
    return lambda value: value.value if isinstance(value, Enum) else value
