"""Long lists over several pages: the links from each page to the others. Shared by the profiles
overview, the year pages of the timeline and the source pages' lists of citing profiles, so no
page grows with the tracker (the page's own address holds the first page, so links made before a
list was split still lead to it).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

# Up to this many pages the pager links every one; past it, the first, the last and the three
# either side of the page, with a gap ("…") between: at 10,000 profiles the overview has 200
# pages, and a link to each on every one of them would be 200 elements a page.
ALL_PAGES = 20
AROUND = 3


class Pager(NamedTuple):
    """Where a page stands among its list's pages; hrefs are relative to the page."""
    number: int  # from 1
    count: int
    links: list[tuple[int | None, str | None]]  # (number, href; None for this page); (None, None) is a gap
    previous: str | None
    next: str | None


def pager(number: int, count: int, href: Callable[[int], str]) -> Pager:
    """`href(n)`: the link from this page to page n."""
    if count <= ALL_PAGES:
        shown = range(1, count + 1)
    else:
        shown = sorted({1, count, *range(max(1, number - AROUND), min(count, number + AROUND) + 1)})
    links: list[tuple[int | None, str | None]] = []
    for n in shown:
        if links and links[-1][0] is not None and n > links[-1][0] + 1:
            links.append((None, None))
        links.append((n, None if n == number else href(n)))
    return Pager(number, count, links, href(number - 1) if number > 1 else None, href(number + 1) if number < count else None)


def chunks(items: list, size: int) -> list[list]:
    """The items, `size` a page; one empty page for no items (a list's first page always exists)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
