"""The fact-level checks of generator/citations.py, each tested directly with parametrized cases:
does this quote state this value?"""
from __future__ import annotations

import pytest

from generator.citations import (CHECKS, FIELDS, MIN_CJK_CHARS, dates_in, numbers_in, phases_in,
                                 quote_length_problem, quote_not_found, term_in)
from generator.schema import evidence, schema
from generator.sources import Source, fold, normalise


def stated(kind: str, value, quote: str, **kw) -> bool:
    return CHECKS[kind](value, [normalise(quote)], **kw)


@pytest.mark.parametrize("value, quote, ok", [
    ("CXSL2400092", "(acceptance number: CXSL2400092)", True),
    ("CXSL2400092", "acceptance number：ＣＸＳＬ２４０００９２", True),  # full-width forms
    ("CXSL2400093", "(acceptance number: CXSL2400092)", False),
    ("CXSL240009", "(acceptance number: CXSL2400092)", False),  # part of a longer code
    ("cxsl2400092", "(acceptance number: CXSL2400092)", False),  # identifiers keep their case
    ("2024LP01052", "notification number: 2024LP01052)", True),
])
def test_identifier(value, quote, ok):
    assert stated("identifier", value, quote) is ok


@pytest.mark.parametrize("value, quote", [
    ("2024-04-28", "approved on 2024-04-28."),
    ("2024-04-28", "On April 28, 2024, the drug"),
    ("2024-04-28", "on 28 April 2024 the drug"),
    ("2024-04-28", "on Apr. 28, 2024 the drug"),
    ("2024-04-28", "on April 28th, 2024"),
    ("2024-04-28", "于2024年4月28日获得"),
    ("2024-04-28", "于2024年04月28日获得"),
    ("2024-04-28", "on 2024.4.28"),
    ("2024-04-28", "on 2024/4/28"),
    ("2025-09", "As of September 2025, the company"),
    ("2025-09", "截至2025年9月，公司"),
    ("2025-09", "on 5 September 2025"),  # a quote more precise than the value supports it
    ("2025", "in 2025 the company"),
    ("2025", "2025年"),
])
def test_date_written_forms(value, quote):
    assert stated("date", value, quote)


@pytest.mark.parametrize("value, quote", [
    ("2024-05-28", "On April 28, 2024, the drug"),  # a month moved
    ("2024-04-28", "On April 28, 2023, the drug"),  # a year moved
    ("2024-04-28", "On April 28, the drug"),  # no year
    ("2024-04", "in 2024 the drug"),  # less precise than the value
    ("2025-01-02", "On January 2nd, the NMPA approved"),
])
def test_date_not_stated(value, quote):
    assert not stated("date", value, quote)


def test_date_with_year_from_elsewhere_needs_only_month_and_day():
    assert stated("date", "2025-01-02", "On January 2nd, the NMPA approved", year_elsewhere=True)
    assert not stated("date", "2025-01-03", "On January 2nd, the NMPA approved", year_elsewhere=True)


def test_dates_in():
    assert dates_in(fold("On January 2nd, and 2025-01-08")) >= {(None, 1, 2), (2025, 1, 8)}
    assert (2024, 4, 28) in dates_in(fold("2024年4月28日"))


@pytest.mark.parametrize("value, quote, ok", [
    (23520000, "approximately RMB 23.52 million in related projects", True),
    (23520000, "累计投入约2352万元", True),
    (23520000, "a total of 23,520,000 yuan", True),
    (150000000, "融资1.5亿元", True),
    (2000000000, "USD 2 billion", True),
    (60, "60 patients will be enrolled", True),
    (23250000, "approximately RMB 23.52 million", False),
    (23.52, "approximately RMB 23.52 million", True),  # the number as written counts too
])
def test_number(value, quote, ok):
    assert stated("money", value, quote) is ok


def test_numbers_in():
    assert {23.52, 23520000.0} <= numbers_in(fold("RMB 23.52 million"))


@pytest.mark.parametrize("value, quote, ok", [
    ("CNY", "approximately RMB 23.52 million", True),
    ("CNY", "约2352万元", True),
    ("USD", "approximately RMB 23.52 million", False),
])
def test_currency(value, quote, ok):
    assert stated("currency", value, quote) is ok


