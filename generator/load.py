"""Bytes -> plain Python data, remembering where every value stood in the file.

Only libyaml's C parser runs: we build plain data from its event stream ourselves, so
nothing in a file can build a Python object, dates stay the text that was written, and
`yes`/`no`/`on`/`off` stay strings. Building from events (not libyaml's recursive composer)
keeps a deeply nested file from overflowing the C stack: depth is refused as it is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import field_path as _fp

# libyaml's C composer is about ten times faster than the pure-Python one; fall back quietly.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 256 * 1024  # a rich profile is about 10 KB; anything far bigger is a mistake or an attack
MAX_DEPTH = 12  # the schema nests at most six levels

_T = "tag:yaml.org,2002:"
# A plain scalar can be anything but text only if it starts with one of these characters (YAML
# 1.1's implicit types: numbers, booleans, null, dates...); most values start otherwise and
# skip the resolver's regular expressions.
_TYPED_START = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)
assert None not in _Loader.yaml_implicit_resolvers  # no resolver for every first character
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")


class LoadError(Exception):
    def __init__(self, line: int, column: int, message: str, field: str = "(yaml)"):
        super().__init__(message)
        self.line, self.column, self.message, self.field = line, column, message, field


@dataclass
class Document:
    data: object
    # path tuple -> (line, column), 1-based; for a mapping entry both the key and its value
    value_pos: dict = field(default_factory=dict)
    key_pos: dict = field(default_factory=dict)

    def position(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Where to point for a problem at `path`: the nearest position that exists."""
        path = tuple(path)
        table = self.key_pos if key else self.value_pos
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.value_pos:
                return self.value_pos[path]
        return self.value_pos.get((), (1, 1))


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def read_text(path: Path) -> str:
    """The file's text, or a LoadError naming the line of the first bad byte."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(1, 1, f"cannot read file: {exc.strerror}", "(file)") from None
    if size > MAX_BYTES:
        raise LoadError(1, 1, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", "(file)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(line, col, "file is not valid UTF-8 text", "(file)") from None
    return text.removeprefix("\ufeff")


def parse(text: str) -> Document:
    loader = _Loader(text)
    try:
        return _build(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        lines = text.splitlines()
        if mark and line <= len(lines) and "\t" in lines[line - 1][: col]:
            message = "a tab character; YAML indentation must use spaces"
        elif mark and line <= len(lines):
            message += _quoting_hint(lines[line - 1], col)
        raise LoadError(line, col, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise LoadError(1, 1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


# `key: value` or `- key: value` with a plain key; group 2 is where the value starts
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*:[ ]+)(\S.*?)\s*$")
_HINT_WIDTH = 100  # past this the whole suggested line would not help: say what to do instead


def _quoting_hint(line: str, col: int) -> str:
    """When the parser stopped inside the value of a `key: value` line, the value is text that
    YAML reads as syntax (a `: ` inside it, a leading backquote, @, [, {, *, a quote that ends
    early): quoting the whole value fixes it, so say so and show the line quoted."""
    match = _KEY_VALUE.match(line)
    if not match or col <= len(match.group(1)):
        return ""
    value = match.group(2)
    if len(value) > 1 and value[0] in "'\"" and value[-1] == value[0]:
        value = value[1:-1]  # quoted, but a quote of the same kind inside ended it early
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    suggestion = match.group(1).strip() + " " + quoted
    if len(suggestion) > _HINT_WIDTH:
        return '; put the value in quotes, writing any " inside it as \\"'
    return f"; put the value in quotes: {suggestion}"


def listed(value) -> list:
    """The list a file holds at some place, or none: a value of another type there is the
    schema's to report, and the checks that walk the list go on over the rest of the file."""
    return value if isinstance(value, list) else []


def load_file(path: Path) -> Document:
    return parse(read_text(path))


_SCALAR, _MAP, _SEQ = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(loader) -> Document:
    """Data from the event stream. This runs for every node of every profile on every build,
    so it dispatches on the event's class and keeps work per node small."""
    doc = Document(data=None)
    value_pos, key_pos = doc.value_pos, doc.key_pos
    stack: list[list] = []  # [container, path, pending key, is mapping]
    get_event = loader.get_event
    documents = 0
    while True:
        event = get_event()
        cls = event.__class__
        if cls is _SCALAR or cls is _MAP or cls is _SEQ:
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            frame = stack[-1] if stack else None
            if frame is None:
                path = ()
            elif frame[3]:
                container, key = frame[0], frame[2]
                if key is None:  # this node is a key
                    if event.anchor:
                        raise LoadError(*where, "anchors and aliases (&, *) are not allowed", _fp(frame[1]))
                    if cls is not _SCALAR or (event.value == "<<" and event.implicit[0]):
                        raise LoadError(*where, "keys must be plain text (no lists, maps or << merges)", _fp(frame[1]))
                    key = event.value
                    if key in container:
                        first = key_pos[frame[1] + (key,)]
                        raise LoadError(*where, f"duplicate key '{key}' (first defined on line {first[0]})",
                                        _fp(frame[1] + (key,)))
                    key_pos[frame[1] + (key,)] = where
                    frame[2] = key
                    continue
                path = frame[1] + (key,)
                frame[2] = None
            else:
                path = frame[1] + (len(frame[0]),)
            if event.anchor:
                raise LoadError(*where, "anchors and aliases (&, *) are not allowed", _fp(path))
            value_pos[path] = where
            if cls is _SCALAR:
                value = _scalar(loader, event, path)
            else:
                if event.tag is not None and not event.implicit:
                    raise LoadError(*where, f"YAML tags such as '{event.tag}' are not allowed", _fp(path))
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(*where, f"nesting is deeper than {MAX_DEPTH} levels", _fp(path))
                value = {} if cls is _MAP else []
            if frame is None:
                doc.data = value
            elif frame[3]:
                frame[0][path[-1]] = value
            else:
                frame[0].append(value)
            if cls is not _SCALAR:
                stack.append([value, path, None, cls is _MAP])
        elif cls in _ENDS:
            stack.pop()
        elif cls is yaml.AliasEvent:
            mark = event.start_mark
            path = stack[-1][1] if stack else ()
            raise LoadError(mark.line + 1, mark.column + 1, "anchors and aliases (&, *) are not allowed", _fp(path))
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise LoadError(*_pos(event.start_mark),
                                "invalid YAML: expected a single document in the stream but found another document")
        elif cls is yaml.StreamEndEvent:
            break
    if documents == 0:
        raise LoadError(1, 1, "file is empty", "(file)")
    return doc


def _scalar(loader, event, path: tuple):
    if event.tag not in (None, "!"):
        raise LoadError(*_pos(event.start_mark), f"YAML tags such as '{event.tag}' are not allowed", _fp(path))
    text = event.value
    if not event.implicit[0]:
        return text  # quoted or block scalar: always text
    if text and text[0] not in _TYPED_START:
        return text
    tag = loader.resolve(yaml.ScalarNode, text, event.implicit)
    if tag == _T + "str" or tag == _T + "timestamp":
        return text  # dates stay the text that was written
    if tag == _T + "null":
        return None
    if tag == _T + "bool":
        # YAML 1.1 makes yes/no/on/off booleans; only true/false are, here.
        return {"true": True, "false": False}.get(text.lower(), text)
    if tag == _T + "int":
        return int(text) if _INT.fullmatch(text) else text
    if tag == _T + "float":
        return float(text) if _FLOAT.fullmatch(text) else text
    return text
