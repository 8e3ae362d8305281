"""Pages of the API's lists: keyset pagination with a ``next`` cursor, a bounded offset, the
``updated_since`` filter for incremental sync, and a total that never costs more than the page.

Every list has a stable ordering whose last key is the id (``Ordering``). A page is read in two
steps: a narrow query over the ordering's keys only (served from an index, in order, stopping
after the page), then the page's rows by id. ``next`` encodes the keys of the page's last row; the
following page holds the rows strictly after it in the ordering, so a walk by cursor misses and
repeats nothing even while rows are inserted (new rows appear if they sort after the position).

``offset`` is kept for compatibility up to MAX_OFFSET: an offset costs a read of every skipped
index entry (about 10–40 ms per 100,000 on the ×10 data); deeper pages answer 422 and point to
the cursor, whose cost does not grow with depth.

The total (``count``) is exact when the page itself shows it (a first or last page); otherwise
it comes from the shared cache when an exact count of the same query was made within
OCOP_API_COUNT_SECONDS (``count_kind: "cached"``), else it is counted and stored (``"exact"``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from ninja.errors import HttpError

MAX_OFFSET = 100_000
COUNT_SECONDS = 60


@dataclass(frozen=True)
class Key:
    """One sort key: a queryset lookup (field or annotation), its direction and value type. A
    descending nullable key sorts its nulls last (as the catalog's stars)."""

    field: str
    kind: type = int
    descending: bool = False
    nullable: bool = False

    def order(self):
        from django.db.models import F

        if self.descending:
            return F(self.field).desc(nulls_last=True) if self.nullable else f"-{self.field}"
        return self.field

    def equal(self, value) -> Q:
        return Q(**{f"{self.field}__isnull": True}) if value is None else Q(**{self.field: value})

    def after(self, value) -> Q | None:
        """Rows strictly after VALUE on this key alone (None: no row can be)."""
        if value is None:  # nulls come last
            return None
        strictly = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        return strictly | Q(**{f"{self.field}__isnull": True}) if self.nullable else strictly

    def dump(self, value):
        if value is None or self.kind in (int, str):
            return value
        return value.isoformat()

    def load(self, value):
        if value is None and self.nullable:
            return None
        if self.kind is int and type(value) is int:
            return value
        if self.kind is str and isinstance(value, str):
            return value
        if self.kind is date and isinstance(value, str):
            return date.fromisoformat(value)
        if self.kind is datetime and isinstance(value, str):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError("naive datetime")
            return parsed
        raise ValueError(f"bad value for {self.field}")


@dataclass(frozen=True)
class Ordering:
    """A list's order: its name (written into cursors) and its keys, the last one unique."""

    name: str
    keys: tuple[Key, ...]

    @property
    def fields(self) -> list[str]:
        return [k.field for k in self.keys]

    def order_by(self) -> list:
        return [k.order() for k in self.keys]

    def encode(self, row) -> str:
        payload = json.dumps([self.name, [k.dump(v) for k, v in zip(self.keys, row, strict=False)]],
                             separators=(",", ":"), ensure_ascii=False)
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def decode(self, token: str) -> list:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            name, values = json.loads(raw.decode())
            if name != self.name or not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError("cursor of another list or order")
            return [k.load(v) for k, v in zip(self.keys, values, strict=True)]
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise HttpError(422, _("Con trỏ 'cursor' không hợp lệ: dùng nguyên giá trị 'next' của trang trước, "
                                   "với cùng bộ lọc và cách sắp xếp.")) from None

    def branches(self, queryset: QuerySet, values: list) -> list[QuerySet]:
        """The rows after VALUES, as one query per key, to be read in turn: equal on the keys before
        key i and strictly after on key i, from the last key to the first. Each is a plain range
        of the ordering's index (where an OR of them, with mixed directions, would scan)."""
        found = []
        for i in reversed(range(len(self.keys))):
            after = self.keys[i].after(values[i])
            if after is None:
                continue
            condition = Q()
            for key, value in zip(self.keys[:i], values[:i], strict=True):
                condition &= key.equal(value)
            found.append(queryset.filter(condition & after))
        return found


BY_UPDATE = Ordering("updated", (Key("updated_at", datetime), Key("pk", int)))


def updated_since(queryset: QuerySet, params, ordering: Ordering) -> tuple[QuerySet, Ordering]:
    """With updated_since: the rows changed at or after it, oldest change first (updated_at, id),
    whatever the list's own order; the walk ends at the newest change, whose updated_at is the
    next sync's updated_since."""
    since = getattr(params, "updated_since", None)
    if since is None:
        return queryset, ordering
    try:
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        # In UTC: an offset ISO 8601 allows (up to ±23:59) may be one PostgreSQL refuses (±15:59).
        since = since.astimezone(UTC)
    except (OverflowError, ValueError):  # pushed past year 1 or 9999 by its offset
        raise HttpError(422, _("Thời điểm 'updated_since' nằm ngoài khoảng hợp lệ.")) from None
    return queryset.filter(updated_at__gte=since), BY_UPDATE


def _bounded_offset(params) -> int:
    if params.cursor and params.offset:
        raise HttpError(422, _("Dùng 'cursor' hoặc 'offset', không dùng cả hai."))
    if params.offset > MAX_OFFSET:
        raise HttpError(422, _("'offset' tối đa là %(max)s. Để đọc sâu hơn, dùng 'cursor': giá trị 'next' của "
                               "trang trước (không giới hạn độ sâu, không bỏ sót hay lặp bản ghi).")
                        % {"max": number_format(MAX_OFFSET, force_grouping=True)})
    return params.offset


def _rows(queryset: QuerySet, ordering: Ordering, params, carry: tuple[str, ...]) -> list[tuple]:
    """The keys (and CARRY columns) of the page's rows and of one more (is there a next page?)."""
    narrow_fields = [*ordering.fields, *(c for c in carry if c not in ordering.fields)]
    want = params.limit + 1
    if not params.cursor:
        offset = _bounded_offset(params)
        return list(queryset.values_list(*narrow_fields)[offset: offset + want])
    values = ordering.decode(params.cursor)
    rows: list[tuple] = []
    for branch in ordering.branches(queryset, values):
        rows += branch.values_list(*narrow_fields)[: want - len(rows)]
        if len(rows) >= want:
            break
    return rows


def count_seconds() -> int:
    return int(getattr(settings, "OCOP_API_COUNT_SECONDS", COUNT_SECONDS))


def total(queryset: QuerySet) -> tuple[int, str]:
    """(count, "exact" | "cached"): an exact count of QUERYSET, reused from the shared cache for
    count_seconds() by every worker asking the same query (same SQL, same parameters)."""
    counted = queryset.order_by()
    try:
        sql, sql_params = counted.values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0, "exact"
    key = "api-count:" + hashlib.sha256(repr((sql, sql_params)).encode()).hexdigest()
    seconds = count_seconds()
    if seconds > 0 and (found := cache.get(key)) is not None:
        return found, "cached"
    exact = counted.count()
    if seconds > 0:
        cache.set(key, exact, seconds)
    return exact, "exact"


def page(queryset: QuerySet, params, ordering: Ordering, present: Callable, *,
         load: Callable[[list[int]], dict] | None = None, prepare: Callable | None = None,
         carry: tuple[str, ...] = ()) -> dict:
    """One page of QUERYSET in ORDERING (after updated_since), as {"items", "count", "count_kind",
    "limit", "offset", "next"}. LOAD(ids) returns {id: record} for the page (default: QUERYSET by
    id); CARRY names narrow-query columns set on each record (annotations such as public_stars);
    PREPARE attaches related rows to the records in a fixed number of queries; PRESENT makes
    each a dict."""
    queryset, ordering = updated_since(queryset, params, ordering)
    queryset = queryset.order_by(*ordering.order_by())
    rows = _rows(queryset, ordering, params, carry)
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    pk_at = ordering.fields.index("pk")
    ids = [row[pk_at] for row in rows]
    found = load(ids) if load is not None else {r.pk: r for r in queryset.order_by().filter(pk__in=ids)}
    columns = [*ordering.fields, *(c for c in carry if c not in ordering.fields)]
    items = []
    for row in rows:
        record = found[row[pk_at]]
        for name in carry:
            setattr(record, name, row[columns.index(name)])
        items.append(record)
    if prepare is not None:
        prepare(items)
    if not params.cursor and not more and (items or not params.offset):
        count, kind = params.offset + len(items), "exact"  # the first or last page shows the total
    else:
        count, kind = total(queryset)
    return {"items": [present(item) for item in items], "count": count, "count_kind": kind,
            "limit": params.limit, "offset": params.offset,
            "next": ordering.encode(rows[-1]) if more else None}
