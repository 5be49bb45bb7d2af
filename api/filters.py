import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters
from rest_framework.filters import OrderingFilter

from api.fields import MAX_ID

# Query parameters of every list that no FilterSet reads.
NOT_FILTERS = frozenset({"page", "page_size", "ordering", "search"})


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the request names no filter.

    Building a FilterSet deep-copies its form's fields, which costs a list as
    much as one of its queries (bench/api_throughput.py); with no filter
    parameter every filter is empty and the FilterSet returns the queryset
    as it was, so skipping it changes no answer.
    """

    def filter_queryset(self, request, queryset, view):
        if NOT_FILTERS.issuperset(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(OrderingFilter):
    """Ordering from the view's allowlist only; anything else answers 400."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            allowed = {name for name, _label in self.get_valid_fields(queryset, view)}
            unknown = [f for f in fields if f.lstrip("-") not in allowed]
            if unknown:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            _("Cannot order by %(fields)s. Allowed: %(allowed)s.")
                            % {
                                "fields": ", ".join(unknown),
                                "allowed": ", ".join(sorted(allowed)),
                            }
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)


class SearchFilter(filters.SearchFilter):
    """Search on the view's name fields; NUL characters cannot be in a name."""

    def get_search_terms(self, request):
        return [term.replace("\x00", "") for term in super().get_search_terms(request)]


class IdFilter(django_filters.NumberFilter):
    """An id in a query string: an integer in the 64-bit range, else 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class TimestampField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 timestamp within 1900-2999, converted to UTC.

    PostgreSQL refuses UTC offsets beyond ±15:59 that ISO 8601 allows, and far
    years overflow when converted, so both are settled here as a 400.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        if not 1900 <= value.year <= 2999:
            raise forms.ValidationError(
                _("Give a time between the years 1900 and 2999."), code="invalid"
            )
        return value.astimezone(datetime.UTC)


class TimestampFilter(django_filters.IsoDateTimeFilter):
    field_class = TimestampField
