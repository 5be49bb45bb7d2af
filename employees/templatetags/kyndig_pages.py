"""Template helpers for the server-rendered pages."""

from babel.numbers import format_currency, format_decimal, format_percent
from django import template
from django.utils.translation import get_language, to_locale

from employees import sections
from employees.access import access_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_access(context):
    """The signed-in user's Access, so a page shows only what they may use."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return access_for(request.user)


@register.simple_tag(takes_context=True)
def page_menu(context):
    """The menu items this user may use, each app's own (employees.sections)."""
    request = context.get("request")
    if request is None:
        return []
    access = access_for(request.user) if request.user.is_authenticated else None
    return sections.menu(request, access)


@register.simple_tag(takes_context=True)
def page_query(context, page_number):
    """The current query string with another page number, for pagination links."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


@register.filter
def level_class(value):
    """A CSS class for a heat-map cell: level-0 … level-8 (rounded down)."""
    try:
        return f"level-{max(0, min(8, int(float(value))))}"
    except (TypeError, ValueError):
        return "level-none"


def _locale() -> str:
    return to_locale(get_language() or "da")


@register.filter
def percent(value):
    """A share 0..1 as a whole percentage ("45 %", never broken over two lines),
    or a dash when there is none."""
    if value is None:
        return "–"
    return format_percent(float(value), locale=_locale())


@register.filter
def number(value):
    """A whole or decimal number with the language's grouping: 3.200 / 3,200."""
    if value is None or value == "":
        return "–"
    return format_decimal(value, locale=_locale())


@register.filter
def kroner(value):
    """An amount in Danish kroner, as the language writes it: "3.200 kr."
    (Django formats numbers but knows no currencies)."""
    if value is None or value == "":
        return "–"
    return format_currency(
        value, "DKK", format="#,##0 ¤", locale=_locale(), currency_digits=False
    )


@register.filter
def get_item(mapping, key):
    """A dictionary value by a variable key (stage codes in figure rows)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
