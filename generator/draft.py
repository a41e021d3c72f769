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
# A product's name as sources write it: quoted, after "Drug Name:", or capitalised words ending in
# a dosage form ("Amimatosa Injection"); in that order of trust. Chinese: a run ending in 注射液.
_FORM = r"(?:Injection|Tablets?|Capsules?)"
NAMES_EN = (
    re.compile(rf"[\"“]((?:[A-Z0-9][\w-]*\s+){{0,8}}{_FORM})[\"”]"),
    re.compile(rf"\bDrug Name:\s*((?:[A-Z0-9][\w-]*\s+){{0,8}}{_FORM})\b"),
    re.compile(rf"\b((?:[A-Z0-9][\w-]*\s+){{1,8}}{_FORM})\b"),
)
NAME_ZH = re.compile(r"[\u4e00-\u9fff]{2,30}注射液")
_ARTICLE = re.compile(r"^(?:The|A|An|This|Its)\s+")
_SENTENCE = re.compile(r"[^.!?。\n]+(?:[.!?。]+|$)", re.M)


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str
    quote: str  # the sentence it was found in
    span: tuple[int, int] = (0, 0)  # where in the sentence: the quote is cut around it


MIN_QUOTE = 30  # characters: shorter, a quote rarely shows what it supports
_CLAUSE = re.compile(r"(?<=[,;:]) |(?<= -) ")  # a quote may start or end at a clause's punctuation...
_PAIRS = re.compile(r"\([^()]*\)|\"[^\"]*\"|“[^“”]*”")  # ...but never inside brackets or quote marks


def _windows(sentence: str, span: tuple[int, int]) -> list[str]:
    """Verbatim pieces of the sentence around span, shortest first, growing a clause at a time
    to the whole sentence; a bracketed or quoted part is kept whole, unless the value is in it."""
    cuts = {0, len(sentence), *(m.end() for m in _CLAUSE.finditer(sentence))}
    around: dict[tuple[int, int], tuple[int, int]] = {}  # inside of a pair holding the value -> the whole pair
    for pair in _PAIRS.finditer(sentence):
        a, b = pair.span()
        inside = a < span[0] and span[1] < b
        cuts = {c for c in cuts if not a < c < b or inside} | {a, b}
        if inside:
            cuts |= {a + 1, b - 1}
            around[(a + 1, b - 1)] = (a, b)
    cuts = sorted(cuts)
    starts, ends = {a for a, _ in around}, {b for _, b in around}
    left = max(c for c in cuts if c <= span[0])
    right = min(c for c in cuts if c >= span[1])
    out = []
    while True:
        piece = sentence[left:right].strip(" ,;:-")
        if piece.count('"') % 2:  # a sentence can begin with the closing mark of the one before
            piece = piece.strip('"').strip()
        if len(piece) >= MIN_QUOTE or (left, right) == (0, len(sentence)):
            out.append(piece)
        if (left, right) == (0, len(sentence)):
            return out
        if (left, right) in around:  # out of brackets or quote marks: both sides at once
            left, right = around[(left, right)]
            continue
        # grow on the side with less around the value so far, never out of a pair on one side only
        before = [c for c in cuts if c < left and left not in starts]
        after = [c for c in cuts if c > right and right not in ends]
        if after and (not before or right - span[1] <= span[0] - left):
            right = after[0]
        elif before:
            left = before[-1]
        else:  # held in by pairs that do not match up (nested, or one unclosed): the whole sentence
            left, right = 0, len(sentence)


def _words(text: str) -> str:
    """What a reader sees of a quote: two differing only in punctuation are the same quote."""
    return " ".join(re.findall(r"\w+", text.lower()))


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

    def add(kind: str, value: str, quote: str, m: re.Match, group: int = 0) -> None:
        if (kind, value) not in seen:
            seen.add((kind, value))
            found.append(Finding(kind, value, quote, m.span(group)))

    all_sentences = sentences(text)
    for pattern in NAMES_EN:  # the most trusted form found anywhere wins
        hits = [(s, m) for s in all_sentences for m in pattern.finditer(s)]
        if hits:
            sentence, m = hits[0]
            name = _ARTICLE.sub("", " ".join(m.group(1).split()))
            add("name:en", name, sentence, m, 1)
            break
    for sentence in all_sentences:
        for m in NAME_ZH.finditer(sentence):
            add("name:zh", m.group(0), sentence, m)
            break
    for sentence in all_sentences:
        for kind, pattern in IDENTIFIERS:
            for m in pattern.finditer(sentence):
                add(f"identifier:{kind}", m.group(0), sentence, m)
        for pattern, form in DATE_PATTERNS:
            for m in pattern.finditer(sentence):
                add("date", _date(m, form), sentence, m)
        for m in YEARLESS.finditer(sentence):
            add("date-without-year", m.group(0), sentence, m)
        for value, pattern in PHASES:
            if (m := pattern.search(sentence)):
                add("phase", value, sentence, m)
        for value, pattern in CELL_TYPES:
            if (m := pattern.search(sentence)):
                add("cell_type", value, sentence, m)
        for value, pattern in TISSUES:
            if (m := pattern.search(sentence)):
                add("tissue_source", value, sentence, m)
        for m in INDICATION.finditer(sentence):
            add("indication", " ".join(m.group(1).split()), sentence, m, 1)
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
    used: set[str] = set()

    def cite(f: Finding) -> list[dict]:
        """The shortest piece around the value not quoted yet: a draft never gives the same
        quote twice, which would say nothing about which fact each supports."""
        windows = [normalise(w) for w in _windows(f.quote, f.span)]
        fresh = [w for w in windows if _words(w) not in used]
        if not fresh:
            return [{"source": seed_file}]  # every piece is taken: the contributor picks one
        used.add(_words(fresh[0]))
        return [{"source": seed_file, "quote": fresh[0]}]

    def of(kind: str) -> list[Finding]:
        return [f for f in findings if f.kind == kind]

    names: dict = {"en": of("name:en")[0].value if of("name:en") else ""}
    if of("name:zh"):
        names["zh"] = of("name:zh")[0].value
    named = of("name:en")[:1] + of("name:zh")[:1]
    names["cite"] = [c for f in named for c in cite(f)] or [{"source": seed_file, "quote": ""}]
    profile: dict = {"id": "", "last_reviewed": "", "names": names,
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
        f"# Draft proposed by `./dev draft` from seeds/{seed_file}.",
        "# Every value below was found in the document; its quote is the words around it there.",
        "# Fill in the empty fields, delete what does not belong, then run `./dev check`.",
    ]
    for f in of("date-without-year"):
        header.append(f"# A date without a year ({f.value!r}) appears in: {normalise(f.quote)[:150]!r}")
    if not findings:
        header.append("# The patterns recognised nothing in this document: everything is for you to fill in.")
    body = yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(header) + "\n" + body
