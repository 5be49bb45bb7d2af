from django.core.paginator import Paginator as DjangoPaginator
from rest_framework.pagination import PageNumberPagination


class Paginator(DjangoPaginator):
    """Django's paginator, without the COUNT of a first page that is not full.

    Such a page holds every row there is, so a COUNT query would only repeat
    it; on short lists (the course catalogue) it was one of the request's
    four queries (bench/api_throughput.py). A full first page and any other
    page are counted as Django does.
    """

    def page(self, number):
        if str(number) != "1" or self.orphans:
            return super().page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.count = len(rows)
        if not rows and not self.allow_empty_first_page:
            return super().page(number)
        return self._get_page(rows, 1, self)


class StandardPagination(PageNumberPagination):
    """Page-number pagination: 50 rows by default, ``page_size`` up to 100."""

    django_paginator_class = Paginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
