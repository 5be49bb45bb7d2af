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


class ValuesListMixin:
    """For list actions: page over ``.values()`` and build rows per ``values_list``.

    ``rows(values_rows)`` may be overridden to post-process a page (one more
    query for nested rows, for instance).
    """

    values_list: ValuesList

    def list(self, request, *args, **kwargs):
        spec = self.get_values_list()
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        page = self.paginate_queryset(queryset.values(*spec.lookups))
        return self.get_paginated_response(self.rows(spec, page))

    def get_values_list(self) -> ValuesList:
        return self.values_list

    def rows(self, spec: ValuesList, page) -> list[dict]:
        return [spec.row(values) for values in page]
