"""Lists straight from ``.values()``: the main lists' hot path.

A page of model instances through DRF serializers costs several times what the
same rows cost as dictionaries (see bench/api_throughput.py), so the busiest
lists read ``.values()`` from the same scoped, filtered and ordered queryset
and convert each value the way the serializer would. Tests compare every list
row with the serializer's output for the same object, so both stay one shape.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone


def datetime_out(value):
    # As DRF's DateTimeField: the current time zone, ISO 8601, "Z" for UTC.
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def date_out(value):
    return None if value is None else value.isoformat()


def decimal_out(places: int) -> Callable:
    quantum = Decimal(1).scaleb(-places)

    def convert(value):
        return None if value is None else str(value.quantize(quantum))

    return convert


class ValuesList:
    """Describes a list row: output key -> (ORM lookup, converter or None)."""

    def __init__(
        self, columns: dict[str, tuple[str, Callable | None]], extra: tuple = ()
    ):
        self.columns = columns
        self.lookups = sorted({lookup for lookup, _c in columns.values()} | set(extra))

    def row(self, values: dict) -> dict:
        return {
            key: convert(values[lookup]) if convert else values[lookup]
            for key, (lookup, convert) in self.columns.items()
        }


class CountedValues:
    """A queryset's ``.values()`` for the paginator, counted on the queryset.

    The paginator counts what it pages, and ``.values()`` over related fields
    keeps their joins in that COUNT; the queryset itself counts the same rows
    without them (a list row's lookups follow forward relations, which never
    add or drop a row), and on the larger lists the joins were most of the
    count's cost.
    """

    def __init__(self, queryset, lookups):
        self.queryset = queryset
        self.values = queryset.values(*lookups)
        self.ordered = queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, key):
        return self.values[key]


class ValuesListMixin:
    """For list actions: page over ``.values()`` and build rows per ``values_list``.

    ``rows(values_rows)`` may be overridden to post-process a page (one more
    query for nested rows, for instance).
    """

    values_list: ValuesList

    def list(self, request, *args, **kwargs):
        spec = self.get_values_list()
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        page = self.paginate_queryset(CountedValues(queryset, spec.lookups))
        return self.get_paginated_response(self.rows(spec, page))

    def get_values_list(self) -> ValuesList:
        return self.values_list

    def rows(self, spec: ValuesList, page) -> list[dict]:
        return [spec.row(values) for values in page]
