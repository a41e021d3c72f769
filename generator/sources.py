"""The sources profiles cite (seeds/sources.yaml): documents archived in seeds/, whose quotes the
build checks, and web pages, cited by URL and place on the page, whose text the tracker never copies."""
from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from .load import LoadError, load_file, read_text
from .problems import Problem
from .project import SOURCES_SCHEMA_PATH, Project
from .routes import source_slug, valid
from .schema_errors import schema_problems

# Typographic quotes and dashes as their plain forms: sources and editors type them differently.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2015": "-", "\u2212": "-", "\ufe58": "-"})
_SPACE = re.compile(r"\s+")
NOT_STATED = "not stated"  # what seeds/sources.yaml says, and pages show, of a detail a document leaves out


def stated(detail: str) -> str:
    """A source's detail (outlet, publication date), or "" where the source does not state it."""
    return "" if detail == NOT_STATED else detail


def online_problem(result: str) -> str:
    """What the last online check found wrong with a web page ("" for ok or never checked)."""
    return "" if result == "ok" else result


@lru_cache(maxsize=1 << 16)  # the same quote is normalised when checked and again when linked
def normalise(text: str) -> str:
    """Whitespace, typographic quotes and dashes, and full-width forms (NFKC: ＣＸＳＬ２４ and
    （ are CXSL24 and ( ) only: a quote must otherwise be verbatim, letter case included."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """normalise, and letter case folded: how a fact is compared with the quotes that state it."""
    return normalise(text).casefold()


def is_url(ref: str) -> bool:
    return ref.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Source:
    file: str  # file name in seeds/, or the URL of a web page
    label: str
    title: str
    outlet: str
    published: str
    language: tuple
    notes: str
    text: str  # empty for a web page: nothing of it is archived
    kind: str = "not-stated"
    accessed: str = ""  # web pages: the day an editor read it
    copy_of: str = ""
    checked_online: str = ""  # web pages: the day `check --online` last read it (seeds/online-check.json)
    online_result: str = ""  # and what it found: ok, or why not

    @property
    def stated_published(self) -> str:
        return stated(self.published)

    @property
    def online_problem(self) -> str:
        return online_problem(self.online_result)

    @property
    def title_lang(self) -> str | None:
        """The title's lang attribute: zh for a Chinese source, "" (unknown) for one in Chinese and
        other languages, None (the page's English) for the rest."""
        if "zh" not in self.language:
            return None
        return "zh" if len(self.language) == 1 else ""

    @property
    def is_web(self) -> bool:
        return is_url(self.file)

    @cached_property
    def normalised(self) -> str:
        return normalise(self.text)

    @property
    def slug(self) -> str:
        return source_slug(self.file)

    @cached_property
    def paragraphs(self) -> list[str]:
        """Non-empty lines: the documents put one paragraph on a line."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """The normalised paragraphs joined by spaces, and where each one starts."""
        starts, pos, parts = [], 0, []
        for para in self.paragraphs:
            text = normalise(para)
            starts.append(pos)
            parts.append(text)
            pos += len(text) + 1
        return " ".join(parts), starts

    def locate(self, quote: str) -> tuple[int, int] | None:
        """The 1-based paragraphs where a quote starts and ends, for a link straight to it."""
        joined, starts = self._joined
        words = normalise(quote)
        at = joined.find(words)
        if at < 0:
            return None
        return bisect.bisect_right(starts, at), bisect.bisect_right(starts, at + max(len(words) - 1, 0))


def _source(name: str, entry: dict, text: str) -> Source:
    return Source(
        file=name,
        label=str(entry.get("label", name)),
        title=str(entry.get("title", NOT_STATED)),
        outlet=str(entry.get("outlet", NOT_STATED)),
        published=str(entry.get("published", NOT_STATED)),
        language=tuple(entry["language"]) if isinstance(entry.get("language"), list) else (),  # else the schema says
        notes=str(entry.get("notes", "")),
        text=text,
        kind=str(entry.get("kind", "not-stated")),
        accessed=str(entry.get("accessed", "")),
        copy_of=str(entry.get("copy_of", "")),
    )


@lru_cache(maxsize=1)
def _validator():
    from .schema import Validator

    return Validator(json.loads(SOURCES_SCHEMA_PATH.read_text(encoding="utf-8")))


ONLINE_FILE = "online-check.json"  # in seeds/: written by `python -m generator check --online`


def _online_results(project: Project, sources: dict[str, Source]) -> list[Problem]:
    """Attach the last online check of each web page to its source, so pages can say when it was
    last verified online."""
    path = project.seeds_dir / ONLINE_FILE
    if not path.is_file():
        return []
    rel = project.rel(path)
    try:
        results = json.loads(path.read_text(encoding="utf-8"))["pages"]
        assert isinstance(results, dict)
    except (ValueError, KeyError, TypeError, AssertionError, UnicodeDecodeError):
        return [Problem(rel, 1, 1, "(file)", "not the output of `python -m generator check --online`: run it again to rewrite the file")]
    for url, result in results.items():
        if url in sources and isinstance(result, dict):
            sources[url] = replace(sources[url], checked_online=str(result.get("checked", "")),
                                   online_result=str(result.get("result", "")))
    return []


def load_sources(project: Project, with_unlisted: bool = False):
    """Every document with its metadata, and every problem found on the way; with
    `with_unlisted`, also the names of the documents in seeds/ that have no entry (reported here
    once, so their citations need not be)."""
    meta_rel = project.rel(project.sources_meta)
    problems: list[Problem] = []
    try:
        doc = load_file(project.sources_meta)
    except FileNotFoundError:
        found = [Problem(meta_rel, 1, 1, "(file)", "missing: every document in seeds/ needs its metadata here")]
        return ({}, found, frozenset()) if with_unlisted else ({}, found)
    except LoadError as exc:
        found = [Problem(meta_rel, exc.line, exc.column, exc.field, exc.message)]
        return ({}, found, frozenset()) if with_unlisted else ({}, found)
    problems += schema_problems(_validator(), doc, meta_rel)
    meta = doc.data if isinstance(doc.data, dict) else {}

    files = {p.name for p in project.seeds_dir.glob("*.txt") if p.is_file() and not p.is_symlink()}
    sources: dict[str, Source] = {}
    for name in sorted(meta):
        entry = meta[name]
        if is_url(name):
            if isinstance(entry, dict):
                if "accessed" not in entry:
                    line, col = doc.position((name,), key=True)
                    problems.append(Problem(meta_rel, line, col, name, "a web page needs `accessed`: the day you read it (YYYY-MM-DD)"))
                sources[name] = _source(name, entry, "")
            continue
        if name not in files:
            line, col = doc.position((name,), key=True)
            problems.append(Problem(meta_rel, line, col, name, f"no such document in seeds/: {name}"))
            continue
        if not valid("file", name):
            line, col = doc.position((name,), key=True)
            problems.append(Problem(meta_rel, line, col, name, f"rename seeds/{name}: its page and file on the site would "
                                    "take the place of another (index.txt, README.txt, a name starting with a dot, "
                                    "ending .txt.txt or like web-<12 hex digits>.txt)"))
            continue
        if not isinstance(entry, dict):
            continue
        try:
            text = read_text(project.seeds_dir / name)
        except LoadError as exc:
            problems.append(Problem(project.rel(project.seeds_dir / name), exc.line, exc.column, exc.field, exc.message))
            continue
        sources[name] = _source(name, entry, text)
    problems += _online_results(project, sources)
    unlisted = frozenset(files - set(meta))
    for name in sorted(unlisted):
        problems.append(Problem(meta_rel, 1, 1, "(file)",
                                f"document seeds/{name} has no metadata entry: add `{name}:` with its label, title, outlet, "
                                "kind, published and language (the citations of it are checked once it has one)"))
    return (sources, problems, unlisted) if with_unlisted else (sources, problems)
