"""The provenance report: per profile and for the whole site, how many values the build checked
against their quotes, how many are cited to web pages and not verified, and how many statements
are free text that people review. Printed by `check --report`, shown on the Provenance page and
published as api/v1/provenance.json (schema: schema/provenance.schema.json)."""
from __future__ import annotations

import json

from . import routes
from .citations import Provenance
from .project import PACKAGE_DIR

SCHEMA_FILE = PACKAGE_DIR / "schema" / "provenance.schema.json"
COUNTS = ("verified", "cited_not_verified", "free_text", "web_citations")
def summary(prov: Provenance) -> dict:
    """One profile's part of the report (kept on its view, so cached with it)."""
    return {**prov.counts(), "not_verified": dict(sorted(prov.cited.items())), "web_pages": list(prov.web_urls)}


def report(profiles: list[tuple[str, dict]], context: Provenance | None, online: dict | None = None) -> dict:
    """The report as plain data: `profiles` are (id, summary) pairs; `online` the results of the
    last `check --online` by URL (seeds/online-check.json), when there are any."""
    rows = [{"id": pid, "url": routes.url("profile", id=pid), **s} for pid, s in sorted(profiles, key=lambda p: p[0])]
    ctx = context.counts() if context else dict.fromkeys(COUNTS, 0)
    totals = {key: sum(r[key] for r in rows) + ctx[key] for key in COUNTS}
    urls = sorted({u for r in rows for u in r["web_pages"]} | set(context.web_urls if context else ()))
    online = online or {}
    pages = [{"url": u, "last_checked_online": (online.get(u) or {}).get("checked", ""),
              "online_result": (online.get(u) or {}).get("result", "")} for u in urls]
    return {"version": 1, "profiles_count": len(rows), "totals": totals, "context": ctx,
            "profiles": rows, "web_pages": pages}


def report_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def schema_json() -> bytes:
    return SCHEMA_FILE.read_bytes()


def report_text(data: dict) -> str:
    """The report as a plain-text table, for the terminal."""
    head = ("profile", "checked", "web", "free text", "web cites")
    rows = [(r["id"], r["verified"], r["cited_not_verified"], r["free_text"], r["web_citations"]) for r in data["profiles"]]
    c = data["context"]
    rows.append(("(context: regulatory page, glossary, home figures)", c["verified"], c["cited_not_verified"], c["free_text"], c["web_citations"]))
    t = data["totals"]
    rows.append(("total", t["verified"], t["cited_not_verified"], t["free_text"], t["web_citations"]))
    width = max(len(str(r[0])) for r in rows + [head])
    lines = [f"{head[0]:<{width}}  {head[1]:>7}  {head[2]:>5}  {head[3]:>9}  {head[4]:>9}"]
    for i, r in enumerate(rows):
        if i == len(rows) - 1:
            lines.append("-" * len(lines[0]))
        lines.append(f"{r[0]:<{width}}  {r[1]:>7}  {r[2]:>5}  {r[3]:>9}  {r[4]:>9}")
    lines += ["", "checked: values a quote of a cited document in seeds/ states (identifiers, dates, numbers,",
              "phases, names, vocabulary terms); web: values cited to web pages only, not verified by the build;",
              "free text: summaries, descriptions and notes, cited and reviewed by people."]
    for p in data["web_pages"]:
        when = p["last_checked_online"] or "never"
        lines.append(f"web page {p['url']}: last checked online {when}{' (' + p['online_result'] + ')' if p['online_result'] else ''}")
    return "\n".join(lines) + "\n"
