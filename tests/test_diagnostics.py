"""Diagnostics as data and their text layout."""

from __future__ import annotations

from collect.diagnostics import Diagnostic, Severity, error, format_text, sorted_diagnostics, warning
from collect.diagnostics import Mark


def test_excerpt_never_sends_control_characters_to_the_terminal(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"number: x\x1b[2J\x07y\x00z\n")
    text = format_text([error("E002", Mark(str(path), 1, 10), "bad character", "remove it")])
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
    assert "1 | number: x\ufffd[2J\ufffdy\ufffdz" in text
    assert text.splitlines()[3] == "  | " + " " * 9 + "^"


def test_excerpt_of_a_line_past_the_end_is_left_out(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    text = format_text([error("E002", Mark(str(path), 3, 1), "unexpected end of the file", "close the quote")])
    assert text == f"{path}:3:1: error[E002]: unexpected end of the file\n  = hint: close the quote"


def test_excerpt_of_a_very_long_line_is_cut(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: " + "x" * 1000 + "\n", encoding="utf-8")
    excerpt = format_text([error("E007", Mark(str(path), 1, 4), "too long", "shorten it")]).splitlines()[2]
    assert excerpt.endswith("…") and len(excerpt) < 220


def test_sorted_by_path_line_and_column_without_duplicates():
    b = error("E104", Mark("b.yaml", 1, 1), "x")
    a2 = error("E104", Mark("a.yaml", 2, 5), "x")
    a1 = warning("W103", Mark("a.yaml", 2, 1), "x")
    top = error("E011", "ledger", "no company.yaml")
    assert sorted_diagnostics([b, a2, a1, b, top]) == [a1, a2, b, top]


def test_json_form_has_every_field():
    d = Diagnostic("E104", Severity.ERROR, "a.yaml", 1, 2, "msg", "hint")
    assert d.to_json() == {"code": "E104", "severity": "error", "path": "a.yaml", "line": 1, "col": 2,
                           "message": "msg", "hint": "hint"}
