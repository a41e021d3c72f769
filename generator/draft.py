"""Read a source document and propose a profile skeleton for a contributor to complete.

Only what the text states is proposed: identifiers, dates, phases, cell types, tissue sources
and indications that a pattern recognises, each with the sentence it came from as the
citation quote. Nothing is guessed: a date without a year is shown as a comment, not given
one, and every field the patterns cannot fill stays empty for the contributor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .skeleton import SCHEMA_LINE
from .sources import normalise

IDENTIFIERS = (
    ("cde-acceptance", re.compile(r"\b[CJ]X[HSZ][LSB][0-9]{7}\b")),
    ("clinical-trial-approval-notice", re.compile(r"\b[0-9]{4}LP[0-9]{5}\b")),
    ("chictr", re.compile(r"\bChiCTR(?:[0-9]{10}|-[A-Z]{2,4}-[0-9]{8})\b")),
    ("ctr", re.compile(r"\bCTR[0-9]{8}\b")),
    ("nct", re.compile(r"\bNCT[0-9]{8}\b")),
)
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
DATE_PATTERNS = (
    (re.compile(rf"\b{_MONTH} ([0-9]{{1,2}})(?:st|nd|rd|th)?,? ([0-9]{{4}})\b"), "mdy"),
    (re.compile(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b"), "iso"),
    (re.compile(r"\b([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日"), "zh"),
    (re.compile(rf"\b{_MONTH},? ([0-9]{{4}})\b"), "my"),
)
YEARLESS = re.compile(rf"\b{_MONTH} ([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?!,? [0-9]{{4}})")
PHASES = (
    ("phase-1-2", re.compile(r"\bPhase (?:I/II|1/2)\b", re.I)),
    ("phase-2a", re.compile(r"\bPhase (?:IIa|2a)\b", re.I)),
    ("phase-2b", re.compile(r"\bPhase (?:IIb|2b)\b", re.I)),
    ("phase-3", re.compile(r"\bPhase (?:III|3)\b", re.I)),
    ("phase-2", re.compile(r"\bPhase (?:II|2)\b(?![ab/])", re.I)),
    ("phase-1", re.compile(r"\bPhase (?:I|1)\b(?![I/ab])", re.I)),
)
CELL_TYPES = (
    ("msc", re.compile(r"mesenchymal (?:stem|stromal) cells?|\bMSCs?\b|间充质", re.I)),
    ("ipsc-derived", re.compile(r"\biPSC|induced pluripotent", re.I)),
    ("esc-derived", re.compile(r"embryonic stem cell", re.I)),
    ("hsc", re.compile(r"ha?ematopoietic stem cell", re.I)),
    ("neural-stem-cell", re.compile(r"neural stem cell", re.I)),
)
TISSUES = (
    ("umbilical-cord", re.compile(r"umbilical cord|脐带", re.I)),
    ("bone-marrow", re.compile(r"bone marrow|骨髓", re.I)),
    ("placenta", re.compile(r"placenta", re.I)),
    ("adipose", re.compile(r"adipose|脂肪", re.I)),
    ("dental-pulp", re.compile(r"dental pulp", re.I)),
)
INDICATION = re.compile(r"\b(?:for the treatment of|for treating|to treat|treatment of|targeting)\s+"
                        r"((?:[a-z-]+\s){0,7}?[a-z-]*(?:disease|syndrome|fibrosis|sclerosis|erythematosus|"
                        r"proteinosis|failure|injury|arthritis|cirrhosis|diabetes|infarction|ALS|\([A-Za-z]+\)))",
                        re.I)
_SENTENCE = re.compile(r"[^.!?。\n]+(?:[.!?。]+|$)", re.M)


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str
    quote: str


def sentences(text: str) -> list[str]:
    """Sentences exactly as they stand in the text, so each is a valid verbatim quote."""
    spans: list[list[int]] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        piece = text[start:end]
        if not piece.strip():
            continue
        previous = text[spans[-1][0]:spans[-1][1]] if spans else ""
        # "Co., Ltd.", "Dr.", a reference's "[J]." are not sentences: glue them to the one before
        if spans and "\n" not in text[spans[-1][1]:start] and (
                len(piece.strip()) < 20 or re.search(r"\b(?:No|Dr|Prof|Co|Ltd|Inc|etc|e\.g|i\.e)\.$", previous)):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [text[a:b].strip() for a, b in spans]


def find(text: str) -> list[Finding]:
    found: list[Finding] = []
    seen: set = set()

    def add(kind: str, value: str, quote: str) -> None:
        if (kind, value) not in seen:
            seen.add((kind, value))
            found.append(Finding(kind, value, quote))

    for sentence in sentences(text):
        for kind, pattern in IDENTIFIERS:
            for m in pattern.finditer(sentence):
                add(f"identifier:{kind}", m.group(0), sentence)
        for pattern, form in DATE_PATTERNS:
            for m in pattern.finditer(sentence):
                add("date", _date(m, form), sentence)
        for m in YEARLESS.finditer(sentence):
            add("date-without-year", m.group(0), sentence)
        for value, pattern in PHASES:
            if pattern.search(sentence):
                add("phase", value, sentence)
        for value, pattern in CELL_TYPES:
            if pattern.search(sentence):
                add("cell_type", value, sentence)
        for value, pattern in TISSUES:
            if pattern.search(sentence):
                add("tissue_source", value, sentence)
        for m in INDICATION.finditer(sentence):
            add("indication", " ".join(m.group(1).split()), sentence)
    return found


def _date(m: re.Match, form: str) -> str:
    if form == "mdy":
        return f"{m.group(3)}-{MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
    if form == "my":
        return f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
    if form == "zh":
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return m.group(0)


def draft(seed_file: str, text: str) -> str:
    """A YAML proposal: found values filled in and cited, everything else left for the contributor."""
    findings = find(text)

    def cite(f: Finding) -> list[dict]:
        return [{"source": seed_file, "quote": normalise(f.quote)}]

    def of(kind: str) -> list[Finding]:
        return [f for f in findings if f.kind == kind]

    profile: dict = {"id": "", "last_reviewed": "", "names": {"en": "", "cite": [{"source": seed_file, "quote": ""}]},
                     "summary": {"text": "", "cite": [{"source": seed_file, "quote": ""}]}}
    cells = {}
    if of("cell_type"):
        cells["cell_type"] = of("cell_type")[0].value
    if of("tissue_source"):
        cells["tissue_source"] = of("tissue_source")[0].value
    if cells:
        cells["cite"] = [c for f in of("cell_type")[:1] + of("tissue_source")[:1] for c in cite(f)]
        profile["cells"] = cells
    if of("indication"):
        profile["indications"] = [{"name": f.value, "therapeutic_areas": [], "cite": cite(f)} for f in of("indication")]
    profile["regulatory"] = {"pathway": "", "cite": [{"source": seed_file, "quote": ""}]}
    identifiers = [f for f in findings if f.kind.startswith("identifier:")]
    if identifiers:
        profile["identifiers"] = [{"type": f.kind.split(":", 1)[1], "value": f.value, "cite": cite(f)} for f in identifiers]
    profile["development"] = {"stage": "", "status": "", "cite": [{"source": seed_file, "quote": ""}]}
    if of("phase"):
        profile["trials"] = [{"phase": f.value, "cite": cite(f)} for f in of("phase")]
    if of("date"):
        profile["milestones"] = [{"date": f.value, "event": "", "description": "", "cite": cite(f)} for f in of("date")]

    header = [
        SCHEMA_LINE,
        f"# Draft proposed by `python -m generator draft` from seeds/{seed_file}.",
        "# Every value below was found in the document; the quote is the sentence it came from.",
        "# Fill in the empty fields, delete what does not belong, then run `python -m generator check`.",
    ]
    for f in of("date-without-year"):
        header.append(f"# A date without a year ({f.value!r}) appears in: {normalise(f.quote)[:150]!r}")
    if not findings:
        header.append("# The patterns recognised nothing in this document: everything is for you to fill in.")
    body = yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(header) + "\n" + body
