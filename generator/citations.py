"""Citation and quote rules, and the fact-level checks: does a quote of a block state each value
the block holds?

A profile cites per block of facts (its names, cells, each indication, trial, milestone...). For
every value a machine can check, at least one quote among the block's citations of documents in
seeds/ must state it, after normalisation (whitespace, typographic quotes and dashes, full- and
half-width forms, letter case for Latin script). What "state" means depends on the kind of value,
one small named check each (CHECKS, tested directly in tests/test_citations.py):

- identifier: the exact value, not part of a longer one;
- date: in any of the forms sources write (2024-04-28, April 28, 2024, 28 April 2024,
  Apr. 28, 2024, 2024年4月28日, 2024.4.28, 2024/4/28, and the month and year forms); a date whose
  year comes from the document's date line says so in `year_from`, and each part is checked where
  it comes from;
- number and money: 23.52 million = 23,520,000, 2352万 = 23,520,000, 1.5亿 = 150,000,000;
- phase: Phase IIa = Phase 2a = IIa期;
- name (developers, institutions, people, products, indications, regulators, guidelines): the
  name itself, English or Chinese, as a whole word;
- vocabulary (cell type, tissue source, donor type, stage, status, event type, pathway,
  therapeutic area, designation, relationship): one of the value's evidence terms, kept in the
  schema (`x-evidence`), English and Chinese;
- words (trial design): the words themselves.

A value no seed quote states is an error when the block cites only documents in seeds/. When the
block also cites a web page, which the build cannot read (the tracker copies no web text), the
value is accepted as cited but not verified, and counted and shown so, never as verified.
Free text (summaries, descriptions, notes, positions) is not machine-checked: it stays cited and
reviewed by people, and pages say which is which.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .load import Document, listed
from .problems import Problem, field_path
from .schema import evidence
from .sources import Source, fold, is_url, normalise

SEED_NAME = re.compile(r"[0-9A-Za-z_.-]+\.txt")

# A quote must be long enough to identify one passage: "the" occurs in every document. Latin
# script: at least 3 words and 12 characters ("Notification Number: 2025LP02853" passes, "Beike
# Biotech" does not); Chinese: at least 6 characters (a company's short name is 4, a sentence
# clause 8 or more). A quote passes when either holds, so mixed quotes are judged by their richer part.
MIN_LATIN_WORDS = 3
MIN_LATIN_CHARS = 12
MIN_CJK_CHARS = 6
_LATIN_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def quote_length_problem(quote: str) -> str | None:
    text = normalise(quote)
    words, cjk = _LATIN_WORD.findall(text), len(_CJK.findall(text))
    if cjk >= MIN_CJK_CHARS or (len(words) >= MIN_LATIN_WORDS and len(text) >= MIN_LATIN_CHARS):
        return None
    if len(words) + cjk <= 1:
        return (f"a one-word quote ({text!r}) does not identify a passage: quote the sentence or clause "
                f"that states the fact")
    return (f"quote {text!r} is too short to identify a passage: at least {MIN_LATIN_WORDS} words and "
            f"{MIN_LATIN_CHARS} characters, or {MIN_CJK_CHARS} Chinese characters")


# --- citations ---

def cite_problems(doc: Document, rel: str, sources: dict[str, Source], cites: list | None = None,
                  unlisted: frozenset = frozenset()) -> list[Problem]:
    """Every citation in a document (profile or context file) against the sources. `cites` are
    its (path, value) entries under `cite` when the caller has found them already."""
    found = []
    for path_, value in find_keys(doc.data, frozenset({"cite"})) if cites is None else cites:
        if isinstance(value, list):
            for i, citation in enumerate(value):
                if isinstance(citation, dict):
                    for sub, message in citation_problems(citation, sources, unlisted):
                        line, col = doc.position(path_ + (i, sub))
                        found.append(Problem(rel, line, col, field_path(path_ + (i, sub)), message))
    return found


def find_keys(value, keys: frozenset, path: tuple = (), found: list | None = None) -> list[tuple[tuple, object]]:
    """(path, value) for every mapping entry whose key is in `keys`, at any depth, in document
    order. Appends to one list rather than chaining generators: this walks every node of every
    profile."""
    if found is None:
        found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in keys:
                found.append((path + (k,), v))
            if v.__class__ is dict or v.__class__ is list:
                find_keys(v, keys, path + (k,), found)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if v.__class__ is dict or v.__class__ is list:
                find_keys(v, keys, path + (i,), found)
    return found


def citation_problems(citation: dict, sources: dict[str, Source], unlisted: frozenset = frozenset()):
    """(field, message) for every rule a single citation breaks."""
    ref = citation.get("source")
    if not isinstance(ref, str):
        return  # the schema reports it
    quote, at = citation.get("quote"), citation.get("at")
    if is_url(ref):
        # Web pages are cited by place, never by quote: the tracker copies no third-party web
        # text, and a page cannot be read at build time anyway (`check --online` reads it).
        if ref not in sources:
            yield "source", f"no entry for the web page {ref} in seeds/sources.yaml: add one (label, title, outlet, kind, published, language, accessed)"
        if quote is not None:
            yield "quote", "a web page is cited without a quote (the tracker copies no text from web pages): delete the quote and say in `at` where on the page the fact stands"
        elif at is None:
            yield "source", "a web page citation needs `at`: where on the page the fact stands, e.g. ¶4, list item 2, table row CXSL2400092"
        return
    if not SEED_NAME.fullmatch(ref):
        name = ref.rsplit("/", 1)[-1]
        if "/" in ref and name in sources:
            yield "source", f"'{ref}' is not a file name: did you mean {name}? (documents are named without seeds/)"
        return  # otherwise the schema reports it
    if ref in unlisted:
        return  # reported once, at its missing sources.yaml entry
    source = sources.get(ref)
    if source is None:
        yield "source", f"no source document '{ref}' in seeds/ (is it listed in seeds/sources.yaml?)"
        return
    if at is not None:
        yield "at", "`at` is for web pages; a document in seeds/ is cited by a quote, which the page links to its paragraph"
    if quote is None:
        yield "source", "a citation of a document in seeds/ needs `quote`: the words of the document that state the fact, copied verbatim"
        return
    if not isinstance(quote, str):
        return
    short = quote_length_problem(quote)
    if short:
        yield "quote", short
    elif normalise(quote) not in source.normalised:
        yield "quote", quote_not_found(ref, quote, source)


def quote_not_found(ref: str, quote: str, source: Source) -> str:
    """Where the quote stops matching its source, and what the source says there: the whole
    quote is often right but for one word after the first eighty characters."""
    words, text = normalise(quote), source.normalised
    lo, hi = 0, len(words)  # the longest prefix of the quote found in the source: lo
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if words[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 8:
        return f"quote not found in {ref}: no passage of it starts like {words[:40]!r}; copy the words from the document"
    at = text.find(words[:lo])
    cut = words.rfind(" ", 0, lo) + 1 or lo  # back to the start of the word that differs
    said = text[at + cut:at + cut + 40]
    matched = words[max(0, cut - 30):cut].rstrip()
    return (f"quote not found in {ref}: it matches the document up to {matched!r}, "
            f"then the quote has {words[cut:cut + 40]!r} where the document has {said!r}" if said else
            f"quote not found in {ref}: it matches the document up to {matched!r}, "
            f"where the document ends, then the quote goes on with {words[cut:cut + 40]!r}")


# --- the named checks: each takes the value and the block's folded quotes ---------------------

MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NB = r"(?<![0-9a-z])"  # no letter or digit before
_NA = r"(?![0-9a-z])"  # none after
_DATE_FORMS = (  # (pattern, order of year, month, day groups)
    (re.compile(_NB + r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})" + r"(?![0-9])"), "ymd"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "ymd"),
    (re.compile(_NB + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _NA), "mdy"),
    (re.compile(_NB + r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(\d{4})" + _NA), "dmy"),
    (re.compile(_NB + r"(\d{4})\s*[-./]\s*(\d{1,2})" + r"(?![0-9])(?!\s*[-./]\s*\d)"), "ym"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月"), "ym"),
    (re.compile(_NB + _MONTH + r",?\s+(?:of\s+)?(\d{4})" + _NA), "my"),
    (re.compile(_NB + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?" + _NA + r"(?!,?\s+\d{4})"), "md"),
    (re.compile(_NB + r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + _NA + r"(?!,?\s+\d{4})"), "dm"),
    (re.compile(r"(?<![0-9年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), "md"),
    (re.compile(r"(?<![0-9a-z])(\d{4})(?![0-9])"), "y"),
)


def dates_in(text: str) -> set[tuple]:
    """Every date written in `text` (folded), as (year, month, day) with None for a part not
    written: 'January 2nd' is (None, 1, 2), 'September 2025' (2025, 9, None)."""
    found = set()
    for pattern, order in _DATE_FORMS:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups()))
            y = int(parts["y"]) if "y" in parts else None
            mo = parts.get("m")
            mo = (MONTHS[mo.rstrip(".")] if not mo.isdigit() else int(mo)) if mo else None
            d = int(parts["d"]) if "d" in parts else None
            if (y is None or 1900 <= y <= 2100) and (mo is None or 1 <= mo <= 12) and (d is None or 1 <= d <= 31):
                found.add((y, mo, d))
    return found


def written_forms(value: str) -> list[str]:
    """How sources may write a date: for messages."""
    y, mo, d = parse_date(value)
    if mo is None:
        return [str(y), f"{y}年"]
    name = [k for k, v in MONTHS.items() if v == mo][0].capitalize()
    if d is None:
        return [value, f"{name} {y}", f"{y}年{mo}月"]
    return [value, f"{name} {d}, {y}", f"{d} {name} {y}", f"{y}年{mo}月{d}日", f"{y}/{mo}/{d}"]


def _show_date(found: tuple) -> str:
    y, mo, d = found
    if y is None:
        name = [k for k, v in MONTHS.items() if v == mo][0].capitalize()
        return f"{name} {d} (no year)"
    return "-".join([str(y)] + [f"{p:02d}" for p in (mo, d) if p])


def _real_date(value: str) -> bool:
    try:
        y, mo, d = parse_date(value)
        datetime.date(y, mo or 1, d or 1)
    except (ValueError, TypeError):
        return False
    return True


def parse_date(value: str) -> tuple:
    parts = [int(p) for p in value.split("-")] + [None, None]
    return parts[0], parts[1], parts[2]


def date_stated(value: str, quotes: list[str], year_elsewhere: bool = False) -> bool:
    """A date of year, month or day precision stands in a quote; a quote more precise than the
    value supports it too (2025-09 from '5 September 2025'). With `year_elsewhere` (the profile's
    `year_from`), the quote need give only the month and day."""
    y, mo, d = parse_date(value)
    for q in quotes:
        for fy, fm, fd in dates_in(fold(q)):
            if fy is None and (not year_elsewhere or mo is None):
                continue  # 'January 2nd' gives no year
            if fy is not None and fy != y:
                continue
            if (mo is not None and fm != mo) or (d is not None and fd != d):
                continue
            return True
    return False


_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
                "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
_NUMBER = re.compile(r"(?<![0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(thousand|million|billion|mn|bn|m(?![a-z])|十万|百万|千万|万|亿)?")


def numbers_in(text: str) -> set[float]:
    """Every number in `text` (folded), multipliers applied: '23.52 million' and '2352万' are both
    23520000; the bare number is kept too (60 of '60 patients')."""
    found = set()
    for m in _NUMBER.finditer(text):
        base = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        found.add(base)
        if m.group(3):
            found.add(round(base * _MULTIPLIERS[m.group(3)], 6))
    return found


def number_stated(value, quotes: list[str]) -> bool:
    return any(abs(n - float(value)) <= 1e-9 * max(1.0, abs(float(value))) for q in quotes for n in numbers_in(fold(q)))


CURRENCY_TERMS = {
    "CNY": ("rmb", "cny", "yuan", "renminbi", "元", "人民币", "¥"),
    "USD": ("usd", "us$", "$", "dollar", "美元"),
    "EUR": ("eur", "€", "euro", "欧元"),
    "HKD": ("hkd", "hk$", "港元", "港币"),
}


def currency_stated(value: str, quotes: list[str]) -> bool:
    terms = CURRENCY_TERMS.get(value, (value.casefold(),))
    return any(term_in(q, t) for q in quotes for t in terms)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_PH = r"(iv|iii|ii|i|[1-4]|[一二三四])"
_PHASE_EN = re.compile(_NB + r"phase\s*" + _PH + r"\s*([ab])?" + _NA +
                       r"(?:\s*(?:/|-|and|to)\s*(?:phase\s*)?" + _PH + r"\s*([ab])?" + _NA + r")?")
_PHASE_ZH = re.compile(r"(?<![0-9a-z])" + _PH + r"\s*([ab])?(?:\s*/\s*" + _PH + r"\s*([ab])?)?\s*期")


def phases_in(text: str) -> set[str]:
    """Every trial phase written in `text` (folded), as the schema's values: 'Phase IIa',
    'phase 2a' and 'IIa期' are all phase-2a; 'Phase I/II' is phase-1-2."""
    found = set()
    for pattern in (_PHASE_EN, _PHASE_ZH):
        for m in pattern.finditer(text):
            first, letter, second, letter2 = m.groups()
            n1 = int(first) if first.isdigit() else _ROMAN[first]
            if second:
                n2 = int(second) if second.isdigit() else _ROMAN[second]
                if (n1, n2) == (1, 2) and not letter and not letter2:
                    found.add("phase-1-2")
                else:  # 'Phase IIa and III': two phases
                    found.update((f"phase-{n1}{letter or ''}", f"phase-{n2}{letter2 or ''}"))
                continue
            found.add(f"phase-{n1}{letter or ''}")
    return found


def phase_stated(value: str, quotes: list[str]) -> bool:
    """A phase stands in a quote; phase-2 also when the quote is more precise (Phase IIa)."""
    for q in quotes:
        for found in phases_in(fold(q)):
            if found == value or found.rstrip("ab") == value:
                return True
    return False


@lru_cache(maxsize=1 << 14)
def _term_pattern(term: str) -> re.Pattern:
    """A term as a whole word where it starts or ends with a letter or digit ('IND' is not in
    'indication'); a plural s or es may follow ('MSCs'). Hyphens and spaces are interchangeable
    ('open-label', 'open label')."""
    t = fold(term)
    body = r"[\s-]?".join(re.escape(part) for part in re.split(r"[\s-]+", t) if part)
    before = _NB if re.match(r"[0-9a-z]", t) else ""
    after = r"(?:e?s)?" + _NA if re.search(r"[0-9a-z]$", t) else ""
    return re.compile(before + body + after)


@lru_cache(maxsize=1 << 14)
def _term_words(term: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s-]+", fold(term)) if part)


def _term_found(text: str, term: str) -> bool:
    # Each word of the term as plain text first: most terms a profile names stand in none of its
    # quotes (a name cited to a web page is looked for in the seed quotes of its block too), and
    # compiling a pattern for each of them was a third of the generator's time at 1,000 profiles.
    return all(word in text for word in _term_words(term)) and _term_pattern(term).search(text) is not None


def term_in(quote: str, term: str) -> bool:
    """A folded quote holds the term. A term of several words joined by '+' needs them all
    ('marketing application+accepted')."""
    text = fold(quote)
    return all(_term_found(text, part) for part in term.split("+"))


def name_stated(value: str, quotes: list[str]) -> bool:
    return any(term_in(q, value) for q in quotes)


def identifier_stated(value: str, quotes: list[str]) -> bool:
    """The exact identifier, letter case included, and not part of a longer code."""
    pattern = re.compile(r"(?<![0-9A-Za-z])" + re.escape(normalise(value)) + r"(?![0-9A-Za-z])")
    return any(pattern.search(q) for q in quotes)


def vocabulary_stated(vocab: str, value: str, quotes: list[str]) -> bool:
    if value.startswith("phase-") and vocab in ("stage", "phase"):
        return phase_stated(value, quotes)
    terms = evidence().get(vocab, {}).get(value)
    if terms is None:
        return True  # not a value of the vocabulary: the schema reports it
    if not terms:
        return True  # other, unknown, not-stated: no claim to support
    return any(term_in(q, t) for q in quotes for t in terms)


# --- which fields hold which kind of value ---------------------------------------------------

NAME, NAMES, IDENT, IDENTS, DATE, NUMBER, MONEY, CURRENCY, PHASE, WORDS = (
    "name", "names", "identifier", "identifiers", "date", "number", "money", "currency", "phase", "words")

# block (top-level key of a profile; a list's items are blocks each) -> field -> kind, where a
# kind is one of the above or ("vocabulary", vocabulary) / ("vocabularies", vocabulary) for lists.
FIELDS: dict[str, dict] = {
    "names": {"en": NAME, "zh": NAME, "code": NAME, "aliases": NAMES},
    "developers": {"name": NAME, "name_zh": NAME, "short_name": NAME, "aliases": NAMES, "parent": NAME,
                   "parent_zh": NAME, "founder": NAME, "relationship": ("vocabulary", "relationship")},
    "institutions": {"name": NAME, "name_zh": NAME, "aliases": NAMES},
    "people": {"name": NAME, "name_zh": NAME, "affiliation": NAME},
    "cells": {"cell_type": ("vocabulary", "cell_type"), "derived_cell_type": ("vocabulary", "derived_cell_type"),
              "tissue_source": ("vocabulary", "tissue_source"), "donor_type": ("vocabulary", "donor_type")},
    "indications": {"name": NAME, "name_zh": NAME, "abbreviation": NAME, "aliases": NAMES,
                    "therapeutic_areas": ("vocabularies", "therapeutic_area")},
    "regulatory": {"pathway": ("vocabulary", "pathway"), "regulators": NAMES, "guidelines": NAMES,
                   "designations": ("vocabularies", "designation")},
    "identifiers": {"value": IDENT},
    "development": {"stage": ("vocabulary", "stage"), "status": ("vocabulary", "status"), "as_of": DATE},
    "trials": {"title": NAME, "phase": PHASE, "design": WORDS, "sites": NAMES, "investigators": NAMES,
               "identifiers": IDENTS, "enrollment": {"target": NUMBER, "actual": NUMBER}},
    "milestones": {"date": DATE, "event": ("vocabulary", "event_type")},
    "financials": {"amount": MONEY, "currency": CURRENCY, "as_of": DATE},
}
# Not facts about the product: references to other fields, the editor's own review date, the
# citations themselves, `year_from`, which says where a date's year comes from (checked with it), and
# a coverage figure's `compare`, which names the tracker's own count set beside it.
NOT_STATEMENTS = frozenset({"cite", "refs", "indication", "year_from", "last_reviewed", "id", "approximate", "compare"})

CHECKS = {
    IDENT: lambda v, q, **_: identifier_stated(v, q),
    NAME: lambda v, q, **_: name_stated(v, q),
    WORDS: lambda v, q, **_: name_stated(v, q),
    DATE: lambda v, q, year_elsewhere=False, **_: date_stated(v, q, year_elsewhere),
    NUMBER: lambda v, q, **_: number_stated(v, q),
    MONEY: lambda v, q, **_: number_stated(v, q),
    CURRENCY: lambda v, q, **_: currency_stated(v, q),
    PHASE: lambda v, q, **_: phase_stated(v, q),
    "vocabulary": lambda v, q, vocab="", **_: vocabulary_stated(vocab, v, q),
}


@dataclass
class Provenance:
    """What the fact-level check found in one profile (or context file)."""
    verified: dict[str, str] = field(default_factory=dict)  # field path -> value, stated by a seed quote
    cited: dict[str, str] = field(default_factory=dict)  # field path -> value, cited to a web page, not verified
    free_text: int = 0  # statements no machine can check: cited, reviewed by people
    web_citations: int = 0
    web_urls: tuple = ()

    def counts(self) -> dict:
        return {"verified": len(self.verified), "cited_not_verified": len(self.cited),
                "free_text": self.free_text, "web_citations": self.web_citations}


@dataclass
class Finding:
    path: tuple
    message: str


def leaves(kind, value, path: tuple):
    """(path, kind, value) of every checkable value under one field."""
    if isinstance(kind, dict):
        if isinstance(value, dict):
            for k, v in value.items():
                if k in kind:
                    yield from leaves(kind[k], v, path + (k,))
        return
    if kind in (NAMES, IDENTS) or (isinstance(kind, tuple) and kind[0] == "vocabularies"):
        single = NAME if kind == NAMES else IDENT if kind == IDENTS else ("vocabulary", kind[1])
        if isinstance(value, list):
            for i, v in enumerate(value):
                yield from leaves(single, v, path + (i,))
        return
    if kind == WORDS and isinstance(value, list):
        for i, v in enumerate(value):
            yield path + (i,), WORDS, v
        return
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        yield path, kind, value


def _free(value, path: tuple, checked: set) -> int:
    if path in checked:
        return 0
    if isinstance(value, dict):
        return sum(_free(v, path + (k,), checked) for k, v in value.items() if k not in NOT_STATEMENTS)
    if isinstance(value, list):
        return sum(_free(v, path + (i,), checked) for i, v in enumerate(value))
    return 1 if isinstance(value, (str, int, float)) else 0


# The home page's public aggregate figures (context/coverage.yaml): checked like a profile's facts.
COVERAGE_FIELDS = {"figures": {"value": NUMBER, "as_of": DATE}}


def blocks(data: dict, fields: dict = FIELDS):
    """(path, block, field table) of every block of a profile (or of a context file, with its
    own `fields`), in document order."""
    for key, value in data.items():
        table = fields.get(key)
        if isinstance(value, dict) and "cite" in value:
            yield (key,), value, table or {}
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict) and "cite" in item:
                    yield (key, i), item, table or {}


def _quote_list(quotes: list[tuple[int, str]]) -> str:
    shown = [f"cite[{i}] {q[:100] + ('…' if len(q) > 100 else '')!r}" for i, q in quotes]
    return "; ".join(shown)


def _describe(kind, value, vocab: str = "") -> str:
    if kind == "vocabulary":
        terms = evidence().get(vocab, {}).get(value) or []
        if value.startswith("phase-"):
            return f"'{value}' needs a quote that names the phase (Phase IIa = Phase 2a = IIa期)"
        return f"'{value}' needs a quote holding one of its evidence terms ({', '.join(repr(t) for t in terms[:8])}{', …' if len(terms) > 8 else ''})"
    if kind == DATE:
        return f"{value} is written in no quote of this block in any form ({', '.join(written_forms(value))}, ...)"
    if kind in (NUMBER, MONEY):
        return f"{value} stands in no quote of this block (23.52 million, 2352万 and 23,520,000 all count)"
    if kind == PHASE:
        return f"'{value}' needs a quote that names the phase (Phase IIa = Phase 2a = IIa期)"
    if kind == IDENT:
        return f"identifier {value} stands exactly in no quote of this block"
    return f"'{value}' stands in no quote of this block"


def fact_check(data: dict, sources: dict[str, Source], fields: dict = FIELDS) -> tuple[list[Finding], Provenance]:
    """Every checkable value of every block against the block's seed quotes."""
    findings: list[Finding] = []
    prov = Provenance()
    urls = []
    for path, block, table in blocks(data, fields):
        cite = block.get("cite")
        if not isinstance(cite, list):
            continue  # the schema reports it
        quotes: list[tuple[int, str]] = []  # (index in cite, normalised quote) of found seed quotes
        by_source: dict[str, list[str]] = {}
        web = broken = False
        for i, c in enumerate(cite):
            ref = c.get("source") if isinstance(c, dict) else None
            if isinstance(ref, str) and is_url(ref):
                web = True
                prov.web_citations += 1
                urls.append(ref)
            elif (isinstance(ref, str) and isinstance(c.get("quote"), str) and ref in sources
                  and quote_length_problem(c["quote"]) is None and normalise(c["quote"]) in sources[ref].normalised):
                text = normalise(c["quote"])
                quotes.append((i, text))
                by_source.setdefault(ref, []).append(text)
            else:
                broken = True  # reported as a citation problem; the facts are checked once it is fixed
        if broken:
            continue
        texts = [q for _, q in quotes]
        checked: set = set()
        for key, kind in table.items():
            if key not in block:
                continue
            for vpath, vkind, value in leaves(kind, block[key], (key,)):
                checked.add(vpath)
                name, vocab = (vkind if isinstance(vkind, tuple) else (vkind, ""))
                if name == DATE and not _real_date(str(value)):
                    continue  # the date rule reports it
                if name in (NUMBER, MONEY) and not isinstance(value, (int, float)):
                    continue  # the schema reports it
                if name == "vocabulary" and evidence().get(vocab, {}).get(value) == []:
                    continue  # other, unknown, not-stated: a value that claims nothing is neither checked nor counted
                full = path + vpath
                year_from = block.get("year_from") if name == DATE and key == "date" else None
                if year_from is not None:
                    message = _year_from_problem(str(value), year_from, by_source, sources)
                    if message:
                        findings.append(Finding(path + ("year_from",), message))
                        continue
                    ok = CHECKS[DATE](str(value), by_source.get(year_from, []), year_elsewhere=True)
                else:
                    ok = CHECKS[name](value if name in (NUMBER, MONEY) else str(value), texts, vocab=vocab)
                shown = str(value)
                if ok:
                    prov.verified[field_path(full)] = shown
                elif web:
                    prov.cited[field_path(full)] = shown
                elif quotes:
                    given = ""
                    if name == DATE:
                        dates = {d for _, q in quotes for d in dates_in(fold(q))}
                        dates = {d for d in dates if d[1] or not any(o[0] == d[0] and o[1] for o in dates)}
                        found = sorted({_show_date(d) for d in dates})
                        given = f" (the quotes give {', '.join(found)})" if found else " (the quotes give no date)"
                        y, mo, d = parse_date(shown)
                        if (None, mo, d) in dates and mo:
                            given += ("; if the year comes from the document's date line, say so with "
                                      "`year_from: <its file name>`")
                    findings.append(Finding(full, f"{_describe(name, shown, vocab)}{given}: not in {_quote_list(quotes)}"))
                else:
                    findings.append(Finding(full, f"{_describe(name, shown, vocab)}: the block cites no quote that could state it"))
        prov.free_text += _free(block, (), checked)
    prov.web_urls = tuple(sorted(set(urls)))
    return findings, prov


