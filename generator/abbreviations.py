"""Abbreviations as tooltips: wrap every glossary term in generated page text in <abbr>.

Python-Markdown's abbr extension cannot reach text inside the raw HTML blocks the pages are
made of, so the generator marks terms itself: in text only, never inside a tag, in code, in SVG, in a
time or title element, in an existing abbr, in a Markdown attribute list or in the front
matter. Terms glued to other letters or digits are left alone; an English abbreviation next to
Chinese characters is still matched. This runs on every generated page, so it scans for the
terms only and looks at the context of each hit, rather than walking every tag.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from markupsafe import escape

_SKIP = ("code", "abbr", "title", "script", "style", "time", "textarea", "option", "svg")


@lru_cache(maxsize=8)
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9-])({alternatives})(s?)(?![A-Za-z0-9-])")


_REGIONS = re.compile(r"<(" + "|".join(_SKIP) + r")\b.*?</\1>", re.S)


def abbreviate(page: str, glossary: dict) -> str:
    """`page` is generated Markdown: front matter, then Markdown and raw HTML."""
    if not glossary:
        return page
    start = page.index("\n---\n", 4) + 5 if page.startswith("---\n") else 0
    regions = [m.span() for m in _REGIONS.finditer(page, start)]
    region_starts = [a for a, _ in regions]
    out, last = [], 0
    for m in _pattern(tuple(glossary)).finditer(page, start):
        at = m.start()
        if page.rfind("<", 0, at) > page.rfind(">", 0, at):
            continue  # inside a tag or an HTML comment
        line_start = page.rfind("\n", 0, at) + 1
        if page.rfind("{:", line_start, at) > page.rfind("}", line_start, at):
            continue  # inside a Markdown attribute list
        i = bisect.bisect_right(region_starts, at) - 1
        if i >= 0 and at < regions[i][1]:
            continue  # inside code, an abbr, a time element...
        term = m.group(1)
        title = escape(f"{term}: {glossary[term]['expansion']}")
        out += [page[last:at], f'<abbr title="{title}">{term}</abbr>{m.group(2)}']
        last = m.end()
    out.append(page[last:])
    return "".join(out)
