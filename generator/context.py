"""The site's cited context: the regulatory pathways page (context/regulatory.yaml), the
glossary of abbreviations (context/glossary.yaml) and the public aggregate figures the home page
compares the tracker with (context/coverage.yaml). Checked like profiles: schema, positions,
and every quote found in its source."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .load import LoadError, load_file
from .problems import Problem
from .project import PACKAGE_DIR, Project
from .schema_errors import schema_problems
from .sources import Source
from .validate import cite_problems, schema

CONTEXT_FILES = {"regulatory": "context.schema.json", "glossary": "glossary.schema.json", "coverage": "coverage.schema.json"}


@dataclass
class Context:
    regulatory: dict = field(default_factory=dict)
    glossary: dict = field(default_factory=dict)
    coverage: dict = field(default_factory=dict)


@lru_cache(maxsize=None)
def _validator(schema_name: str) -> Draft202012Validator:
    # The context schemas borrow text and citation rules from the one profile schema.
    profile = schema()
    own = json.loads((PACKAGE_DIR / "schema" / schema_name).read_text(encoding="utf-8"))
    registry = Registry().with_resources([(profile["$id"], Resource.from_contents(profile))])
    return Draft202012Validator(own, registry=registry)


def load_context(project: Project, sources: dict[str, Source]) -> tuple[Context, list[Problem]]:
    context, problems = Context(), []
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
        found += cite_problems(doc, rel, sources)
        if name == "regulatory" and isinstance(doc.data, dict):
            ids = [s.get("id") for s in doc.data.get("sections") or [] if isinstance(s, dict)]
            for i, section_id in enumerate(ids):
                if section_id in ids[:i]:
                    line, col = doc.position(("sections", i, "id"))
                    found.append(Problem(rel, line, col, f"sections[{i}].id", f"section id '{section_id}' is used twice"))
        problems += found
        if not found:
            setattr(context, name, doc.data)
    return context, problems