@pytest.mark.parametrize("value, quote, ok", [
    ("phase-2a", "an open-label Phase IIa study", True),
    ("phase-2a", "a phase 2a trial", True),
    ("phase-2a", "开展IIa期临床试验", True),
    ("phase-2a", "开展Ⅱa期临床试验", True),  # the Roman-numeral character
    ("phase-2", "an open-label Phase IIa study", True),  # a less precise value is stated too
    ("phase-1-2", "a Phase I/II study", True),
    ("phase-1", "a Phase II study", False),
    ("phase-3", "an open-label Phase IIa study", False),
    ("phase-2b", "an open-label Phase IIa study", False),
])
def test_phase(value, quote, ok):
    assert stated("phase", value, quote) is ok


def test_phases_in():
    assert phases_in(fold("Phase IIa and III期")) == {"phase-2a", "phase-3"}


@pytest.mark.parametrize("value, quote, ok", [
    ("Beike Biotech", "Beike Biotech has been deeply involved", True),
    ("Beike Biotech", "BEIKE BIOTECH's drug", True),  # letter case does not matter for names
    ("Beike Biotechnology Group", "Beike Biotech has been deeply involved", False),
    ("Li Xiang", "XellSmart Bio, founded by Dr. Li Xiang", True),
    ("Li Xian", "XellSmart Bio, founded by Dr. Li Xiang", False),  # whole words only
    ("中源协和细胞基因工程股份有限公司", "中源协和细胞基因工程股份有限公司 关于全资子公司", True),
    ("中源协和生物工程股份有限公司", "中源协和细胞基因工程股份有限公司 关于全资子公司", False),
    ("Jiuzhitang Maker", "Jiuzhitang Maker (Beijing) Cell Technology", True),
])
def test_name(value, quote, ok):
    assert stated("name", value, quote) is ok


@pytest.mark.parametrize("vocab, value, quote, ok", [
    ("tissue_source", "umbilical-cord", "Human Umbilical Cord Mesenchymal Stem Cell Injection", True),
    ("tissue_source", "umbilical-cord", "derived from UC-MSCs", True),
    ("tissue_source", "umbilical-cord", "人脐带间充质干细胞注射液", True),
    ("tissue_source", "placenta", "Human Umbilical Cord Mesenchymal Stem Cell Injection", False),
    ("cell_type", "msc", "mesenchymal stem cells (MSCs)", True),
    ("cell_type", "ipsc-derived", "Clinical Grade iPSC-Derived Subtype Neural Progenitor Cell Therapy", True),
    ("therapeutic_area", "transplantation", "to treat acute graft-versus-host disease", True),
    ("therapeutic_area", "oncology", "to treat acute graft-versus-host disease", False),
    ("stage", "ind-approved", "received a drug clinical trial approval notice", True),
    ("stage", "approved", "received a drug clinical trial approval notice", False),
    ("stage", "phase-2a", "an open-label Phase IIa study", True),
    ("status", "marketed", "The launch of the first stem cell therapy drug", False),
    ("status", "unknown", "anything at all", True),  # claims nothing
    ("pathway", "drug-registration", "This is the first new drug (Class 1 biologic)", False),
    ("pathway", "clinical-research-filing", "approved as a national stem cell filing clinical research project", True),
    ("event_type", "trial-kickoff", "the kickoff meeting for the clinical trial ... was successfully held", True),
    ("event_type", "trial-kickoff", "On November 1, 2023, the kickoff meeting for the clinical trial", False),
    ("event_type", "ind-implied-approval", "获得国家药监局药审中心默示许可", True),
    ("donor_type", "allogeneic", "allogeneic, universal clinical-grade cells", True),
    ("stage", "ind-filed", "its indication", False),  # 'IND' is a whole word, not the start of 'indication'
])
def test_vocabulary(vocab, value, quote, ok):
    assert stated("vocabulary", value, quote, vocab=vocab) is ok


