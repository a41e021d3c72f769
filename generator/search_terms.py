"""Extra index words so Chinese can be searched from any word within a longer name.

Pagefind matches the start of words, and an English page's Chinese text is one long "word"
per run of characters: 中源协和细胞基因工程股份有限公司 can then be found by 中源协和 but not by
细胞基因工程. The generator therefore lists, in a hidden element of the page, every run cut
into words by jieba and each tail of that cut (细胞基因工程股份有限公司, 基因工程股份有限公司,
...), so a query starting at any word boundary matches. Readers never see the list.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _jieba():
    import jieba  # loads its dictionary (about half a second): only when there is Chinese

    jieba.setLogLevel(logging.WARNING)
    return jieba


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
            if len(run) < 2:
                continue
            jieba = _jieba()
            tokens = list(jieba.cut(run))
            for i in range(len(tokens)):
                words.setdefault("".join(tokens[i:]))
            for token in jieba.cut_for_search(run):
                if len(token) > 1:
                    words.setdefault(token)
    return " ".join(words)
