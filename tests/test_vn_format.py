import datetime

from kttv_lib import vn_format


def test_place_date_follows_decree_30():
    assert vn_format.place_date("Hà Nội", datetime.date(2025, 1, 15)) == "Hà Nội, ngày 15 tháng 01 năm 2025"
    assert vn_format.place_date("Hà Nội", datetime.date(2025, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2025"
    assert vn_format.place_date("Hà Nội", datetime.date(2021, 8, 1)) == "Hà Nội, ngày 01 tháng 8 năm 2021"
    assert vn_format.place_date("Hà Nội", datetime.date(2021, 12, 31)) == "Hà Nội, ngày 31 tháng 12 năm 2021"
    assert vn_format.place_date("", datetime.date(2021, 9, 7)) == "ngày 07 tháng 9 năm 2021"


def test_place_date_left_blank_for_a_draft():
    assert vn_format.place_date("Hà Nội", None).startswith("Hà Nội, ngày ")


def test_money_groups_thousands_with_dots():
    assert vn_format.money(6_560_000) == "6.560.000"
    assert vn_format.money(710_000.0) == "710.000"
    assert vn_format.money(0) == "0"
    assert vn_format.money(None) == "0"


def test_number_symbol():
    blank = " " * 6
    assert vn_format.number_symbol("12/QĐ-TCKTTV") == "Số: 12/QĐ-TCKTTV"
    assert vn_format.number_symbol("/", "QĐ-TCKTTV") == f"Số:{blank}/QĐ-TCKTTV"
    # A number not written yet keeps its symbol and leaves room for the number.
    assert vn_format.number_symbol("/KH-TCKTTV") == f"Số:{blank}/KH-TCKTTV"
    # Neither number nor symbol: a blank, never "Số: /".
    assert vn_format.number_symbol("", "") == f"Số:{blank}{blank}"
    assert "/" not in vn_format.number_symbol("/", "")


def test_has_number():
    assert vn_format.has_number("12/QĐ-KTTV")
    assert not vn_format.has_number("/")
    assert not vn_format.has_number("/KH-TCKTTV")
    assert not vn_format.has_number(None)
    assert not vn_format.has_number("  ")


def test_citation_follows_decree_30():
    assert vn_format.citation("125/QĐ-KTTV", datetime.date(2027, 1, 15)) == "số 125/QĐ-KTTV ngày 15 tháng 01 năm 2027"
    blank = "\u00a0" * 8
    assert vn_format.citation("/", None, "QĐ-KTTV") == f"số{blank}/QĐ-KTTV ngày    tháng    năm    "


def test_counted_omits_the_parts_that_count_nothing():
    assert vn_format.counted([(2, "tập thể"), (3, "cá nhân")], "và") == "2 tập thể và 3 cá nhân"
    assert vn_format.counted([(0, "tập thể"), (1, "cá nhân")], "và") == "1 cá nhân"
    assert vn_format.counted([(1, "tập thể"), (0, "cá nhân")], "và") == "1 tập thể"
    assert vn_format.counted([(0, "tập thể"), (0, "cá nhân")], "và") == "0 cá nhân"
    assert vn_format.counted([(1, "a"), (2, "b"), (3, "c")], "và") == "1 a, 2 b và 3 c"


def test_roman():
    assert [vn_format.roman(index) for index in (1, 2, 3, 4, 9, 10, 11)] == ["I", "II", "III", "IV", "IX", "X", "11"]
