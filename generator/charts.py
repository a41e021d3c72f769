"""SVG charts drawn at build time: the pipeline (every product placed by stage) and the
milestones over time. No charting script runs in the reader's browser.

Every label is escaped; colours come from CSS classes (docs/stylesheets/extra.css) so the
charts follow light and dark mode; each chart has a title and description for screen readers,
and every mark is a link to its profile with its own accessible name.

Links in the charts are written xlink:href, not href: Material's instant navigation (no longer
turned on, see mkdocs.yml) rewrites the href of every element that has one, and an SVG link's
href cannot be set from a script, so the script stopped with an error on the pages with a chart.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .model import STAGE_ORDER, ProfileView, labels
from .timeline import MONTHS

# Pipeline columns, left to right; each stage of the schema falls in one.
COLUMNS = (
    ("Preclinical", ("preclinical",)),
    ("IND filed", ("ind-filed",)),
    ("IND approved", ("ind-approved",)),
    ("Clinical research", ("clinical-research",)),
    ("Phase I", ("phase-1", "phase-1-2")),
    ("Phase II", ("phase-2", "phase-2a", "phase-2b")),
    ("Phase III", ("phase-3",)),
    ("Approval filed", ("nda-filed",)),
    ("Approved", ("approved-conditional", "approved")),
)
COLUMN_OF = {stage: i for i, (_, stages) in enumerate(COLUMNS) for stage in stages}
ROW, LABEL_W, COL_W, TOP = 26, 300, 84, 52


def _cell_type(view: ProfileView) -> str:
    return (view.data.get("cells") or {}).get("cell_type") or "not-reported"


LEGEND_ROW = 20


def _legend_places(keys: list[str], names: dict[str, str], width: int) -> list[tuple[int, int]]:
    """(x, row) of each key of a legend, on as many rows as the chart's width needs (a legend of
    eight cell types ran 300 units past the pipeline chart's right edge, out of sight)."""
    out, x, row = [], 0, 0
    for key in keys:
        size = 30 + 7 * len(names[key])
        if x and x + size - 12 > width:
            x, row = 0, row + 1
        out.append((x, row))
        x += size
    return out


def _legend(keys: list[str], names: dict[str, str], y: int, prefix: str, width: int) -> list[str]:
    return [f'<g transform="translate({x},{y + row * LEGEND_ROW})"><rect class="{prefix}-{key}" width="12" height="12" rx="2"/>'
            f'<text x="18" y="10" class="cst-chart-small">{escape(names[key])}</text></g>'
            for key, (x, row) in zip(keys, _legend_places(keys, names, width))]


def _legend_rows(keys: list[str], names: dict[str, str], width: int) -> int:
    return max((row for _, row in _legend_places(keys, names, width)), default=0) + 1


