"""The emulation year's lists and spreadsheets: grouping and authors' shares, without Odoo."""

import pytest

from kttv_lib import year_forms
from kttv_lib.year_forms import AuthorError, parse_authors


def test_the_deepest_unit_of_the_path_else_the_one_under_the_root():
    assert year_forms.reporting_unit([1, 5, 9], {5}) == 5
    assert year_forms.reporting_unit([1, 5, 9], {5, 9}) == 9
    assert year_forms.reporting_unit([1, 5, 9], set()) == 5
    assert year_forms.reporting_unit([1], set()) == 1
    assert year_forms.reporting_unit([], {1}) is None


def test_parent_path_ids():
    assert year_forms.parent_path_ids("1/5/9/") == [1, 5, 9]
    assert year_forms.parent_path_ids(False) == []


def test_rows_grouped_by_title_the_highest_first_in_their_order():
    ranks = {"LĐTT": 10, "CSTĐCS": 20}
    rows = [("LĐTT", "a"), ("CSTĐCS", "b"), ("LĐTT", "c")]
    assert year_forms.by_title(rows, ranks.get, str) == [("CSTĐCS", ["b"]), ("LĐTT", ["a", "c"])]


def test_vote_and_heading_texts():
    assert year_forms.vote_text(18, 20) == "18/20 (90,0%)"
    assert year_forms.vote_text(11, 12) == "11/12 (91,6%)"
    assert year_forms.vote_text(0, 0) == ""
    assert year_forms.percent_text(75) == "75,0"
    assert year_forms.group_heading(2, "Lao động tiên tiến", 12) == "II. Lao động tiên tiến (12)"


def test_rows_numbered_across_the_titles():
    groups = [("CSTĐCS", [{"n": "b"}]), ("LĐTT", [{"n": "a"}, {"n": "c"}])]
    assert [row["number"] for _title, rows in year_forms.numbered(groups) for row in rows] == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("KT0001: 70; KT0002: 30", [("KT0001", 70.0), ("KT0002", 30.0)]),
        ("KT0001 = 50\nKT0002=50", [("KT0001", 50.0), ("KT0002", 50.0)]),
        ("KT0001 (62,5%); KT0002 (37.5%)", [("KT0001", 62.5), ("KT0002", 37.5)]),
        ("KT0001", [("KT0001", 100.0)]),
        ("KT0001: 100", [("KT0001", 100.0)]),
    ],
)
def test_authors_and_their_shares(text, authors):
    assert parse_authors(text) == (authors, None)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", AuthorError("empty")),
        (" ; ", AuthorError("empty")),
        ("KT0001: 70; KT0002", AuthorError("bad_author", "KT0002")),
        ("KT0001: 0; KT0002: 100", AuthorError("bad_share", "KT0001: 0")),
        ("KT0001: 120", AuthorError("bad_share", "KT0001: 120")),
        ("KT0001: 50; kt0001: 50", AuthorError("repeated", "kt0001")),
        ("KT0001: 70; KT0002: 20", AuthorError("total", "90")),
        ("KT0001: 60", AuthorError("total", "60")),
    ],
)
def test_authors_refused_with_the_reason(text, error):
    assert parse_authors(text) == (None, error)
