"""Search in Chromium finds profiles by their product name, developer and identifier, in English and
Chinese, over a sample drawn from whatever profiles the tree holds (a contributor's added or removed
profile changes the sample, never the rule): for each kind of query, the first profile by id whose
value is unique to it, so the profile must come first; developers, which may have several products,
must be among the results. The site searched is built from the real profiles (conftest's real_site)."""
from __future__ import annotations

from collections import Counter

import pytest
import yaml

from conftest import ROOT
from test_browser import search

pytestmark = pytest.mark.browser


def _profiles() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "profiles").glob("*.yaml"))]


def _values(profile: dict, kind: str) -> list[str]:
    names = profile.get("names") or {}
    devs = profile.get("developers") or []
    return {
        "identifier": [i["value"] for i in profile.get("identifiers") or []],
        "name_en": [names.get("en", "")],
        "name_zh": [names.get("zh", "")],
        "code": [names.get("code", "")],
        "developer_en": [d.get("name", "") for d in devs],
        "developer_zh": [d.get("name_zh", "") for d in devs],
    }[kind]


def _sample() -> list[tuple[str, str, str, bool]]:
    """(kind, query, profile id, must come first)."""
    profiles = _profiles()
    out = []
    for kind in ("identifier", "name_en", "name_zh", "code", "developer_en", "developer_zh"):
        holders = Counter(v for p in profiles for v in set(_values(p, kind)) if v)
        for p in profiles:
            unique = [v for v in _values(p, kind) if v and holders[v] == 1]
            if unique:
                out.append((kind, unique[0], p["id"], not kind.startswith("developer")))
                break
    # a developer with more than one product: every one of them is found
    devs = Counter(v for p in profiles for v in set(_values(p, "developer_zh")) if v)
    shared = sorted(v for v, n in devs.items() if n > 1)
    if shared:
        for p in profiles:
            if shared[0] in _values(p, "developer_zh"):
                out.append(("developer_zh (shared)", shared[0], p["id"], False))
    return out


SAMPLE = _sample()


@pytest.mark.parametrize("kind, query, profile, first", SAMPLE, ids=[f"{k}:{q}" for k, q, _, _ in SAMPLE])
def test_search_finds_profile(real_page, real_site_url, kind, query, profile, first):
    hrefs = search(real_page, real_site_url, query, expect=f"profiles/{profile}/")
    found = [h for h in hrefs if f"profiles/{profile}/" in h]
    assert found, f"{kind} {query!r} did not find {profile}: {hrefs}"
    if first:  # first of the profiles: a source page that writes the same words may rank above it
        profiles = [h for h in hrefs if "/profiles/" in h]
        assert f"profiles/{profile}/" in profiles[0], f"{kind} {query!r} found {hrefs}"


VOCABULARY = [  # (field path, value, a Chinese query its label holds)
    (("cells", "cell_type"), "msc", "间充质干细胞"),
    (("cells", "tissue_source"), "umbilical-cord", "脐带"),
    (("milestones", "event"), "ind-implied-approval", "默示许可"),
    (("regulatory", "pathway"), "clinical-research-filing", "干细胞临床研究备案"),
]


def _has(profile: dict, path: tuple, value: str) -> bool:
    first = profile.get(path[0])
    items = first if isinstance(first, list) else [first or {}]
    return any(item.get(path[1]) == value for item in items)


@pytest.mark.parametrize("path, value, query", VOCABULARY, ids=[q for _, _, q in VOCABULARY])
def test_chinese_vocabulary_finds_profiles_that_have_it(real_page, real_site_url, path, value, query):
    holders = {p["id"] for p in _profiles() if _has(p, path, value)}
    if not holders:
        pytest.skip(f"no profile has {value} today")
    hrefs = search(real_page, real_site_url, query)
    found = {h.split("profiles/")[1].split("/")[0] for h in hrefs if "profiles/" in h}
    # other profiles may write the word too (脐带血, cord blood, starts with 脐带): at least one holder is found
    assert found & holders, f"{query!r} found {hrefs}, none of {sorted(holders)}"
