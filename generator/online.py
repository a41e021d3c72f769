"""`python -m generator check --online`: read every cited web page and check that the values its
citations support still stand on it.

A web page is cited by place (`at: ¶4`), never by quote (the tracker copies no web text), so the
build cannot check it offline. This command fetches each cited URL (following redirects, with a
timeout and a size limit), decodes it (the HTTP header's charset, else the page's own <meta>
charset, else charset-normalizer's guess: Chinese pages are often GBK or GB18030), turns the HTML
into text, and looks on it for the machine-checkable values of every block citing it:
identifiers exactly, dates in any written form, names. It reports dead links and pages that no
longer hold their values, as file:line:column: field: message, and writes what it found, with the
day of the check, to seeds/online-check.json, from which pages say when a source was last checked.
Run weekly by .github/workflows/online-check.yml; never part of a build, which stays offline.
"""
from __future__ import annotations

import datetime
import json
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests
from charset_normalizer import from_bytes

from .citations import DATE, IDENT, IDENTS, NAME, NAMES, WORDS, leaves, blocks, date_stated, identifier_stated, name_stated
from .load import LoadError, load_file
from .problems import Problem, field_path
from .sources import ONLINE_FILE, is_url, normalise

TIMEOUT = (10, 30)  # seconds to connect, and between bytes: a slow government site, not a dead one
MAX_BYTES = 5 * 1024 * 1024  # a news page is 50-500 KB; more is a download, not a page
USER_AGENT = "china-stem-cell-tracker-online-check/1 (+checks that cited pages still hold their facts)"
CHECKED_KINDS = {IDENT, IDENTS, DATE, NAME, NAMES, WORDS}
# Legacy Chinese encodings are subsets of GB18030: decoding as it reads them all.
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "euc-cn", "gb18030", "cp936"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass
class Page:
    url: str
    text: str = ""  # the page as normalised text; empty when it could not be read
    status: int | None = None
    final_url: str = ""
    error: str = ""  # why it could not be read: a dead link, a timeout, too large


def fetch(url: str, session: requests.Session | None = None, max_bytes: int = MAX_BYTES) -> Page:
    session = session or requests.Session()
    try:
        with session.get(url, timeout=TIMEOUT, stream=True, allow_redirects=True,
                         headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"}) as response:
            page = Page(url, status=response.status_code, final_url=response.url)
            if response.status_code >= 400:
                page.error = f"dead link: HTTP {response.status_code}"
                return page
            body = b""
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > max_bytes:
                    page.error = f"page larger than the {max_bytes // 1024} KB limit"
                    return page
            page.text = normalise(html_text(decode(body, response.headers.get("Content-Type", ""))))
            return page
    except requests.RequestException as exc:
        return Page(url, error=f"dead link: {type(exc).__name__}")


def decode(body: bytes, content_type: str = "") -> str:
    names = []
    declared = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", content_type, re.I)
    if declared:
        names.append(declared.group(1))
    meta = _META.search(body[:4096])
    if meta:
        names.append(meta.group(1).decode("ascii", "replace"))
    for name in names:
        name = "gb18030" if name.lower() in _GB else name
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


class _Text(HTMLParser):
    """Visible text. Block elements end a run of text; inline ones (<b>, <span>, <a>) do not,
    so a value split across tags (CXSL<b>2400092</b>) reads as one word, as a reader sees it."""
    BLOCK = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
                      "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split())
    SKIP = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    title = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)  # in <head>, skipped above; headlines are cited
    return (title.group(1) + " " if title else "") + "".join(parser.parts)


@dataclass
class Claim:
    """A value a web citation supports, and where the citation stands."""
    file: str
    cite_path: tuple
    field: str
    kind: str
    value: str


@dataclass
class UrlCheck:
    url: str
    claims: list[Claim] = field(default_factory=list)


def web_claims(project, result) -> dict[str, UrlCheck]:
    """For every cited URL, the checkable values of every block that cites it."""
    out: dict[str, UrlCheck] = {}
    for profile in result.profiles:
        for path, block, table in blocks(profile.data):
            cite = block.get("cite") or []
            values = []
            for key, kind in table.items():
                if key in block:
                    for vpath, vkind, value in leaves(kind, block[key], (key,)):
                        if vkind in CHECKED_KINDS:
                            values.append((field_path(path + vpath), vkind, str(value)))
            for i, c in enumerate(cite):
                if isinstance(c, dict) and is_url(c.get("source", "")):
                    entry = out.setdefault(c["source"], UrlCheck(c["source"]))
                    entry.claims += [Claim(profile.file, path + ("cite", i, "source"), f, k, v) for f, k, v in values]
    for url, source in result.sources.items():
        if source.is_web:
            out.setdefault(url, UrlCheck(url))
    return dict(sorted(out.items()))


def stands(kind: str, value: str, text: str) -> bool:
    if kind in (IDENT, IDENTS):
        return identifier_stated(value, [text])
    if kind == DATE:
        return date_stated(value, [text])
    return name_stated(value, [text])


def check_online(project, result, session: requests.Session | None = None, today: str | None = None,
                 max_bytes: int = MAX_BYTES, out=sys.stdout) -> int:
    """Check every cited web page; write seeds/online-check.json; 1 when a page failed."""
    today = today or datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    session = session or requests.Session()
    problems: list[Problem] = []
    pages: dict[str, dict] = {}
    positions = _Positions(project)
    for url, check in web_claims(project, result).items():
        page = fetch(url, session, max_bytes)
        entry = {"checked": today, "http_status": page.status, "final_url": page.final_url or url}
        if page.error:
            entry["result"] = page.error
            problems.append(positions.source_problem(url, f"{page.error} (checked {today})"))
        else:
            missing = sorted({c.value for c in check.claims if not stands(c.kind, c.value, page.text)})
            entry["missing"] = missing
            entry["result"] = "ok" if not missing else f"{len(missing)} value(s) no longer on the page"
            for c in check.claims:
                if c.value in missing:
                    problems.append(positions.claim_problem(c, f"{c.field}: {c.value!r} is not on {url} any more (checked {today})"))
        pages[url] = entry
    path = project.seeds_dir / ONLINE_FILE
    path.write_text(json.dumps({"about": "Written by `python -m generator check --online`: what each cited web page held when last read.",
                                "pages": pages}, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for problem in sorted(set(problems)):
        print(problem, file=out)
    ok = sum(1 for p in pages.values() if p["result"] == "ok")
    print(f"online: {ok} of {len(pages)} web pages hold their values; results in {project.rel(path)}", file=sys.stderr)
    return 1 if problems else 0


class _Positions:
    """file:line:column of a web source's entry and of citations, loaded only for failures."""

    def __init__(self, project):
        self.project = project
        self.docs: dict = {}

    def _doc(self, rel: str):
        if rel not in self.docs:
            try:
                self.docs[rel] = load_file(self.project.root / rel)
            except (OSError, LoadError):
                self.docs[rel] = None
        return self.docs[rel]

    def source_problem(self, url: str, message: str) -> Problem:
        rel = self.project.rel(self.project.sources_meta)
        doc = self._doc(rel)
        line, col = doc.position((url,), key=True) if doc else (1, 1)
        return Problem(rel, line, col, url, message)

    def claim_problem(self, claim: Claim, message: str) -> Problem:
        doc = self._doc(claim.file)
        line, col = doc.position(claim.cite_path) if doc else (1, 1)
        return Problem(claim.file, line, col, field_path(claim.cite_path), message)
