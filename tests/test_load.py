"""The loader: YAML must not surprise, and every refusal names its line and column."""
from __future__ import annotations

import pytest

from generator.load import MAX_BYTES, LoadError, load_file, parse


def error_of(text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        parse(text)
    return info.value


def test_values_stay_as_written():
    doc = parse('date: 2023-11-01\nflag: yes\nno_: NO\non: on\ncount: 12\nratio: 1.5\nt: true\nempty:\nhex: 0x1F\n')
    assert doc.data == {"date": "2023-11-01", "flag": "yes", "no_": "NO", "on": "on", "count": 12,
                        "ratio": 1.5, "t": True, "empty": None, "hex": "0x1F"}


def test_positions_are_recorded_for_keys_and_values():
    doc = parse("names:\n  en: VUM02\n  aliases:\n    - a\n    - b\n")
    assert doc.value_pos[("names", "en")] == (2, 7)
    assert doc.key_pos[("names", "aliases")] == (3, 3)
    assert doc.value_pos[("names", "aliases", 1)] == (5, 7)
    assert doc.position(("names", "missing", 3)) == (2, 3)  # nearest existing parent


@pytest.mark.parametrize("text, line, column, message", [
    ("id: a\nid: b\n", 2, 1, "duplicate key 'id' (first defined on line 1)"),
    ("id: [a\n", 2, 1, "invalid YAML: while parsing a flow sequence did not find expected ',' or ']'"),
    ("names:\n\ten: x\n", 2, 1, "invalid YAML: a tab character; YAML indentation must use spaces"),
    ("", 1, 1, "file is empty"),
    ("# only a comment\n", 1, 1, "file is empty"),
    ("!!python/object/apply:os.system [ls]\n", 1, 1,
     "YAML tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed"),
    ("a: !custom x\n", 1, 4, "YAML tags such as '!custom' are not allowed"),
    ("a: !!binary aGVsbG8=\n", 1, 4, "YAML tags such as 'tag:yaml.org,2002:binary' are not allowed"),
    ("a: &x [1]\nb: *x\n", 1, 4, "anchors and aliases (&, *) are not allowed"),
    ("a: &x 1\nb: *x\n", 1, 4, "anchors and aliases (&, *) are not allowed"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", 1, 7, "anchors and aliases (&, *) are not allowed"),
    ("other:\n  <<: {x: 1}\n", 2, 3, "keys must be plain text (no lists, maps or << merges)"),
    ("? [a]\n: b\n", 1, 3, "keys must be plain text (no lists, maps or << merges)"),
    ("a: 1\n---\nb: 2\n", 2, 1, "invalid YAML: expected a single document in the stream but found another document"),
])
def test_refusals(text, line, column, message):
    err = error_of(text)
    assert (err.line, err.column, err.message) == (line, column, message)


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    assert "aliases" in error_of("\n".join(lines) + "\n").message


@pytest.mark.parametrize("depth", [40, 120_000])
def test_deep_nesting_is_refused(depth):
    # 120,000 levels overflowed the C stack in libyaml's recursive composer.
    assert error_of("a: " + "[" * depth + "]" * depth + "\n").message == "nesting is deeper than 12 levels"


def test_file_limits(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1) + b"\n")
    with pytest.raises(LoadError, match=r"file is 262,149 bytes; the limit is 262,144"):
        load_file(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"id: ok\nname: caf\xe9\n")
    with pytest.raises(LoadError) as info:
        load_file(latin)
    assert (info.value.line, info.value.column, info.value.message) == (2, 10, "file is not valid UTF-8 text")


def test_byte_order_mark_is_accepted(tmp_path):
    f = tmp_path / "bom.yaml"
    f.write_bytes("\ufeffid: ok\n".encode())
    assert load_file(f).data == {"id": "ok"}
