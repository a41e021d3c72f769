"""generator/mkdocs_html_hook.py stores the generator's HTML blocks without parsing them: the
pages it converts must come out exactly as Python-Markdown's own HTML-block step makes them."""
from __future__ import annotations

import markdown
import yaml

from conftest import ROOT
from generator.mkdocs_html_hook import GENERATED, GeneratedHtml
from generator.routes import generated

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def convert(text: str, fast: bool) -> str:
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in CONFIG["markdown_extensions"]]
    return markdown.Markdown(extensions=extensions + ([GeneratedHtml()] if fast else [])).convert(text)


def body(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def test_every_generated_page_converts_as_markdown_would(built_site):
    pages = [p for p in sorted((ROOT / "docs").rglob("*.md")) if generated(p.relative_to(ROOT / "docs").parts[0])]
    assert any(p.match("profiles/*.md") for p in pages)
    for path in pages:
        text = body(path)
        assert text.lstrip().startswith(GENERATED), path
        assert convert(text, True) == convert(text, False), path


def test_a_blank_line_inside_an_element_does_not_end_it():
    # A contributor's paragraph break inside a <dd>: the text after it must not become Markdown.
    text = (f"{GENERATED} x. -->\n\n## Heading\n\n<div class=\"a\">\n<dl>\n<dt>A</dt> <dd>one\n\n"
            "[link](javascript:alert(1)) *not emphasis*</dd>\n</dl>\n</div>\n<p>next</p>\n\nA *Markdown* paragraph.\n")
    html = convert(text, True)
    assert html == convert(text, False)
    assert "<a " not in html and "*not emphasis*" in html and "<em>Markdown</em>" in html


def test_hand_written_pages_and_unclosed_blocks_are_left_to_markdown():
    hand = "<div>\n\n*kept for Markdown*\n\n</div>\n"
    assert convert(hand, True) == convert(hand, False)
    unclosed = f"{GENERATED} x. -->\n\n<div>\n*a*\n"
    assert convert(unclosed, True) == convert(unclosed, False)
    asks = f'{GENERATED} x. -->\n\n<div markdown="1">\n*converted*\n</div>\n'
    assert "<em>converted</em>" in convert(asks, True)
