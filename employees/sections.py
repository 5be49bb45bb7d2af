"""Parts of pages that other apps contribute, so pages need not import them.

A person's page shows what several apps know about them: their competences,
their courses, and later their requirements, badges and applications. Those
apps sit above employees in the layers (DESIGN §7), so the page cannot import
them; instead each registers a section from its AppConfig.ready() and the page
renders whatever is registered, in order (the hooks of Wagtail, in small).

A section is a function ``(request, **context) -> str``: the HTML of its part
of the page, or an empty string when it has nothing to show this user.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

# The pages that take sections, with the context each passes to them.
EMPLOYEE_PAGE = "employee_page"  # employee=, access=
DASHBOARD = "dashboard"  # department=, period=, access=
PAGES = (EMPLOYEE_PAGE, DASHBOARD)


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    render: Callable[..., str]


_registry: dict[str, dict[str, Section]] = defaultdict(dict)


def register(page: str, name: str, render: Callable[..., str], *, order: int):
    """Add (or replace, by name) a section of ``page``."""
    if page not in PAGES:
        raise ValueError(f"No page {page!r} takes sections.")
    _registry[page][name] = Section(name, order, render)


def render(page: str, request, **context) -> list[SafeString]:
    """Each registered section's HTML, in order, leaving out empty ones."""
    sections = sorted(_registry[page].values(), key=lambda s: (s.order, s.name))
    parts = (section.render(request, **context) for section in sections)
    # Sections render through Django templates, which escape what they show.
    return [mark_safe(part) for part in parts if part]  # noqa: S308
