"""Milestones laid out as pages: the newest on the Timeline page, and every year on a page of its
own, so no page grows with the whole tracker. At 1,000 profiles one page of every milestone
weighed 2 MB; a year of them is about 150 KB, and the Timeline page stays the same size.

The layout is the same at any size: with a handful of profiles the Timeline page simply shows
every milestone, and the year pages exist anyway so their addresses can be cited.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from . import routes

LATEST = 50  # milestones on the Timeline page
CHART_MARKS = 50  # a page draws a dot per milestone (a row per product) up to this many; a year's page
                  # with more draws a bar per month instead

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass
class Group:
    """A heading and the milestones under it: a year on the Timeline page, a month on a year's."""
    heading: str
    anchor: str
    entries: list


@dataclass
class TimelinePage:
    rel: str  # the page's Markdown file under docs/
    to_root: str  # from the page's URL to the site's root
    year: str | None  # None: the Timeline page
    entries: list  # what the page lists, newest first
    groups: list[Group]
    event_types: list[str]  # the event types the page shows, in the vocabulary's order
    chart: str  # "dots" (a dot per milestone, a row per product), "months" (a bar per month) or ""


def _group(entries: list, key) -> list[Group]:
    return [Group(heading, anchor, list(group))
            for (heading, anchor), group in groupby(entries, key=lambda e: key(e["milestone"]["date"]))]


def _by_year(date: str) -> tuple[str, str]:
    return date[:4], f"y{date[:4]}"


def _by_month(date: str) -> tuple[str, str]:
    # Newest first puts a date given as a year alone after that year's months.
    if len(date) < 7:
        return f"{date[:4]}, month not reported", f"m{date[:4]}"
    return f"{MONTHS[int(date[5:7]) - 1]} {date[:4]}", f"m{date[:7]}"


def years(entries: list) -> list[tuple[str, int]]:
    """(year, number of milestones), newest first."""
    counts: dict[str, int] = {}
    for e in entries:
        year = e["milestone"]["date"][:4]
        counts[year] = counts.get(year, 0) + 1
    return sorted(counts.items(), reverse=True)


def timeline_pages(entries: list, event_order: list[str]) -> list[TimelinePage]:
    """`entries` are every milestone, newest first (exports.milestone_entries)."""
    def page(rel: str, to_root: str, year: str | None, shown: list, key) -> TimelinePage:
        present = {e["milestone"]["event"] for e in shown}
        # The Timeline page always has dots: it lists LATEST milestones at most.
        chart = "" if not shown else "dots" if year is None or len(shown) <= CHART_MARKS else "months"
        return TimelinePage(rel, to_root, year, shown, _group(shown, key), [k for k in event_order if k in present], chart)

    where = routes.route("timeline")
    pages = [page(where.path, where.to_root, None, entries[:LATEST], _by_year)]
    for year, shown in groupby(entries, key=lambda e: e["milestone"]["date"][:4]):  # newest first: years are contiguous
        where = routes.route("year", year=year)
        pages.append(page(where.path, where.to_root, year, list(shown), _by_month))
    return pages
