"""Milestones laid out as pages: the newest on the Timeline page, and every year on pages of its
own, so no page grows with the whole tracker. At 1,000 profiles one page of every milestone
weighed 2 MB, and one page of the busiest year (330 milestones) 2,900 elements, which a phone
took most of a second to lay out; a year now has pages of at most PAGE_MILESTONES, whole months
where they fit, and its first page at the year's own address.

The layout is the same at any size: with a handful of profiles the Timeline page simply shows
every milestone, and the year pages exist anyway so their addresses can be cited.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from . import routes
from .model import counted
from .paging import Pager, pager

LATEST = 50  # milestones on the Timeline page
CHART_MARKS = 50  # a page draws a dot per milestone (a row per product) up to this many; a year's page
                  # with more draws a bar per month instead
# A year's page lists at most this many milestones (about 8 elements each): with the month chart
# and Material's own page, about 600 elements, as many as the Timeline page has.
PAGE_MILESTONES = 50

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass
class Group:
    """A heading and the milestones under it: a year on the Timeline page, a month on a year's."""
    heading: str
    anchor: str
    entries: list
    href: str = ""  # in a year's chart: from the page to where the month's list starts


@dataclass
class TimelinePage:
    rel: str  # the page's Markdown file under docs/
    to_root: str  # from the page's URL to the site's root
    year: str | None  # None: the Timeline page
    entries: list  # what the page lists, newest first
    groups: list[Group]
    event_types: list[str]  # the event types the page shows, in the vocabulary's order
    chart: str  # "dots" (a dot per milestone, a row per product), "months" (a bar per month) or ""
    months: list[Group] = field(default_factory=list)  # a year's: every month of it, for its chart
    pager: Pager | None = None  # a year's, when it has more than one page
    summary: str = ""  # a year's page: what it lists
    caption: str = ""  # the chart's
    scroll_hint: str = ""  # the chart's, on a narrow screen, where it scrolls sideways in its box
    title: str = ""  # a year's page: its title (in the browser's tab and the search results)
    forwards_old_anchors: bool = False  # a year's first page, when the year has others: see timeline_year.md.j2
    years: list[tuple[str, int, str | None]] = field(default_factory=list)  # every year, newest first: (year,
    # its number of milestones, the Markdown link from this page to its page; None on the year's own pages)
    total: int = 0  # milestones in all

    @property
    def partial(self) -> bool:
        """The Timeline page lists the newest milestones only: it says so, and links every year again below."""
        return self.total > len(self.entries)


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


def _pack(months: list[Group], limit: int) -> list[list[Group]]:
    """A year's months on pages of at most `limit` milestones: whole months while they fit; a month
    longer than a page starts a page of its own and goes on over the next ("(continued)")."""
    pages: list[list[Group]] = [[]]
    size = 0
    for month in months:
        if size and size + len(month.entries) > limit:
            pages.append([])
            size = 0
        for part, start in enumerate(range(0, len(month.entries), limit)):
            if part:
                pages.append([])
                size = 0
            chunk = month.entries[start:start + limit]
            pages[-1].append(Group(month.heading + (" (continued)" if part else ""),
                                   month.anchor + (f"-{part + 1}" if part else ""), chunk))
            size += len(chunk)
    return pages


def _year_pages(year: str, shown: list, event_order: list[str]) -> list[TimelinePage]:
    months = _group(shown, _by_month)
    packed = _pack(months, PAGE_MILESTONES)
    count = len(packed)
    # a dot per milestone where one page holds the year and the dots are few; else a bar per month,
    # the same on each of the year's pages
    chart = "dots" if count == 1 and len(shown) <= CHART_MARKS else "months"
    page_of = {g.anchor: n for n, groups in enumerate(packed, 1) for g in groups}
    if chart == "dots":
        caption = "Milestones over time, by product; each dot links to its profile."
    else:
        caption = ("Milestones per month; each bar leads to its month"
                   + (" in the list below" if count == 1 else ", on this page or another of the year's")
                   + ", and counts every milestone of the month, whatever the filter shows.")
    out = []
    for number, groups in enumerate(packed, 1):
        where = routes.route("year", number, year=year)

        def month(m: Group) -> Group:
            """A month for the chart: its bar leads to the page where its list starts."""
            on = page_of[m.anchor]
            return Group(m.heading, m.anchor, m.entries, ("" if on == number else where.href("year", on, year=year)) + f"#{m.anchor}")
        entries = [e for g in groups for e in g.entries]
        if count == 1:
            summary = f"{counted(len(shown), 'milestone')}, newest first, by month; citation numbers lead to the source notes on each profile."
        else:
            here = " and ".join(g.heading for g in groups) if len(groups) <= 2 else f"{groups[0].heading} to {groups[-1].heading}"
            summary = (f"{counted(len(shown), 'milestone')}, newest first, by month, on {count} pages; this page lists "
                       f"{here} ({len(entries)}). Citation numbers lead to the source notes on each profile.")
        present = {e["milestone"]["event"] for e in entries}
        out.append(TimelinePage(
            where.path, where.to_root, year, entries, groups, [k for k in event_order if k in present], chart,
            months=[month(m) for m in months],
            pager=pager(number, count, lambda n: where.href("year", n, year=year)) if count > 1 else None,
            summary=summary, caption=caption,
            scroll_hint="Scroll the chart sideways to see every " + ("month." if chart == "months" else "year."),
            title=f"Timeline: {year}" + (f", page {number} of {count}" if number > 1 else ""),
            forwards_old_anchors=number == 1 and count > 1))
    return out


def timeline_pages(entries: list, event_order: list[str]) -> list[TimelinePage]:
    """`entries` are every milestone, newest first (exports.milestone_entries)."""
    counts = years(entries)
    newest = entries[:LATEST]
    present = {e["milestone"]["event"] for e in newest}
    where = routes.route("timeline")
    # The Timeline page always has dots: it lists LATEST milestones at most.
    pages = [TimelinePage(where.path, where.to_root, None, newest, _group(newest, _by_year), [k for k in event_order if k in present],
                          "dots" if newest else "", caption="Milestones over time, by product; each dot links to its profile.",
                          scroll_hint="Scroll the chart sideways to see every year.")]
    for year, shown in groupby(entries, key=lambda e: e["milestone"]["date"][:4]):  # newest first: years are contiguous
        pages += _year_pages(year, list(shown), event_order)
    for page in pages:
        here = routes.at(page.rel)
        page.years = [(y, n, None if y == page.year else here.md_link("year", year=y)) for y, n in counts]
        page.total = len(entries)
    return pages
