"""MkDocs hook: drop the indentation and blank lines from each page's HTML before it is written.

Material's templates indent deeply: about a fifth of a page is leading whitespace. Removing it
changes nothing a reader sees (a line break still separates what it separated) while readers
on slow or metered connections download less. Text in <pre>, <textarea> and <script> is kept
exactly. Kept apart from the generator hook so a build without the generator
(benchmarks/bench_build.py's bare build) is trimmed alike.
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")  # indentation and blank lines


def trim(html: str) -> str:
    parts = _KEEP.split(html)
    # split() yields: text, kept block, its tag name, text, kept block, its tag name, ..., text
    return "".join(_INDENT.sub("\n", part) if i % 3 == 0 else part
                   for i, part in enumerate(parts) if i % 3 != 2)


def on_post_page(output: str, **kwargs) -> str:
    return trim(output)
