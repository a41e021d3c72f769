"""The timeline's pages: the newest milestones, a page per year grouped by month, and the charts."""
from __future__ import annotations

import re
from types import SimpleNamespace

from conftest import copy_tree
from generator import charts, timeline
from generator.build import build
from generator.project import Project


def entry(date: str, event: str = "trial-kickoff", pid: str = "p") -> dict:
    view = SimpleNamespace(id=pid, title=pid.upper(), url=f"profiles/{pid}/")
    return {"view": view, "milestone": {"date": date, "event": event, "description": "x"}, "key": f"{pid}:{date}"}


def test_dates_given_without_a_day_or_a_month():
    # newest first, as exports.milestone_entries sorts them: a bare year after that year's months
    entries = [entry("2025-09-01", "ind-approved"), entry("2025-09"), entry("2025"), entry("2024-12", pid="q")]
    main, y2025, y2024 = timeline.timeline_pages(entries, ["ind-approved", "trial-kickoff"])
    assert [(g.heading, g.anchor, len(g.entries)) for g in main.groups] == [("2025", "y2025", 3), ("2024", "y2024", 1)]
    assert (main.rel, main.to_root, main.year, main.chart) == ("timeline.md", "../", None, "dots")
    assert [(g.heading, g.anchor, len(g.entries)) for g in y2025.groups] == [
        ("September 2025", "m2025-09", 2), ("2025, month not reported", "m2025", 1)]
    assert (y2025.rel, y2025.to_root, y2025.event_types) == ("timeline/2025.md", "../../", ["ind-approved", "trial-kickoff"])
    assert y2024.event_types == ["trial-kickoff"] and timeline.years(entries) == [("2025", 3), ("2024", 1)]


def test_month_bars_count_each_month_and_the_bare_year():
    entries = [entry("2025-09-01"), entry("2025-09"), entry("2025-02-10"), entry("2025")]
    svg = charts.months_svg(timeline.timeline_pages(entries, ["trial-kickoff"])[1].groups, "2025")
    bars = re.findall(r'<a xlink:href="#([^"]+)" aria-label="([^"]+)">', svg)
    assert bars == [("m2025-02", "February 2025: 1 milestone"), ("m2025-09", "September 2025: 2 milestones"),
                    ("m2025", "2025, month not reported: 1 milestone")]
    assert svg.count('class="cst-chart-small">') == 13 + 3  # 12 months and "No month", and a count per bar
    assert '<desc id="months-desc">4 milestones in 2025: ' in svg


def test_a_year_page_goes_with_its_last_milestone(tmp_path):
    project = Project(copy_tree(tmp_path / "tree"))
    assert not build(project).problems
    assert (project.docs_dir / "timeline/2024.md").is_file()
    (project.profiles_dir / "beike-huc-msc-sle.yaml").unlink()  # the only milestone in 2024
    outcome = build(project)
    assert not outcome.problems and not (project.docs_dir / "timeline/2024.md").exists()
    assert "timeline/2024.md" not in (project.docs_dir / "timeline.md").read_text(encoding="utf-8")
    assert "[2023](2023.md)" in (project.docs_dir / "timeline/2025.md").read_text(encoding="utf-8")


def test_chart_legends_stay_inside_their_charts_and_every_value_has_a_colour():
    """A legend runs onto more rows rather than past the chart's right edge (eight cell types ran
    300 units past the pipeline chart, out of sight), and each value's marks have a colour of
    their own (a value without its class in the stylesheet was drawn black)."""
    from generator.model import labels
    from conftest import ROOT
    css = (ROOT / "docs/stylesheets/extra.css").read_text(encoding="utf-8")
    lab = labels()
    for vocab, prefix in (("cell_type", "ct"), ("event_type", "ev")):
        names = {**lab[vocab], "not-reported": "Cell type not reported"}
        for key in lab[vocab]:
            assert re.search(rf"\.cst-{prefix}-{key}[ ,]", css), key
        places = charts._legend_places(list(names), names, 880)
        assert len({row for _, row in places}) > 1  # every value of either vocabulary needs more than a row
        assert all(x + 30 + 7 * len(names[k]) - 12 <= 880 for (x, _), k in zip(places, names))
