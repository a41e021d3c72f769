"""The site's cited context: the regulatory pathways page (context/regulatory.yaml), the
glossary of abbreviations (context/glossary.yaml) and the public aggregate figures the home page
compares the tracker with (context/coverage.yaml). Checked like profiles: schema, positions,
and every quote found in its source. The regulatory statements and glossary definitions are free
text, reviewed by people; a glossary entry's expansion is checked against its quote. A statement
or entry with no citation must say plainly that it is the tracker's own explanation
(`own_explanation: true`)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .load import LoadError, listed, load_file
from .problems import Problem, field_path
from .project import PACKAGE_DIR, Project
from .schema_errors import schema_problems
from .citations import COVERAGE_FIELDS, Provenance, cite_problems, fact_check, glossary_findings
from .schema import Validator, schema
from .sources import Source

CONTEXT_FILES = {"regulatory": "context.schema.json", "glossary": "glossary.schema.json", "coverage": "coverage.schema.json"}


@dataclass
class Context:
    regulatory: dict = field(default_factory=dict)
    glossary: dict = field(default_factory=dict)
    provenance: Provenance = field(default_factory=Provenance)  # counts for the provenance report
    coverage: dict = field(default_factory=dict)


@lru_cache(maxsize=None)
def _validator(schema_name: str) -> Draft202012Validator:
    # The context schemas borrow text and citation rules from the one profile schema.
    profile = schema()
    own = json.loads((PACKAGE_DIR / "schema" / schema_name).read_text(encoding="utf-8"))
    registry = Registry().with_resources([(profile["$id"], Resource.from_contents(profile))])
    return Validator(own, registry=registry)


def load_context(project: Project, sources: dict[str, Source],
                 unlisted: frozenset = frozenset()) -> tuple[Context, list[Problem], Provenance]:
    context, problems, prov = Context(), [], Provenance()
    for name, schema_name in CONTEXT_FILES.items():
        path = project.root / "context" / f"{name}.yaml"
        rel = project.rel(path)
        try:
            doc = load_file(path)
        except FileNotFoundError:
            problems.append(Problem(rel, 1, 1, "(file)", "missing"))
            continue
        except LoadError as exc:
            problems.append(Problem(rel, exc.line, exc.column, exc.field, exc.message))
            continue
        found = schema_problems(_validator(schema_name), doc, rel)
        found += cite_problems(doc, rel, sources, unlisted=unlisted)
        for path_, message in _statement_problems(name, doc.data, sources, prov):
            line, col = doc.position(path_)
            found.append(Problem(rel, line, col, field_path(path_), message))
        if name == "regulatory" and isinstance(doc.data, dict):
            ids = [s.get("id") for s in listed(doc.data.get("sections")) if isinstance(s, dict)]
            for i, section_id in enumerate(ids):
                if section_id in ids[:i]:
                    line, col = doc.position(("sections", i, "id"))
                    found.append(Problem(rel, line, col, f"sections[{i}].id", f"section id '{section_id}' is used twice"))
        problems += found
        if not found:
            setattr(context, name, doc.data)
    context.provenance = prov
    return context, problems, prov


def _statement_problems(name: str, data, sources: dict[str, Source], prov: Provenance):
    """Uncited statements must be marked as the tracker's own; glossary expansions must stand in
    their quote. Counts the free-text statements and checked expansions for the report."""
    if not isinstance(data, dict):
        return
    if name == "coverage":  # figures, each a number and a date: checked like a profile's facts
        findings, found = fact_check(data, sources, COVERAGE_FIELDS)
        for f in findings:
            yield f.path, f.message
        prov.verified.update((f"coverage.{k}", v) for k, v in found.verified.items())
        prov.cited.update((f"coverage.{k}", v) for k, v in found.cited.items())
        prov.free_text += found.free_text
        prov.web_citations += found.web_citations
        prov.web_urls = tuple(sorted(set(prov.web_urls) | set(found.web_urls)))
        return
    if name == "glossary":
        entries = [((term,), term, entry) for term, entry in data.items() if isinstance(entry, dict)]
    else:
        entries = [(("sections", i, "statements", j), None, st)
                   for i, section in enumerate(listed(data.get("sections"))) if isinstance(section, dict)
                   for j, st in enumerate(listed(section.get("statements"))) if isinstance(st, dict)]
    for path_, term, entry in entries:
        cited = isinstance(entry.get("cite"), list) and entry["cite"]
        if cited and entry.get("own_explanation"):
            yield path_ + ("own_explanation",), "a cited entry is not the tracker's own explanation: drop `own_explanation` or the citation"
        elif not cited and not entry.get("own_explanation"):
            yield path_, "no citation: cite the source that states this, or mark it `own_explanation: true` so the page shows it as the tracker's own explanation"
        for c in listed(entry.get("cite")):
            if isinstance(c, dict) and isinstance(c.get("source"), str) and c["source"].startswith(("http://", "https://")):
                prov.web_citations += 1
        if term is not None:
            findings = glossary_findings(term, entry, sources) if cited else []
            for f in findings:
                yield f.path, f.message
            if cited and not findings and isinstance(entry.get("expansion"), str):
                prov.verified[f"glossary.{term}.expansion"] = entry["expansion"]
            prov.free_text += 1 if entry.get("definition") else 0
            if not cited:
                prov.free_text += 1
        else:
            prov.free_text += 1
