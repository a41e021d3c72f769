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
        raise LoadError(line, col, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise LoadError(1, 1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def load_file(path: Path) -> Document:
    return parse(read_text(path))


class _Frame:
    __slots__ = ("value", "path", "key", "is_map")

    def __init__(self, value, path: tuple):
        self.value, self.path, self.key = value, path, None
        self.is_map = isinstance(value, dict)


def _build(loader) -> Document:
    doc = Document(data=None)
    stack: list[_Frame] = []
    documents = 0
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            break
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise LoadError(*_pos(event.start_mark),
                                "invalid YAML: expected a single document in the stream but found another document")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            if not stack:
                doc.data = frame.value
            continue

        parent = stack[-1] if stack else None
        expecting_key = parent is not None and parent.is_map and parent.key is None
        path = _child_path(parent)
        where = _pos(event.start_mark)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise LoadError(*where, "anchors and aliases (&, *) are not allowed", _fp(path))

        if expecting_key:
            if not isinstance(event, yaml.ScalarEvent) or _resolve(loader, event) == _T + "merge":
                raise LoadError(*where, "keys must be plain text (no lists, maps or << merges)", _fp(parent.path))
            key = event.value
            if key in parent.value:
                first = doc.key_pos[parent.path + (key,)]
                raise LoadError(*where, f"duplicate key '{key}' (first defined on line {first[0]})", _fp(parent.path + (key,)))
            doc.key_pos[parent.path + (key,)] = where
            parent.key = key
            continue

        doc.value_pos[path] = where
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(loader, event, path)
        else:
            if event.tag is not None and not event.implicit:
                raise LoadError(*where, f"YAML tags such as '{event.tag}' are not allowed", _fp(path))
            if len(stack) >= MAX_DEPTH:
                raise LoadError(*where, f"nesting is deeper than {MAX_DEPTH} levels", _fp(path))
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
        if parent is None:
            doc.data = value
        elif parent.is_map:
            parent.value[parent.key] = value
            parent.key = None
        else:
            parent.value.append(value)
        if isinstance(value, (dict, list)) and not isinstance(event, yaml.ScalarEvent):
            stack.append(_Frame(value, path))
    if documents == 0:
        raise LoadError(1, 1, "file is empty", "(file)")
    return doc


def _child_path(parent: _Frame | None) -> tuple:
    if parent is None:
        return ()
    if parent.is_map:
        return parent.path + (parent.key,) if parent.key is not None else parent.path
    return parent.path + (len(parent.value),)


def _resolve(loader, event) -> str:
    if event.tag not in (None, "!"):
        return event.tag
    if not event.implicit[0]:
        return _T + "str"  # quoted or block scalar
    return loader.resolve(yaml.ScalarNode, event.value, event.implicit)


def _scalar(loader, event, path: tuple):
    if event.tag not in (None, "!"):
        raise LoadError(*_pos(event.start_mark), f"YAML tags such as '{event.tag}' are not allowed", _fp(path))
    tag, text = _resolve(loader, event), event.value
    if tag in (_T + "str", _T + "timestamp"):
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
