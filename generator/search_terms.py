"""Extra index words so Chinese can be searched from anywhere within a longer name.

Pagefind matches the start of words, and an English page's Chinese text is one long "word"
per run of characters: 中源协和细胞基因工程股份有限公司 can then be found by 中源协和 but not by
细胞基因工程. The generator therefore lists, in a hidden element of the page, every tail of
every run of Chinese characters (协和细胞基因工程股份有限公司, 细胞基因工程股份有限公司, ...),
so a query starting at any character matches: what readers of Chinese expect from a search box,
and no word segmenter needed. For names (short runs) the beginnings are listed too, so that a
name typed whole, 中源协和, is an exact word on the profile and ranks it first. Readers never see
the list: it is hidden and last on the page, and the search worker (docs/javascripts/
search-worker.js) quotes the page's own words in excerpts, never the list's.
"""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
MAX_RUN = 48  # a longer run (a whole Chinese sentence) is indexed in pieces of this length
SHORT_RUN = 24  # names and terms: their beginnings are listed too


def has_chinese(text: str) -> bool:
    return _HAN.search(text) is not None


def strings(value, out: list) -> list:
    """Every text in a profile's data, in document order, appended to `out`."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            strings(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            strings(v, out)
    return out


def search_terms(data) -> str:
    words: dict[str, None] = {}
    # One search over all the text at once (a line break is never part of a run)
    for run in _HAN.findall("\n".join(strings(data, []))):
        for start in range(0, len(run), MAX_RUN):
            piece = run[start:start + MAX_RUN]
            for i in range(len(piece) - 1):
                words.setdefault(piece[i:])
            if len(piece) <= SHORT_RUN:
                # and its beginnings, so a short name typed whole is an exact word (ranked higher)
                for j in range(2, len(piece)):
                    words.setdefault(piece[:j])
    return " ".join(words)
