"""Abbreviations as tooltips: wrap every glossary term in generated page text in <abbr>.

Python-Markdown's abbr extension cannot reach text inside the raw HTML blocks the pages are
made of, so the generator marks terms itself, in text between tags only, never inside tags,
code, links' hidden parts or the front matter. Terms glued to other letters or digits are left
alone; an English abbreviation next to Chinese characters is still matched.
"""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import escape

_TAG = re.compile(r"(<[^>]*>)")
_SKIP = ("code", "abbr", "title", "script", "style", "time", "textarea", "option")


@lru_cache(maxsize=8)
def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9-])({alternatives})(s?)(?![A-Za-z0-9-])")


def abbreviate(page: str, glossary: dict) -> str:
    """`page` is generated Markdown: front matter, then Markdown and raw HTML."""
    if not glossary:
        return page
    front, sep, body = ("", "", page)
    if page.startswith("---\n"):
        end = page.index("\n---\n", 4) + 5
        front, body = page[:end], page[end:]
    pattern = _pattern(tuple(glossary))
    titles = {t: str(escape(f"{t}: {e['expansion']}")) for t, e in glossary.items()}
    out, skipping = [], []
    for part in _TAG.split(body):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skipping:
                        skipping.pop()
                else:
                    skipping.append(name.group(1).lower())
            out.append(part)
        elif skipping or not part:
            out.append(part)
        else:
            out.append(_mark_text(part, pattern, titles))
    return front + "".join(out)


def _mark_text(text: str, pattern: re.Pattern, titles: dict) -> str:
    lines = []
    for line in text.split("\n"):
        # Markdown lines the generator writes: headings carry {: #id } attributes; keep those clean
        head, attrs = (line, "")
        if line.rstrip().endswith("}") and "{:" in line:
            at = line.rindex("{:")
            head, attrs = line[:at], line[at:]
        lines.append(pattern.sub(lambda m: f'<abbr title="{titles[m.group(1)]}">{m.group(1)}</abbr>{m.group(2)}', head) + attrs)
    return "\n".join(lines)
