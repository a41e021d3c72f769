"""MkDocs hook: drop the indentation and blank lines from each page's HTML before it is written,
the line breaks between block-level tags where neither a browser nor Pagefind sees them, HTML
comments (notes for whoever reads the generated Markdown) and the redundant xmlns of inline SVG
icons.

Material's templates indent deeply: about a fifth of a page is leading whitespace. Removing it
changes nothing a reader sees (a line break still separates what it separated) while readers
on slow or metered connections download less. Text in <pre>, <textarea> and <script> is kept
exactly. Kept apart from the generator hook so a build without the generator
(benchmarks/bench_build.py's bare build) is trimmed alike.

Line breaks between tags. A break is dropped only where it stands between two tags (start or
end) of elements laid out as blocks (_BLOCK: <div>, <p>, <ul>, <li>, <dt>, <h2>, <tr>, ...).
There a browser never draws it: collapsible whitespace next to a block's edge is at the start
or end of a line and is removed (CSS Text 3, 4.1; CSS 2.1, 9.2.2.1: such whitespace makes no
anonymous inline box), and whitespace-only text between table parts or in a flex or grid
container is not rendered at all. That needs collapsible whitespace: nothing on the site sets
white-space to pre, pre-wrap, pre-line or break-spaces except on <pre>, <code> and <kbd>, which
hold no block elements, and on Material's empty search suggestion box. Tags that may sit
inline keep their breaks, since one there renders as a space (between two links, two of a
profile's facet links, an icon and its label): <a>, <span>, <label>, <input>, <svg>, <img>,
<button>, <code>, ..., and <table>, which Material makes inline-block. Not covered: hidden
block elements side by side with text glued to both outer edges (`a<p hidden></p>
<p hidden></p>b`), which no template writes.
Pagefind reads the page's text without a layout: it pads only h1-h6, p, td, div, ul, li,
article and section with spaces (pagefind/src/fossick/parser.rs, SENTENCE_SELECTORS) and
glues <dt>Stage</dt><dd>Phase I</dd> into one word. So a break is dropped only where one of
those paddings stands next to it anyway (_PADDED: after such a start or end tag, or before
such a start tag), and the text Pagefind indexes, its word boundaries and the full stops it
adds at the end of a padded element stay the same (checked by comparing the Pagefind fragments
of every page of a 200-profile benchmark build, and the layout of every element in Chromium,
with and without this step).

xmlns="http://www.w3.org/2000/svg" on an <svg> inside an HTML page says what the HTML parser
does anyway: it puts <svg> and its content in the SVG namespace (HTML, 13.2.6.5).

Icons drawn twice. Material writes the logo (header and navigation drawer) and the search icon
(header button and search field) twice on every page: the second copy becomes <use> of the
first one's path, whose id is made from the path itself, so the same icon has the same id on
every page and a reference still finds it after instant navigation swaps parts of the page.
"""
from __future__ import annotations

import hashlib
import re

_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")  # indentation and blank lines
# Block-level by HTML's default styles and on this site (Material restyles <table> as
# inline-block, so it is not here), and the <head> elements, which are never rendered.
_BLOCK = ("html|head|body|meta|link|title|header|footer|main|nav|article|section|aside|div|p"
          "|ul|ol|li|dl|dt|dd|h[1-6]|hr|br|blockquote|figure|figcaption|details|summary"
          "|caption|thead|tbody|tfoot|tr|th|td|form|fieldset|legend")
_PADDED = "h[1-6]|p|td|div|ul|li|article|section"  # Pagefind's SENTENCE_SELECTORS
_ATTRS = r"(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"  # a quoted > ends no tag
_BETWEEN_BLOCKS = re.compile(
    rf"(</?(?:{_PADDED}){_ATTRS})\n(?=</?(?:{_BLOCK})[\s/>])"  # after a padded tag
    rf"|(</?(?:{_BLOCK}){_ATTRS})\n(?=<(?:{_PADDED})[\s/>])",  # before a padded start tag
    re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)  # the line break it leaves goes with the indentation
_SVG_XMLNS = re.compile(r'(<svg\b[^>]*?) xmlns="http://www\.w3\.org/2000/svg"')


_ICON = re.compile(r'<svg viewBox="([^"]+)"><path d="([^"]+)"/></svg>')  # one path: an icon


def _trim_text(part: str) -> str:
    part = _INDENT.sub("\n", _COMMENT.sub("", part))
    part = _BETWEEN_BLOCKS.sub(lambda m: m.group(1) or m.group(2), part)
    return _SVG_XMLNS.sub(r"\1", part)


def _reuse_icons(html: str) -> str:
    counts: dict[str, int] = {}
    for m in _ICON.finditer(html):
        counts[m.group(2)] = counts.get(m.group(2), 0) + 1
    seen: set[str] = set()

    def icon(m: re.Match) -> str:
        view_box, path = m.groups()
        if counts[path] < 2:
            return m.group(0)
        ident = "cst-i" + hashlib.sha1(path.encode()).hexdigest()[:8]
        if path in seen:
            return f'<svg viewBox="{view_box}"><use xlink:href="#{ident}"/></svg>'
        seen.add(path)
        return f'<svg viewBox="{view_box}"><path id="{ident}" d="{path}"/></svg>'
    return _ICON.sub(icon, html)


def trim(html: str) -> str:
    parts = _KEEP.split(html)
    # split() yields: text, kept block, its tag name, text, kept block, its tag name, ..., text
    text = "".join(_trim_text(part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)
    return _reuse_icons(text)


def on_post_page(output: str, **kwargs) -> str:
    return trim(output)
