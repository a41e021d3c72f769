"""Bytes -> plain Python data, remembering where every value stood in the file.

Only libyaml's composer runs (no constructor): it builds nodes with positions, and we turn
nodes into data ourselves, so nothing in a file can build a Python object, dates stay the
text that was written, and `yes`/`no`/`on`/`off` stay strings.
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
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise LoadError(line, col, f"invalid YAML: {message}") from None
    except yaml.YAMLError as exc:
        raise LoadError(1, 1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise LoadError(1, 1, f"nesting is deeper than {MAX_DEPTH} levels") from None
    if root is None:
        raise LoadError(1, 1, "file is empty", "(file)")
    doc = Document(data=None)
    doc.data = _convert(root, (), doc, set(), 0)
    return doc


def load_file(path: Path) -> Document:
    return parse(read_text(path))


def _convert(node, path: tuple, doc: Document, seen: set, depth: int):
    if id(node) in seen:
        # libyaml hands back the anchored node itself for every alias; refusing the second
        # visit stops "billion laughs" expansion before it starts.
        raise LoadError(*_pos(node.start_mark), "anchors and aliases (&, *) are not allowed", _fp(path))
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise LoadError(*_pos(node.start_mark), f"nesting is deeper than {MAX_DEPTH} levels", _fp(path))
    doc.value_pos[path] = _pos(node.start_mark)

    if isinstance(node, yaml.MappingNode):
        if node.tag != _T + "map":
            raise _tag_error(node, path)
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _T + "merge":
                raise LoadError(*_pos(key_node.start_mark), "keys must be plain text (no lists, maps or << merges)", _fp(path))
            if id(key_node) in seen:
                raise LoadError(*_pos(key_node.start_mark), "anchors and aliases (&, *) are not allowed", _fp(path))
            seen.add(id(key_node))
            key = key_node.value
            if key in out:
                first = doc.key_pos[path + (key,)]
                raise LoadError(*_pos(key_node.start_mark),
                                f"duplicate key '{key}' (first defined on line {first[0]})", _fp(path + (key,)))
            doc.key_pos[path + (key,)] = _pos(key_node.start_mark)
            out[key] = _convert(value_node, path + (key,), doc, seen, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _T + "seq":
            raise _tag_error(node, path)
        return [_convert(item, path + (i,), doc, seen, depth + 1) for i, item in enumerate(node.value)]
    return _scalar(node, path)


def _scalar(node, path: tuple):
    tag, text = node.tag, node.value
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
    raise _tag_error(node, path)


def _tag_error(node, path: tuple) -> LoadError:
    return LoadError(*_pos(node.start_mark), f"YAML tags such as '{node.tag}' are not allowed", _fp(path))