def test_every_vocabulary_value_has_evidence_terms_in_english_and_chinese():
    """The vocabularies the fact check reads: every value carries its terms (an empty list only for
    values that claim nothing), and every non-empty list has Chinese as well as Latin terms."""
    terms = evidence()
    defs = schema()["$defs"]
    for vocab in ("cell_type", "derived_cell_type", "tissue_source", "stage", "status", "event_type", "pathway",
                  "therapeutic_area", "designation", "phase"):
        assert set(terms[vocab]) == set(defs[vocab]["enum"]), vocab
    cells = schema()["properties"]["cells"]["properties"]
    assert set(terms["donor_type"]) == set(cells["donor_type"]["enum"])
    for vocab, values in terms.items():
        for value, words in values.items():
            if value in ("other", "unknown", "not-stated", "not-applicable"):
                assert words == [], (vocab, value)
                continue
            assert any(any("\u4e00" <= ch <= "\u9fff" for ch in w) for w in words), (vocab, value)
            assert any(w.isascii() for w in words), (vocab, value)


def test_every_identifier_type_says_where_to_look_it_up():
    """The Regulatory page's identifier table reads what each type is and where to look it up from
    the schema's `x-lookup`, beside the type's label: one entry per type, none left over."""
    vocab = schema()["$defs"]["identifier_type"]
    assert list(vocab["x-lookup"]) == vocab["enum"] and all(v.strip() for v in vocab["x-lookup"].values())


def test_fields_table_names_real_schema_fields():
    props = schema()["properties"]
    for block, fields in FIELDS.items():
        node = props[block]
        node = node.get("items", node)
        if "$ref" in node:
            node = schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        for field in fields:
            assert field in node["properties"], (block, field)


@pytest.mark.parametrize("quote, ok", [
    ("the", False),
    ("CXSL2400092", False),
    ("Beike Biotech", False),
    ("number: CXSL2400092", False),
    ("(acceptance number: CXSL2400092)", True),
    ("Notification Number: 2025LP02853", True),
    ("中源协和", False),
    ("中源协和细胞基因", True),
    ("间充质干细胞", True),
])
def test_quote_length(quote, ok):
    assert (quote_length_problem(quote) is None) is ok
    if not ok and len(quote.split()) == 1 and not any("\u4e00" <= c <= "\u9fff" for c in quote):
        assert "one-word quote" in quote_length_problem(quote)


def test_minimum_chinese_length_is_documented():
    from conftest import ROOT
    assert f"{MIN_CJK_CHARS} Chinese characters" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_quote_not_found_shows_where_it_stops_matching_past_eighty_characters():
    text = ("Mesenchymal stem cells (MSC) are adult stem cells derived from early developmental mesoderm. "
            "They have high proliferation, self-renewal capabilities and immunosuppressive capabilities.")
    source = Source("x.txt", "x", "x", "x", "x", ("en",), "", text)
    quote = text.replace("immunosuppressive", "immunostimulating")
    message = quote_not_found("x.txt", quote, source)
    assert "then the quote has 'immunostimulating capabilities.'" in message
    assert "where the document has 'immunosuppressive capabilities.'" in message


@pytest.mark.parametrize("term, text, ok", [
    ("open-label", "an open label study", True),
    ("MSC", "UC-MSCs obtained", True),
    ("IND", "indication", False),
    ("marketing application+accepted", "the marketing application was accepted", True),
    ("marketing application+accepted", "the marketing application was submitted", False),
])
def test_term_in(term, text, ok):
    assert term_in(text, term) is ok


def test_imports_point_down():
    """schema.py is a leaf; citations.py uses only leaves; validate.py and context.py do not import
    each other or check.py (the old context <-> validate cycle); check.py sits above them."""
    import ast

    from conftest import ROOT

    def imports(name):
        tree = ast.parse((ROOT / "generator" / f"{name}.py").read_text(encoding="utf-8"))
        return {node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.level == 1}

    assert imports("schema") <= {"project"}
    assert imports("citations") <= {"load", "problems", "schema", "sources"}
    assert not imports("validate") & {"context", "check"}
    assert not imports("context") & {"validate", "check"}
    assert {"context", "validate", "sources"} <= imports("check")