def pipeline_svg(views: list[ProfileView], to_root: str, limit: int | None = None) -> str:
    """One row per product, a bar from the first column to its stage, coloured by cell type.
    With `limit`, only the products furthest along get a row (on the home page, which links to
    the Profiles page for the rest), so the chart does not grow with the tracker; each column's
    heading counts them all."""
    lab = labels()
    names = {**lab["cell_type"], "not-reported": "Cell type not reported"}
    # the furthest along as the Profiles page orders them (by stage, then title), each drawn in its column
    ranked = sorted(views, key=lambda v: (-STAGE_ORDER.index(v.data["development"]["stage"]), v.title.lower(), v.id))
    shown = sorted(ranked[:limit], key=lambda v: (-COLUMN_OF[v.data["development"]["stage"]], v.title.lower(), v.id))
    counts = [0] * len(COLUMNS)
    for v in views:
        counts[COLUMN_OF[v.data["development"]["stage"]]] += 1
    width = LABEL_W + COL_W * len(COLUMNS)
    present = [k for k in list(lab["cell_type"]) + ["not-reported"] if any(_cell_type(v) == k for v in shown)]
    bottom = TOP + ROW * len(shown)  # of the grid; the legend below it
    height = bottom + 40 + LEGEND_ROW * (_legend_rows(present, names, width) - 1)
    some = f"the {len(shown)} furthest along of {len(views)} products" if len(shown) < len(views) else f"{len(views)} products"
    parts = [
        f'<svg class="cst-chart" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-labelledby="pipeline-title" aria-describedby="pipeline-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pipeline-title">Pipeline: {"products" if len(shown) < len(views) else "every product"} by stage</title>',
        f'<desc id="pipeline-desc">{some[0].upper() + some[1:]}. Each bar runs from the left to the stage the '
        'product has reached and is coloured by cell type; each bar links to its profile. Each column '
        'heading gives the number of products at that stage. The Profiles page lists every product with its stage.</desc>',
    ]
    for i, (name, _) in enumerate(COLUMNS):
        x = LABEL_W + i * COL_W
        parts.append(f'<text x="{x + COL_W / 2:.0f}" y="16" text-anchor="middle" class="cst-chart-small">{escape(name)}</text>')
        parts.append(f'<text x="{x + COL_W / 2:.0f}" y="30" text-anchor="middle" class="cst-chart-small">{counts[i]}</text>')
        parts.append(f'<line x1="{x}" y1="36" x2="{x}" y2="{bottom}" class="cst-chart-grid"/>')
    for r, v in enumerate(shown):
        y = TOP + r * ROW
        col = COLUMN_OF[v.data["development"]["stage"]]
        label = v.title if len(v.title) <= 44 else v.title[:43] + "…"
        accessible = f"{v.title}: {v.stage}, {names[_cell_type(v)]}"
        parts.append(
            f'<a xlink:href={quoteattr(to_root + v.url)} aria-label={quoteattr(accessible)}>'
            f'<title>{escape(accessible)}</title>'
            f'<text x="{LABEL_W - 8}" y="{y + 4}" text-anchor="end" class="cst-chart-label">{escape(label)}</text>'
            f'<rect class="cst-ct-{_cell_type(v)}" x="{LABEL_W + 2}" y="{y - 9}" width="{(col + 1) * COL_W - 4}" height="16" rx="3"/>'
            "</a>")
    parts += _legend(present, names, bottom + 16, "cst-ct", width)
    parts.append("</svg>")
    return "".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _year_fraction(date: str) -> float:
    parts = [int(p) for p in date.split("-")]
    year, month, day = parts[0], (parts[1] if len(parts) > 1 else 7), (parts[2] if len(parts) > 2 else 15)
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline_svg(entries: list[dict], to_root: str) -> str:
    """Milestones over time: one row per product, one dot per milestone, coloured by event type."""
    lab = labels()["event_type"]
    if not entries:
        return ""
    products = sorted({e["view"].id: e["view"] for e in entries}.values(), key=lambda v: v.title.lower())
    row_of = {v.id: i for i, v in enumerate(products)}
    first = int(min(_year_fraction(e["milestone"]["date"]) for e in entries))
    last = int(max(_year_fraction(e["milestone"]["date"]) for e in entries)) + 1
    span = max(last - first, 1)
    plot_w = 560
    present = [k for k in lab if any(e["milestone"]["event"] == k for e in entries)]
    width = LABEL_W + plot_w + 20
    legend_rows = _legend_rows(present, lab, width)
    bottom = TOP + ROW * len(products)  # of the grid; the legend below it
    height = bottom + 40 + LEGEND_ROW * (legend_rows - 1)

    def x_of(date: str) -> float:
        return LABEL_W + (_year_fraction(date) - first) / span * plot_w

    parts = [
        f'<svg class="cst-chart" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-labelledby="timeline-title" aria-describedby="timeline-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="timeline-title">Milestones over time</title>',
        f'<desc id="timeline-desc">{_count(len(entries), "milestone")} of {_count(len(products), "product")} from {first} to {last - 1}. '
        'Each dot is a milestone, placed by date and coloured by event type, and links to its profile. '
        'The list below gives every milestone with its date.</desc>',
    ]
    for year in range(first, last + 1):
        x = LABEL_W + (year - first) / span * plot_w
        parts.append(f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{bottom}" class="cst-chart-grid"/>')
        parts.append(f'<text x="{x:.1f}" y="16" text-anchor="middle" class="cst-chart-small">{year}</text>')
    for v in products:
        y = TOP + row_of[v.id] * ROW
        label = v.title if len(v.title) <= 44 else v.title[:43] + "…"
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + 4}" text-anchor="end" class="cst-chart-label">{escape(label)}</text>')
    for e in entries:
        v, m = e["view"], e["milestone"]
        name = f"{m['date']} {lab[m['event']]}: {v.title}"
        parts.append(
            f'<a xlink:href={quoteattr(to_root + v.url)} aria-label={quoteattr(name)} data-event="{m["event"]}">'
            f'<title>{escape(name)}</title><circle class="cst-ev-{m["event"]}" cx="{x_of(m["date"]):.1f}" cy="{TOP + row_of[v.id] * ROW}" r="7"/></a>')
    parts += _legend(present, lab, bottom + 16, "cst-ev", width)
    parts.append("</svg>")
    return "".join(parts)


def months_svg(groups: list, year: str) -> str:
    """A year's milestones per month: one bar per month, each linking to that month's list (its
    `href`, else its anchor on the page). For a year with too many milestones for a row per product
    (timeline.Group: one per month that has any, and one for dates given as the year alone)."""
    by_anchor = {g.anchor: g for g in groups}
    columns = [(name[:3], by_anchor.get(f"m{year}-{m + 1:02d}")) for m, name in enumerate(MONTHS)]
    if f"m{year}" in by_anchor:
        columns.append(("No month", by_anchor[f"m{year}"]))
    present = [g for _, g in columns if g is not None]
    top, total = max(len(g.entries) for g in present), sum(len(g.entries) for g in present)
    col_w, plot_h, base = 56, 120, 150
    width, height = col_w * len(columns), base + 24
    parts = [
        f'<svg class="cst-chart" viewBox="0 0 {width} {height}" width="100%" role="group" '
        f'aria-labelledby="months-title" aria-describedby="months-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="months-title">Milestones per month, {escape(year)}</title>',
        f'<desc id="months-desc">{_count(total, "milestone")} in {escape(year)}: '
        + ", ".join(f"{g.heading} {len(g.entries)}" for g in present)
        + ". Each bar links to its month's list.</desc>",
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" class="cst-chart-grid"/>',
    ]
    for i, (name, g) in enumerate(columns):
        x = i * col_w + col_w / 2
        parts.append(f'<text x="{x:.0f}" y="{base + 16}" text-anchor="middle" class="cst-chart-small">{name}</text>')
        if g is None:
            continue
        h = max(plot_h * len(g.entries) / top, 2)
        accessible = f"{g.heading}: {_count(len(g.entries), 'milestone')}"
        parts.append(
            f'<a xlink:href={quoteattr(g.href or "#" + g.anchor)} aria-label={quoteattr(accessible)}><title>{escape(accessible)}</title>'
            f'<rect class="cst-chart-bar" x="{x - 18:.0f}" y="{base - h:.1f}" width="36" height="{h:.1f}" rx="2"/>'
            f'<text x="{x:.0f}" y="{base - h - 5:.1f}" text-anchor="middle" class="cst-chart-small">{len(g.entries)}</text></a>')
    parts.append("</svg>")
    return "".join(parts)
