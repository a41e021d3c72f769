"""Open data on the built site: JSON, CSV, Atom and the schema, checked against the YAML."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from jsonschema import Draft202012Validator

from conftest import FIXTURE_PROFILES, FIXTURES, ROOT
from generator.load import load_file

ATOM = "{http://www.w3.org/2005/Atom}"


def yaml_profiles() -> dict:
    return {p.stem: load_file(p).data for p in sorted(FIXTURES.glob("*.yaml"))}


def test_json_validates_against_the_published_schema_and_round_trips(built_site):
    schema = json.loads((built_site / "schema/profile.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "generator/schema/profile.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    everything = json.loads((built_site / "api/v1/profiles.json").read_text(encoding="utf-8"))
    expected = yaml_profiles()
    assert everything["count"] == len(everything["profiles"]) == len(expected) == len(FIXTURE_PROFILES)
    assert [p["id"] for p in everything["profiles"]] == sorted(expected)
    for item in everything["profiles"]:
        site = item.pop("_site")
        assert site == {"url": f"profiles/{item['id']}/", "json": f"api/v1/profiles/{item['id']}.json",
                        "yaml": f"profiles/{item['id']}.yaml"}
        assert list(validator.iter_errors(item)) == []
        assert item == expected[item["id"]]
        one = json.loads((built_site / site["json"]).read_text(encoding="utf-8"))
        one.pop("_site")
        assert one == item
        assert (built_site / site["url"] / "index.html").is_file()


def test_csv_has_a_row_per_profile_and_opens_in_spreadsheets(built_site):
    raw = (built_site / "api/v1/profiles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs then read UTF-8 Chinese
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(FIXTURE_PROFILES)
    by_id = {r["id"]: r for r in rows}
    assert by_id["beike-huc-msc-sle"]["identifiers"] == "cde-acceptance:CXSL2400092; clinical-trial-approval-notice:2024LP01052"
    assert by_id["vum02-ppf"]["developers"] == "中源协和细胞基因工程股份有限公司"
    assert by_id["amimatosa-agvhd"]["developers"] == ""  # not reported stays empty
    assert by_id["amimatosa-agvhd"]["latest_milestone_date"] == "2025-01-02"


def test_atom_feed_has_one_entry_per_milestone_newest_first(built_site, site_url):
    root = ET.parse(built_site / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    milestones = [(m["date"], pid) for pid, d in yaml_profiles().items() for m in d.get("milestones") or []]
    assert len(entries) == len(milestones) > 0
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.find(f"{ATOM}updated").text == updated[0]
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    for e in entries:
        href = e.find(f"{ATOM}link").get("href")
        assert href.startswith(site_url)  # absolute where the site's address is known
        assert (built_site / href.removeprefix(site_url) / "index.html").is_file()
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == site_url + "feed.xml"


def test_pages_listing_milestones_link_the_feed(built_site):
    for page in ("index.html", "timeline/index.html", "profiles/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert 'type="application/atom+xml"' in html and "feed.xml" in html
    assert "application/atom+xml" not in (built_site / "profiles/vum02-ppf/index.html").read_text(encoding="utf-8")


def test_profiles_json_is_the_canonical_encoding_of_the_whole(built_site):
    """profiles.json is joined from the profiles' own JSON files: it must be byte for byte what
    encoding the whole document at once (compact, keys sorted) gives."""
    raw = (built_site / "api/v1/profiles.json").read_bytes()
    whole = json.loads(raw)
    assert raw == (json.dumps(whole, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode()
    for item in whole["profiles"]:
        own = (built_site / f"api/v1/profiles/{item['id']}.json").read_bytes()
        assert json.loads(own) == item
