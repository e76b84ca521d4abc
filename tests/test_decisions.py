import datetime

import pytest

from kttv_lib import decisions

BEFORE = datetime.date(2025, 1, 15)
AFTER = datetime.date(2025, 8, 1)
GROUNDS = (
    "Luật Thi đua, khen thưởng số 06/2022/QH15;\n"
    "Nghị định số {decree} quy định chi tiết thi hành Luật Thi đua, khen thưởng;\n"
    "Tờ trình số 12/TTr-TCCB."
)


def test_the_decree_in_force_on_the_decision_date():
    assert decisions.decree_on(BEFORE) == "98/2023/NĐ-CP"
    assert decisions.decree_on(datetime.date(2025, 6, 30)) == "98/2023/NĐ-CP"
    assert decisions.decree_on(datetime.date(2025, 7, 1)) == "152/2025/NĐ-CP"
    assert decisions.decree_on(AFTER) == "152/2025/NĐ-CP"
    with pytest.raises(LookupError):
        decisions.decree_on(datetime.date(2023, 12, 31))


def test_the_grounds_cite_the_decree_of_their_date_and_keep_their_wording():
    old = GROUNDS.format(decree="98/2023/NĐ-CP")
    new = GROUNDS.format(decree="152/2025/NĐ-CP")
    assert decisions.cite_decree(old, AFTER) == new
    assert decisions.cite_decree(new, BEFORE) == old
    assert decisions.cite_decree(old, BEFORE) == old
    assert decisions.cite_decree("Tờ trình số 12/TTr-TCCB.", AFTER) == "Tờ trình số 12/TTr-TCCB."
    assert decisions.cite_decree(new, datetime.date(2020, 1, 1)) == new, "before the table: left as typed"
    assert decisions.cite_decree("", AFTER) == ""


def test_a_dated_table_of_its_own():
    table = ((datetime.date(2030, 1, 1), "1/2029/NĐ-CP"), (datetime.date(2031, 1, 1), "2/2030/NĐ-CP"))
    assert decisions.decree_on(datetime.date(2030, 6, 1), table) == "1/2029/NĐ-CP"
    assert decisions.cite_decree("theo 1/2029/NĐ-CP", datetime.date(2031, 2, 1), table) == "theo 2/2030/NĐ-CP"


def test_the_signature_block_of_the_head_and_of_a_deputy():
    assert decisions.signature_lines("Tổng cục trưởng") == ["TỔNG CỤC TRƯỞNG"]
    deputy = decisions.deputy_title("Tổng cục trưởng")
    assert deputy == "Phó Tổng cục trưởng"
    assert decisions.signature_lines(deputy, "Tổng cục trưởng") == ["KT. TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG"]
    # After the 2025 reorganisation the head is a Cục trưởng: the same rule.
    assert decisions.signature_lines(decisions.deputy_title("Cục trưởng"), "Cục trưởng") == [
        "KT. CỤC TRƯỞNG",
        "PHÓ CỤC TRƯỞNG",
    ]
    assert decisions.signature_lines("", "") == []


def test_grounds_as_the_data_holds_them():
    assert decisions.ground_text("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;") == (
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    )
    assert decisions.ground_text("  Nghị định số 152/2025/NĐ-CP.  ") == "Nghị định số 152/2025/NĐ-CP"
    assert decisions.is_proposal_line("Đề nghị của Hội đồng Thi đua - Khen thưởng")
    assert decisions.is_proposal_line("Theo đề nghị của Chánh Văn phòng Cục")
    assert not decisions.is_proposal_line("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022")
