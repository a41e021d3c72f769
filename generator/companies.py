"""One company, however profiles spell it.

The browse pages list each developer once: keyed by its Chinese legal name where a source gives one
(English renderings of one company vary between sources), else by its English name. A company one
profile names only in English takes the Chinese name another profile gives beside that name or one
of its aliases (`chinese_names`; model.site_views, facets.developer_value). Where two entries
probably name one company but would still be listed apart, the check warns (`likely_duplicates`):
only a source can say whether they are one company, and it says how to record that.

A leaf: it asks routes.py for the value key only, so the check and the pages key a company alike.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .routes import value_key

# Words that say what legal form a company has, not which company it is: "HELP Therapeutics Co.
# Ltd" and "HELP Therapeutics Corp." are written by different sources for one name.
LEGAL_FORMS = frozenset({"co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "plc"})


def company_key(name: str | None, zh: str = "") -> str:
    """The browse pages' key for a company: its Chinese legal name where known, else its name."""
    return value_key(zh or name)


def names(dev: dict) -> list[str]:
    """The names an entry goes by that another profile may give beside a Chinese name: its name
    and aliases, letter case folded."""
    return [n.casefold() for n in [dev.get("name"), *(dev.get("aliases") or [])] if n]


def chinese_names(devs: Iterable[dict]) -> dict[str, str]:
    """Name or alias -> the Chinese legal name an entry gives beside it. A name paired with two
    different Chinese names is left out: it says nothing for sure."""
    pairs: dict[str, set[str]] = {}
    for dev in devs:
        if dev.get("name_zh"):
            for name in names(dev):
                pairs.setdefault(name, set()).add(dev["name_zh"])
    return {name: next(iter(zh)) for name, zh in pairs.items() if len(zh) == 1}


def chinese_name(dev: dict, known: dict[str, str]) -> str:
    """The entry's own Chinese name, else the one `known` (chinese_names) gives for its names."""
    return dev.get("name_zh") or next((known[n] for n in names(dev) if n in known), "")


def loose(name: str) -> str:
    """A name with letter case, punctuation and legal-form words set aside: two entries whose names
    agree this far probably name one company."""
    words = re.findall(r"\w+", name.casefold().replace("&", " and "))
    return " ".join(w for w in words if w not in LEGAL_FORMS)


@dataclass(frozen=True)
class Entry:
    """A company as one profile names it: a developer, or a developer's parent."""
    file: str
    path: tuple  # where in the profile, e.g. ("developers", 0, "name")
    label: str  # the name it is shown by
    zh: str  # its Chinese name: its own, or (a developer's) the one another profile gives
    key: str  # the browse pages' key for it
    spellings: tuple[str, ...]  # every name it goes by

    @property
    def shown(self) -> str:
        return f"'{self.label}'" + (f" ({self.zh})" if self.zh and self.zh != self.label else "")


def entries(profiles: Iterable[tuple[str, dict]]) -> list[Entry]:
    """Every named developer and parent of (file, data) profiles, keyed as the browse pages key
    them (company_key, which facets.developer_value uses too)."""
    devs = [(file, i, dev) for file, data in profiles for i, dev in enumerate(data.get("developers") or [])]
    known = chinese_names(dev for _, _, dev in devs)
    out = []
    for file, i, dev in devs:
        name, zh = dev.get("name"), chinese_name(dev, known)
        if name or zh:
            spellings = tuple(n for n in [name, dev.get("name_zh"), *(dev.get("aliases") or [])] if n)
            field = "name" if name else "name_zh"
            out.append(Entry(file, ("developers", i, field), name or zh, zh, company_key(name, zh), spellings))
        parent, parent_zh = dev.get("parent"), dev.get("parent_zh")
        if parent or parent_zh:
            spellings = tuple(n for n in [parent, parent_zh] if n)
            field = "parent" if parent else "parent_zh"
            out.append(Entry(file, ("developers", i, field), parent or parent_zh, parent_zh or "",
                             company_key(parent, parent_zh), spellings))
    return out


def likely_duplicates(found: list[Entry]) -> list[tuple[Entry, Entry]]:
    """(entry, other): entries of two profiles whose names agree once letter case, punctuation and
    legal forms are set aside (`loose`), which the browse pages nevertheless list as two companies.
    `other` is the first entry of that name to give a Chinese name (else the first); every other
    key is warned about once, at its first entry. Entries of one profile are left alone: whoever
    wrote them saw both."""
    by_name: dict[str, list[Entry]] = {}
    for entry in found:
        for name in dict.fromkeys(loose(s) for s in entry.spellings):
            if name:  # an alias such as "Ltd." names no company
                by_name.setdefault(name, []).append(entry)
    pairs: dict[frozenset, tuple[Entry, Entry]] = {}
    for group in by_name.values():
        other = next((e for e in group if e.zh), group[0])
        for entry in group:
            if entry.key != other.key and entry.file != other.file:
                pairs.setdefault(frozenset((entry.key, other.key)), (entry, other))
    return sorted(pairs.values(), key=lambda p: (p[0].file, p[0].path, p[1].file, p[1].path))
