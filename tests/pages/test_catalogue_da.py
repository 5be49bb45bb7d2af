"""The Danish catalogue is complete, compiled, and used by the pages."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES"


def _entries(text: str) -> list[dict]:
    """Entries of a .po file: flags, msgid, msgstr(s); enough for this check."""
    entries, current, field = [], None, None
    for line in text.splitlines() + [""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, field = None, None
            continue
        current = current or {"flags": "", "msgid": "", "msgstr": []}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            field = "msgid"
            current["msgid"] = _unquote(line[6:])
        elif line.startswith("msgid_plural "):
            field = "plural"
        elif line.startswith("msgstr"):
            field = "msgstr"
            current["msgstr"].append(_unquote(line.split(" ", 1)[1]))
        elif line.startswith('"') and field == "msgid":
            current["msgid"] += _unquote(line)
        elif line.startswith('"') and field == "msgstr":
            current["msgstr"][-1] += _unquote(line)
    return entries


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def test_every_message_has_a_danish_translation():
    entries = _entries((LOCALE / "django.po").read_text(encoding="utf-8"))
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 100
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_the_committed_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    entries = _entries((LOCALE / "django.po").read_text(encoding="utf-8"))
    stale = [
        e["msgid"]
        for e in entries
        if e["msgid"]
        and len(e["msgstr"]) == 1
        and catalog.get(e["msgid"]) != e["msgstr"][0]
    ]
    assert stale == []


@pytest.mark.parametrize(
    "english, danish",
    [("Sign in", "Log ind"), ("Skip to content", "Gå til indholdet")],
)
def test_the_compiled_catalogue_translates(english, danish):
    with translation.override("da"):
        assert translation.gettext(english) == danish


def test_translations_keep_every_placeholder():
    entries = _entries((LOCALE / "django.po").read_text(encoding="utf-8"))
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = [
        e["msgid"]
        for e in entries
        if e["msgid"]
        and any(
            set(placeholder.findall(e["msgid"])) - set(placeholder.findall(text))
            for text in e["msgstr"][:1]
        )
    ]
    assert wrong == []


def test_a_label_in_both_catalogues_has_one_translation():
    """The main catalogue wins over an app's (LOCALE_PATHS come first), so a
    label the reports app shares with the pages must read the same in both,
    or the workbook's header says what the page says ("Antal" for headcount)."""
    reports = LOCALE.parents[2] / "reports" / "locale" / "da" / "LC_MESSAGES"
    main = {
        e["msgid"]: e["msgstr"]
        for e in _entries((LOCALE / "django.po").read_text(encoding="utf-8"))
        if e["msgid"]
    }
    differ = [
        (e["msgid"], main[e["msgid"]], e["msgstr"])
        for e in _entries((reports / "django.po").read_text(encoding="utf-8"))
        if e["msgid"] in main and main[e["msgid"]] != e["msgstr"]
    ]
    assert differ == []
