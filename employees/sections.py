"""Parts of pages that other apps contribute, so pages need not import them:
page sections, menu items and counters of a user's open work.

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

from django.urls import reverse
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


# --- The menu and each user's open work ---------------------------------------------
# Counters of a user's open work, by key ("approvals", "practice_tasks", later
# "requirements_due"...): each app that owns such work registers one. The menu
# shows them beside its items and GET /api/v1/todo/ answers them all.
_todo: dict[str, Callable] = {}


def register_todo(key: str, count: Callable) -> None:
    """``count(user) -> int``: how much of this work waits for ``user``."""
    _todo[key] = count


def registered_todo() -> set[str]:
    """The keys of the counters registered so far."""
    return set(_todo)


def todo_counts(user) -> dict[str, int]:
    if not user.is_authenticated:
        return dict.fromkeys(_todo, 0)
    return {key: count(user) for key, count in _todo.items()}


@dataclass(frozen=True)
class MenuItem:
    name: str
    label: str  # a lazy translation
    url_name: str
    order: int
    visible: Callable  # (request, access) -> bool
    # The todo key (or keys, added up) whose count the item shows.
    count: str | tuple[str, ...] | None = None


_menu: dict[str, MenuItem] = {}


def register_menu_item(
    name: str,
    label,
    url_name: str,
    *,
    order: int,
    visible: Callable,
    count=None,
) -> None:
    _menu[name] = MenuItem(name, label, url_name, order, visible, count)


def menu(request, access) -> list[dict]:
    """The menu items this user may use, in order, with their counts."""
    items = sorted(_menu.values(), key=lambda item: (item.order, item.name))
    shown = [item for item in items if item.visible(request, access)]
    counted = {key for item in shown for key in _keys(item.count)}
    counts = {key: _todo[key](request.user) for key in counted if key in _todo}
    return [
        {
            "name": item.name,
            "label": item.label,
            "url": reverse(item.url_name),
            "count": (
                sum(counts.get(key, 0) for key in _keys(item.count))
                if item.count
                else None
            ),
            "current": request.path == reverse(item.url_name),
        }
        for item in shown
    ]


def _keys(count) -> tuple[str, ...]:
    if not count:
        return ()
    return (count,) if isinstance(count, str) else tuple(count)