def _year_from_problem(value: str, ref, by_source: dict[str, list[str]], sources: dict[str, Source]) -> str | None:
    """`year_from` names the cited document whose date line gives the year the text leaves out;
    each part is then checked where it comes from: the year in the document's date line (as
    recorded in sources.yaml and found in the document), month and day in a quote."""
    y, mo, d = parse_date(value)
    if not isinstance(ref, str) or ref not in by_source:  # a list or map here is the schema's to name
        return f"'{ref}' is not a document this block quotes: year_from names the cited document whose date line gives the year"
    published = sources[ref].published
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", published):
        return f"{ref} has no publication date in seeds/sources.yaml ({published!r}): the year cannot come from its date line"
    if parse_date(published)[0] != y:
        return f"the year of {value} is not the year of {ref}'s date line ({published})"
    if published not in sources[ref].normalised and not date_stated(published, [sources[ref].text]):
        return f"{ref}'s publication date {published} is not written in the document: no date line to take the year from"
    if value > published:
        return f"{value} is after the date line of {ref} ({published}) that gives its year"
    if mo is None:
        return "year_from is for a date whose month and day stand in the text: a year alone comes from a quote"
    return None


def glossary_findings(term: str, entry: dict, sources: dict[str, Source]) -> list[Finding]:
    """A cited glossary entry: some quote must hold both the abbreviation and its expansion."""
    cite = [c for c in listed(entry.get("cite")) if isinstance(c, dict) and isinstance(c.get("source"), str)]
    quotes = [normalise(c["quote"]) for c in cite if isinstance(c.get("quote"), str) and c["source"] in sources]
    if not quotes or any(is_url(c["source"]) for c in cite):
        return []
    expansion = entry.get("expansion")
    if isinstance(expansion, str) and not any(term_in(q, term) and term_in(q, expansion) for q in quotes):
        return [Finding((term, "expansion"), f"no quote of this entry holds both '{term}' and '{expansion}': cite a passage that spells the abbreviation out, or mark the entry `own_explanation: true` and drop the citation")]
    return []
