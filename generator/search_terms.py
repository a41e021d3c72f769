"""Extra index words so Chinese can be searched from anywhere within a longer name.

Pagefind matches the start of words, and an English page's Chinese text is one long "word"
per run of characters: 中源协和细胞基因工程股份有限公司 can then be found by 中源协和 but not by
细胞基因工程. The generator therefore lists, in a hidden element of the page, every tail of
every run of Chinese characters (协和细胞基因工程股份有限公司, 细胞基因工程股份有限公司, ...),
so a query starting at any character matches: what readers of Chinese expect from a search box,
and no word segmenter needed. Readers never see the list.
"""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
MAX_RUN = 48  # a longer run (a whole Chinese sentence) is indexed in pieces of this length


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def search_terms(data) -> str:
    words: dict[str, None] = {}
    for text in strings(data):
        for run in _HAN.findall(text):
            for start in range(0, len(run), MAX_RUN):
                piece = run[start:start + MAX_RUN]
                for i in range(len(piece) - 1):
                    words.setdefault(piece[i:])
    return " ".join(words)
