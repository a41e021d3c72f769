"""Open data: JSON, CSV and an Atom feed of milestones. Deterministic: sorted keys, stable order,
no build time anywhere; the same profiles give the same bytes.

JSON profiles are the validated YAML data, field for field, plus one generated key, `_site`
(URL and file locations); drop `_site` and the object validates against the published schema.
"""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from . import routes
from .model import ProfileView, labels


def site_fields(view: ProfileView) -> dict:
    return {"url": view.url, "json": routes.path("api-profile", id=view.id), "yaml": view.file}


def _profile_object(view: ProfileView) -> dict:
    return {**view.source_data, "_site": site_fields(view)}


def api_schemas(profile_schema: dict) -> dict[str, dict]:
    """JSON Schemas for the API documents, derived from the profile schema so they cannot drift:
    a profile's JSON is its YAML data plus `_site`, and profiles.json wraps them."""
    site = {
        "description": "Generated: where the profile's page and JSON are on this site, and its YAML file in the repository.",
        "type": "object", "additionalProperties": False, "required": ["url", "json", "yaml"],
        "properties": {k: {"type": "string"} for k in ("url", "json", "yaml")},
    }
    profile = json.loads(json.dumps(profile_schema))
    profile["$id"] = profile["$id"].replace("profile.schema.json", "api-profile.schema.json")
    profile["title"] = "A profile as published in api/v1/profiles/<id>.json"
    profile["properties"]["_site"] = site
    profile["required"] = [*profile["required"], "_site"]
    collection = {
        "$schema": profile["$schema"],
        "$id": profile["$id"].replace("api-profile.schema.json", "api-profiles.schema.json"),
        "title": "Every profile, as published in api/v1/profiles.json",
        "type": "object", "additionalProperties": False, "required": ["version", "count", "profiles"],
        "properties": {
            "version": {"const": 1},
            "count": {"type": "integer", "minimum": 0},
            "profiles": {"type": "array", "items": {"$ref": "api-profile.schema.json"}},
        },
    }
    return {routes.path("schema", name="api-profile"): profile, routes.path("schema", name="api-profiles"): collection}


def _json(value) -> bytes:
    # Compact: json's C encoder only runs without indentation, and this is data for programs.
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()


def profiles_json(views: list[ProfileView], encoded: dict[str, bytes] | None = None) -> bytes:
    """Every profile in one document. Joined from each profile's own JSON (`encoded`, by id,
    as profile_json gives it): byte for byte what encoding the whole document at once gives
    (keys sorted: count, profiles, version), without encoding every profile twice."""
    encoded = encoded or {}
    ordered = sorted(views, key=lambda v: v.id)
    items = [(encoded.get(v.id) or profile_json(v)).removesuffix(b"\n") for v in ordered]
    return b'{"count":%d,"profiles":[%s],"version":1}\n' % (len(ordered), b",".join(items))


def profile_json(view: ProfileView) -> bytes:
    return _json(_profile_object(view))


CSV_COLUMNS = (
    "id", "name_en", "name_zh", "code", "developers", "indications", "therapeutic_areas", "cell_type",
    "tissue_source", "donor_type", "pathway", "stage", "status", "status_as_of", "identifiers",
    "latest_milestone_date", "latest_milestone_date_basis", "latest_milestone_event", "last_reviewed", "url",
)


def profiles_csv(views: list[ProfileView]) -> bytes:
    """One row per profile, lists joined with '; '. UTF-8 with a byte-order mark, so spreadsheet
    programs read the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for v in sorted(views, key=lambda v: v.id):
        d = v.source_data
        cells = d.get("cells") or {}
        latest = v.latest_milestone or {}
        indications = d.get("indications") or []
        writer.writerow([
            v.id, d["names"]["en"], d["names"].get("zh", ""), d["names"].get("code", ""),
            "; ".join(v.developers),
            "; ".join(v.indications),
            "; ".join(sorted({a for i in indications for a in i["therapeutic_areas"]})),
            cells.get("cell_type", ""), cells.get("tissue_source", ""), cells.get("donor_type", ""),
            d["regulatory"]["pathway"], d["development"]["stage"], d["development"]["status"],
            d["development"].get("as_of", ""),
            "; ".join(f"{i['type']}:{i['value']}" for i in d.get("identifiers") or []),
            latest.get("date", ""), latest.get("date_basis", ""), latest.get("event", ""), d["last_reviewed"], v.url,
        ])
    return ("\ufeff" + out.getvalue()).encode()


def _atom_time(date: str) -> str:
    parts = date.split("-") + ["01", "01"]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def milestone_entries(views: list[ProfileView]) -> list[dict]:
    """Every milestone of every profile, newest first; ties in a fixed order."""
    entries = []
    for v in views:
        for n, m in enumerate(v.milestones):
            entries.append({"view": v, "milestone": m, "key": f"{v.id}:{m['date']}:{m['event']}:{n}"})
    entries.sort(key=lambda e: (e["milestone"]["date"], e["view"].id, e["key"]), reverse=True)
    return entries


FEED_ENTRIES = 100  # feed readers fetch the feed again and again: the newest, not the whole history


def atom_feed(entries: list[dict], site_url: str = "") -> bytes:
    """One entry per milestone (from milestone_entries), newest first, the newest FEED_ENTRIES
    of them; the JSON and CSV hold every milestone. Links are relative to the feed (at the site
    root) unless the site's URL is known."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    events = labels()["event_type"]
    updated = _atom_time(entries[0]["milestone"]["date"]) if entries else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "  <title>China Stem Cell Therapy Tracker: milestones</title>",
        "  <subtitle>Approvals, trial starts and other dated milestones of stem-cell therapy products in China.</subtitle>",
        "  <id>urn:x-china-stem-cell-tracker:milestones</id>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base or './')}/>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + routes.url('feed'))}/>",
        f"  <updated>{updated}</updated>",
        "  <author><name>China Stem Cell Therapy Tracker contributors</name></author>",
    ]
    for e in entries[:FEED_ENTRIES]:
        v, m = e["view"], e["milestone"]
        title = f"{m['date']} · {events[m['event']]}: {v.title}"
        lines += [
            "  <entry>",
            f"    <title>{xml_escape(title)}</title>",
            f"    <id>urn:x-china-stem-cell-tracker:milestone:{xml_escape(e['key'])}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + v.url)}/>",
            f"    <updated>{_atom_time(m['date'])}</updated>",
            f"    <category term={quoteattr(m['event'])} label={quoteattr(events[m['event']])}/>",
            f"    <summary>{xml_escape(' '.join(m['description'].split()))} (date precision as recorded: {xml_escape(m['date'])}"
            f"{'; ' + xml_escape(m['date_basis']) if m.get('date_basis') else ''})</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode()
