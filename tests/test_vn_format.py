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
    assert vn_format.number_symbol("12/QĐ-TCKTTV") == "Số: 12/QĐ-TCKTTV"
    assert vn_format.number_symbol("/", "QĐ-TCKTTV") == "Số:      /QĐ-TCKTTV"
