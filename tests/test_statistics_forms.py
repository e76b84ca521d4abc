"""The statistics forms 0601-0603.N/BNV-TĐKT, counted without Odoo."""

import datetime
import io

from openpyxl import load_workbook

from kttv_lib import statistics_forms as forms

D = datetime.date


def _movements():
    return [
        {"kind": "regular", "date_start": D(2026, 1, 1), "date_end": D(2026, 12, 31), "level": "agency"},
        {"kind": "thematic", "date_start": D(2026, 3, 1), "date_end": D(2026, 8, 31), "level": "agency"},
        {"kind": "thematic", "date_start": D(2026, 1, 1), "date_end": D(2028, 12, 31), "level": "agency"},
        {"kind": "regular", "date_start": D(2026, 1, 1), "date_end": D(2030, 12, 31), "level": "ministry"},
    ]


def test_movement_duration_classes():
    assert forms.movement_duration(D(2026, 1, 1), D(2026, 12, 31)) == "1"
    assert forms.movement_duration(D(2026, 3, 1), D(2026, 8, 31)) == "under_1"
    assert forms.movement_duration(D(2026, 1, 1), D(2027, 6, 30)) == "1_3"
    assert forms.movement_duration(D(2026, 1, 1), D(2028, 12, 31)) == "3_5"
    assert forms.movement_duration(D(2026, 1, 1), D(2030, 12, 31)) == "5"


def test_0601_adds_up():
    form = forms.form_0601(_movements())
    total = form.row("01")
    assert total.values == {"agency": 3, "ministry": 1}
    assert total.total() == 4
    # Each way of splitting covers every movement once.
    for codes in (("02", "03", "04", "05"), ("06", "07", "08", "09", "10"), ("11", "12")):
        assert sum(form.row(code).total() for code in codes) == 4, codes
    assert form.row("05").values == {"agency": 3}
    assert form.row("03").values == {"ministry": 1}
    assert (form.row("11").total(), form.row("12").total()) == (2, 2)
    assert [form.row(code).total() for code in ("06", "07", "08", "09", "10")] == [1, 1, 0, 1, 1]
    assert forms.column_numbers(form) == ["A", "B", "1=(2+3+4)", "2", "3", "4"]


def _awards():
    award = forms.award
    return [
        award("BKTTG", "Bằng khen của Thủ tướng Chính phủ", "government", "individual", award_kind="merit"),
        award("BKTTG", "Bằng khen của Thủ tướng Chính phủ", "government", "collective", award_kind="merit"),
        award("COCP", "Cờ thi đua của Chính phủ", "government", "collective", award_kind="merit"),
        award(
            "CSTDTQ", "Chiến sĩ thi đua toàn quốc", "government", "individual",
            award_kind="merit", position="department_leader",
        ),
        award("HCLD3", "Huân chương Lao động hạng Ba", "state", "individual", award_kind="long_service"),
        award(
            "BKBO", "Bằng khen của Bộ trưởng", "ministry", "individual", award_kind="thematic", position="other_leader"
        ),
        award("BKBO", "Bằng khen của Bộ trưởng", "ministry", "collective", award_kind="ad_hoc"),
        award("CSTDBO", "Chiến sĩ thi đua cấp bộ", "ministry", "individual", award_kind="merit"),
        award("COBO", "Cờ thi đua của Bộ", "ministry", "collective", award_kind="merit"),
        award("KNCBO", "Kỷ niệm chương", "ministry", "individual", award_kind="foreign"),
        award("TTLDXS", "Tập thể lao động xuất sắc", "ministry", "collective", award_kind="merit"),
        award("GK", "Giấy khen", "administration", "individual", award_kind="merit"),
    ]  # fmt: skip


def test_0602_counts_the_awards_of_the_state_and_the_government():
    form = forms.form_0602(_awards())
    total = form.row("01")
    assert total.total() == 5
    assert total.values == {
        "bang_khen_ttg_individual": 1,
        "bang_khen_ttg_collective": 1,
        "co_chinh_phu": 1,
        "cstd_toan_quoc": 1,
        "huan_chuong_individual": 1,
    }
    assert form.row("02").total() == 5  # through the ministry
    assert form.row("06").total() + form.row("08").total() + form.row("09").total() == 5
    assert (form.row("06").total(), form.row("09").total()) == (2, 3)
    assert sum(form.row(f"{code:02d}").total() for code in range(10, 15)) == form.row("09").total()
    assert form.row("11").total() == 1  # the national emulation fighter, a leader at the level of a department
    assert sum(form.row(f"{code:02d}").total() for code in range(15, 22)) == 5
    assert form.row("19").total() == 1  # long service: "cống hiến"
    # Every cell of a row is in a column of the form.
    keys = {column.key for column in form.columns}
    assert all(set(row.values) <= keys for row in form.rows)


def test_0603_counts_the_awards_of_the_ministry_in_its_four_columns():
    form = forms.form_0603(_awards())
    total = form.row("01")
    # Tập thể lao động xuất sắc has no column on the form: not counted.
    assert total.values == {"bang_khen": 2, "cstd": 1, "co_thi_dua": 1, "huy_hieu": 1}
    assert (form.row("02").total(), form.row("05").total()) == (2, 3)
    assert form.row("09").total() == 1  # the other leader
    assert sum(form.row(f"{code:02d}").total() for code in range(11, 18)) == 5
    assert [form.row(code).total() for code in ("11", "12", "13", "14")] == [2, 1, 1, 1]
    assert [row.code for row in form.rows if row.code][-1] == "17"


def test_the_workbook_has_a_sheet_per_form_with_the_same_counts():
    built = [forms.form_0601(_movements()), forms.form_0602(_awards()), forms.form_0603(_awards())]
    workbook = load_workbook(io.BytesIO(forms.to_xlsx(built, "Cục Khí tượng Thủy văn", "Bộ Nội vụ", 2026)))
    assert workbook.sheetnames == ["0601.N", "0602.N", "0603.N"]
    for form, sheet in zip(built, workbook.worksheets, strict=True):
        cells = list(sheet.iter_rows(values_only=True))
        assert cells[0][0] == f"Biểu số: {form.code}"
        assert "02/2023/TT-BNV" in cells[1][0]
        assert cells[3][0] == form.title
        assert cells[4][0] == "Năm 2026"
        coded = {row[1]: row for row in cells if row[1] and str(row[1]).isdigit()}
        fixed = 2 if form.unit else 3
        for row in form.rows:
            if row.code:
                line = coded[row.code]
                assert line[fixed] == row.total()
                assert list(line[fixed + 1 : fixed + 1 + len(form.columns)]) == [
                    row.values.get(column.key, 0) for column in form.columns
                ]
