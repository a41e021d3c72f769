"""Abbreviations as tooltips: wrap the first use of each glossary term on a generated page in
<abbr>, as style guides ask (later uses are plain text; the glossary page explains them all).

Python-Markdown's abbr extension cannot reach text inside the raw HTML blocks the pages are
made of, so the generator marks terms itself: in text only, never inside a tag, in code, in SVG,
in a time or title element, in navigation (the facet links are flex boxes, which an abbr would
split), in an existing abbr, in a Markdown attribute list or in the front matter. Terms glued to
other letters or digits are left alone; an English abbreviation next to Chinese characters is
still matched. This runs on every generated page, so it scans for the
terms only and looks at the context of each hit, rather than walking every tag.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from markupsafe import escape

_SKIP = ("code", "abbr", "title", "script", "style", "time", "textarea", "option", "svg", "nav")


_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


@lru_cache(maxsize=8)
def _pattern(terms: tuple[bytes, ...]) -> re.Pattern:
    # No look-behind in front: a pattern that starts with the terms themselves lets the regex
    # engine skip quickly to bytes that can begin one, several times faster on long pages. The
    # character before a hit is checked by _hits instead.
    alternatives = b"|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rb"(" + alternatives + rb")(s?)(?![A-Za-z0-9-])")


def _hits(page: bytes, start: int, terms: tuple[bytes, ...]):
    """Every whole-word occurrence of a term (a plural "s" included) as a regex match. The page
    is UTF-8: letters of other scripts are bytes of 0x80 and above, never word bytes, so a term
    next to Chinese text still counts."""
    pattern = _pattern(terms)
    m = pattern.search(page, start)
    while m:
        at = m.start()
        if at and page[at - 1] in _WORD:
            m = pattern.search(page, at + 1)  # glued to a word: try the next position
            continue
        yield m
        m = pattern.search(page, m.end())


# Where no term is marked: elements whose text is not prose, and Markdown attribute lists.
_REGIONS = re.compile(rb"<(" + "|".join(_SKIP).encode() + rb")\b.*?</\1>|\{:[^}\n]*\}?", re.S)


def abbreviate(page: bytes, glossary: dict) -> bytes:
    """`page` is generated Markdown in UTF-8: front matter, then Markdown and raw HTML."""
    if not glossary:
        return page
    start = page.index(b"\n---\n", 4) + 5 if page.startswith(b"---\n") else 0
    regions = [m.span() for m in _REGIONS.finditer(page, start)]
    region_starts = [a for a, _ in regions]
    # The title is the expansion alone, as Markdown's abbr extension writes it: the tooltip
    # stands on the term itself.
    opening = {term.encode(): b'<abbr title="%s">' % str(escape(entry["expansion"])).encode()
               for term, entry in glossary.items()}
    out, last, done = [], 0, set()
    for m in _hits(page, start, tuple(opening)):
        at, term = m.start(), m.group(1)
        if page.rfind(b"<", 0, at) > page.rfind(b">", 0, at):
            continue  # inside a tag or an HTML comment
        i = bisect.bisect_right(region_starts, at) - 1
        if i >= 0 and at < regions[i][1]:
            continue  # inside code, an abbr, a time element, an attribute list...
        if term in done:
            continue
        done.add(term)
        out += [page[last:at], opening[term], term, b"</abbr>", m.group(2)]
        last = m.end()
    out.append(page[last:])
    return b"".join(out)
