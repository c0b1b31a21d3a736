"""Reading a CSV: physical line numbers and cell columns, whatever the line ends."""

from __future__ import annotations

from collect.interop.csv_table import read_table


def table(tmp_path, data: bytes, encoding="utf-8-sig", delimiter=","):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    return read_table(path, "t.csv", encoding, delimiter)


def test_rows_know_their_physical_line_across_quoted_line_breaks(tmp_path):
    data = b'a,b,c\r\n1,"two\r\nlines",3\r\n4,5,6\r\n\r\n\r\n'
    result, problems = table(tmp_path, data)
    assert not problems
    assert [(r.line, r.cells) for r in result.rows] == [(2, ["1", "two\r\nlines", "3"]), (4, ["4", "5", "6"])]
    assert result.rows[0].starts == ((2, 1), (2, 3), (3, 8))


def test_cr_only_line_ends_and_blank_rows(tmp_path):
    result, _ = table(tmp_path, b"a,b\r1,2\r,\r3,4")
    assert [(r.line, r.cells) for r in result.rows] == [(2, ["1", "2"]), (4, ["3", "4"])]


def test_a_bom_is_not_part_of_the_first_column_name(tmp_path):
    result, _ = table(tmp_path, b"\xef\xbb\xbfnumber,amount\n1,2\n")
    assert result.header == ["number", "amount"]
    assert result.rows[0].starts == ((2, 1), (2, 3))


def test_cells_after_a_quoted_cell_with_doubled_quotes(tmp_path):
    result, _ = table(tmp_path, b'a;b;c\n"say ""hi""; twice";x;y\n', delimiter=";")
    assert result.rows[0].cells == ['say "hi"; twice', "x", "y"]
    assert result.rows[0].starts == ((2, 1), (2, 21), (2, 23))


def test_an_unclosed_quote_is_located(tmp_path):
    _, problems = table(tmp_path, b'a,b\n1,2\n3,"open\n')
    assert [(p.code, p.line) for p in problems] == [("E605", 3)]


def test_bytes_that_are_not_the_declared_encoding_are_located_with_a_guess(tmp_path):
    _, problems = table(tmp_path, "a,b\n1,华信\n".encode("gbk"))
    assert [(p.code, p.line, p.col) for p in problems] == [("E604", 2, 3)]
    assert "encoding: gbk" in problems[0].hint


def test_an_empty_file_has_no_header(tmp_path):
    _, problems = table(tmp_path, b"\r\n\r\n")
    assert [p.code for p in problems] == ["E605"]
