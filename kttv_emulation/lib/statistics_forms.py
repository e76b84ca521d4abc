"""The statistics forms on emulation and commendation (biểu mẫu thống kê TĐKT).

The yearly forms of the Ministry of Home Affairs' reporting circular for its
sector, Thông tư 02/2023/TT-BNV of 23/3/2023, section TĐKT:

- 0601.N/BNV-TĐKT  Số phong trào thi đua (the movements launched);
- 0602.N/BNV-TĐKT  Số lượng khen thưởng cấp nhà nước (awards of the State and
  the Government);
- 0603.N/BNV-TĐKT  Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung
  ương và tỉnh, thành phố trực thuộc Trung ương (awards of the ministry).

Their rows, columns and codes follow the layout a public system for emulation
work lays them out in (see the addon's README, "Statistics forms", for the
sources and what could not be checked). They are data here: a circular that
changes them changes this module, not the code that counts.

Everything below is plain Python: the wizard reads the records once and hands
them over as dicts.
"""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

CIRCULAR = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ"
RECEIVED_ON = "Ngày 15 tháng 12 năm báo cáo"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""  # the heading above several columns, e.g. "Bằng khen của Thủ tướng Chính phủ"
    target: str = ""  # "collective" / "individual" / "" (both)


@dataclass
class Row:
    code: str  # "01"; empty for a heading
    label: str
    unit: str = ""  # đơn vị tính
    values: dict = field(default_factory=dict)  # column key: count
    bold: bool = False

    def total(self):
        return sum(self.values.values())


@dataclass
class Form:
    code: str
    title: str
    unit: str  # đơn vị tính of the whole form, or "" when each row has its own
    columns: list
    rows: list
    total_label: str = "Tổng số"

    def row(self, code):
        return next(row for row in self.rows if row.code == code)


def _count(rows, items, predicate_by_code, column_of):
    """Fill each coded row with the number of items that meet its predicate, by column."""
    for row in rows:
        if not row.code:
            continue
        predicate = predicate_by_code[row.code]
        values = {}
        for item in items:
            if predicate(item):
                key = column_of(item)
                if key is not None:
                    values[key] = values.get(key, 0) + 1
        row.values = values
    return rows


# ---------------------------------------------------------------------------
# 0601.N/BNV-TĐKT: the movements
# ---------------------------------------------------------------------------

MOVEMENT_LEVELS = [
    Column("central", "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"),
    Column("ministry", "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
    Column("agency", "Cơ quan, tổ chức, đơn vị"),
]
# The scope a movement is organised on, by the level that launches it (the
# Administration and its units launch theirs as "cơ quan, tổ chức, đơn vị").
SCOPE_OF_LEVEL = {"central": "nation", "ministry": "ministry", "agency": "agency"}


def movement_duration(date_start, date_end):
    """The form's class of a movement's length: ``under_1``, ``1``, ``1_3``, ``3_5``, ``5``.

    Counted in whole months, the last day included (1 January to 31
    December is one year).
    """
    months = (date_end.year - date_start.year) * 12 + date_end.month - date_start.month
    if date_end.day >= date_start.day - 1:
        months += 1
    if months < 12:
        return "under_1"
    if months == 12:
        return "1"
    if months < 36:
        return "1_3"
    if months < 60:
        return "3_5"
    return "5"


def form_0601(movements):
    """``movements``: dicts with ``kind`` (regular / thematic), ``date_start``, ``date_end`` and ``level``.

    ``level`` is who launched it (central / ministry / agency); the scope
    follows it unless the dict gives ``scope`` (nation / ministry / cluster / agency).
    """
    items = [
        dict(
            movement,
            scope=movement.get("scope") or SCOPE_OF_LEVEL[movement["level"]],
            duration=movement_duration(movement["date_start"], movement["date_end"]),
        )
        for movement in movements
    ]
    rows = [
        Row("01", "Tổng số", bold=True),
        Row("", "1. Chia theo phạm vi tổ chức thi đua", bold=True),
        Row("02", "- Toàn quốc"),
        Row("03", "- Bộ, ban, ngành, đoàn thể, địa phương"),
        Row("04", "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức"),
        Row("05", "- Cơ quan, tổ chức, đơn vị"),
        Row("", "2. Chia theo thời hạn thi đua", bold=True),
        Row("06", "- Dưới 1 năm"),
        Row("07", "- 1 năm"),
        Row("08", "- Từ 1 năm đến dưới 3 năm"),
        Row("09", "- Từ 3 năm đến dưới 5 năm"),
        Row("10", "- Từ 5 năm trở lên"),
        Row("", "3. Chia theo phương thức tổ chức phong trào thi đua", bold=True),
        Row("11", "- Thi đua theo chuyên đề"),
        Row("12", "- Thi đua thường xuyên hằng năm"),
    ]
    predicates = {
        "01": lambda m: True,
        "02": lambda m: m["scope"] == "nation",
        "03": lambda m: m["scope"] == "ministry",
        "04": lambda m: m["scope"] == "cluster",
        "05": lambda m: m["scope"] == "agency",
        "06": lambda m: m["duration"] == "under_1",
        "07": lambda m: m["duration"] == "1",
        "08": lambda m: m["duration"] == "1_3",
        "09": lambda m: m["duration"] == "3_5",
        "10": lambda m: m["duration"] == "5",
        "11": lambda m: m["kind"] == "thematic",
        "12": lambda m: m["kind"] == "regular",
    }
    _count(rows, items, predicates, lambda m: m["level"])
    return Form("0601.N/BNV-TĐKT", "SỐ PHONG TRÀO THI ĐUA", "Phong trào", MOVEMENT_LEVELS, rows)


# ---------------------------------------------------------------------------
# 0602 and 0603: the awards
# ---------------------------------------------------------------------------

# An award's subject and, for a person, their position as the forms split them.
POSITIONS = [
    ("ministry_leader", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên"),
    ("department_leader", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương"),
    ("businessman", "+ Doanh nhân"),
    ("other_leader", "+ Các cấp lãnh đạo khác từ phó phòng trở lên"),
    (
        "worker",
        "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)",
    ),
]
# The forms' "phương thức khen thưởng", from the kind of award the records keep.
METHODS = [
    ("merit", "- Thường xuyên"),
    ("thematic", "- Chuyên đề"),
    ("ad_hoc", "- Đột xuất"),
    ("foreign", "- Đối ngoại"),
    ("long_service", "- Cống hiến"),
    ("seniority", "- Niên hạn"),
    ("resistance", "- Kháng chiến"),
]


def _award_rows(first_code, with_submitters):
    """The rows both award forms share, numbered from ``first_code``."""
    codes = iter(f"{number:02d}" for number in range(first_code, 100))
    rows = [(Row("01", "Tổng số", bold=True), lambda a: True)]
    if with_submitters:
        rows += [
            (Row("", "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", bold=True), None),
            (Row("02", "- Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành"), lambda a: a["submitter"] == "ministry"),
            (Row("03", "- Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP"), lambda a: a["submitter"] == "province"),
        ]
        codes = iter(f"{number:02d}" for number in range(6, 100))
    section = 2 if with_submitters else 1
    rows += [
        (Row("", f"{section}. Chia theo đối tượng khen thưởng", bold=True), None),
        (Row(next(codes), "- Tập thể", "Tập thể"), lambda a: a["subject"] in ("collective", "enterprise")),
        (Row(next(codes), "Trong đó: Doanh nghiệp", "Doanh nghiệp"), lambda a: a["subject"] == "enterprise"),
        (Row(next(codes), "- Hộ gia đình", "Hộ"), lambda a: a["subject"] == "household"),
        (Row(next(codes), "- Cá nhân", "Người"), lambda a: a["subject"] == "individual"),
    ]
    for key, label in POSITIONS:
        rows.append(
            (
                Row(next(codes), label, "Người"),
                lambda a, key=key: a["subject"] == "individual" and a["position"] == key,
            )
        )
    rows.append((Row("", f"{section + 1}. Chia theo phương thức khen thưởng", bold=True), None))
    for key, label in METHODS:
        rows.append((Row(next(codes), label), lambda a, key=key: a["method"] == key))
    return [row for row, _predicate in rows], {row.code: predicate for row, predicate in rows if row.code}


STATE_COLUMNS = [
    Column("huan_chuong_collective", "Tập thể", "Huân chương", "collective"),
    Column("huan_chuong_individual", "Cá nhân", "Huân chương", "individual"),
    Column("huy_chuong_collective", "Tập thể", "Huy chương", "collective"),
    Column("huy_chuong_individual", "Cá nhân", "Huy chương", "individual"),
    Column("giai_thuong_hcm", "Cá nhân", "Giải thưởng Hồ Chí Minh", "individual"),
    Column("giai_thuong_nn", "Cá nhân", "Giải thưởng Nhà nước", "individual"),
    Column("vinh_du_collective", "Tập thể", "Danh hiệu vinh dự nhà nước", "collective"),
    Column("vinh_du_individual", "Cá nhân", "Danh hiệu vinh dự nhà nước", "individual"),
    Column("co_chinh_phu", "Tập thể", "Cờ thi đua của Chính phủ", "collective"),
    Column("bang_khen_ttg_collective", "Tập thể", "Bằng khen của Thủ tướng Chính phủ", "collective"),
    Column("bang_khen_ttg_individual", "Cá nhân", "Bằng khen của Thủ tướng Chính phủ", "individual"),
    Column("cstd_toan_quoc", "Cá nhân", "Danh hiệu “Chiến sĩ thi đua toàn quốc”", "individual"),
    Column("other_collective", "Tập thể", "Các hình thức khen thưởng khác", "collective"),
    Column("other_individual", "Cá nhân", "Các hình thức khen thưởng khác", "individual"),
]
STATE_LEVELS = ("state", "government")
HONOURS = ("Anh hùng", "Nhà giáo", "Thầy thuốc", "Nghệ sĩ", "Nghệ nhân", "Bà mẹ Việt Nam anh hùng")


# (code, name start, the column for a collective, for an individual): the first that matches.
STATE_RULES = [
    ("COCP", "Cờ thi đua của Chính phủ", "co_chinh_phu", "other_individual"),
    ("BKTTG", "Bằng khen của Thủ tướng", "bang_khen_ttg_collective", "bang_khen_ttg_individual"),
    ("CSTDTQ", "Chiến sĩ thi đua toàn quốc", "other_collective", "cstd_toan_quoc"),
    ("", "Huân chương", "huan_chuong_collective", "huan_chuong_individual"),
    ("", "Huy chương", "huy_chuong_collective", "huy_chuong_individual"),
    ("", "Giải thưởng Hồ Chí Minh", "other_collective", "giai_thuong_hcm"),
    ("", "Giải thưởng Nhà nước", "other_collective", "giai_thuong_nn"),
    *(("", honour, "vinh_du_collective", "vinh_du_individual") for honour in HONOURS),
]


def state_column(award):
    """The 0602 column an award of the State or the Government counts in, ``None`` for another level."""
    if award["level"] not in STATE_LEVELS:
        return None
    code, name = award["code"] or "", award["name"] or ""
    collective = award["target"] == "collective"
    for rule_code, start, for_collective, for_individual in STATE_RULES:
        if (rule_code and code == rule_code) or name.startswith(start):
            return for_collective if collective else for_individual
    return "other_collective" if collective else "other_individual"


MINISTRY_COLUMNS = [
    Column("bang_khen", "Bằng khen"),
    Column("cstd", "Chiến sĩ thi đua cấp bộ, cấp tỉnh", target="individual"),
    Column("co_thi_dua", "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
    Column(
        "huy_hieu",
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
    ),
]


def ministry_column(award):
    """The 0603 column an award of the ministry counts in; ``None`` for another level or another form.

    The form has no column for a collective title such as Tập thể lao động
    xuất sắc: it is not counted there.
    """
    if award["level"] != "ministry":
        return None
    code, name = award["code"] or "", award["name"] or ""
    if code == "BKBO" or name.startswith("Bằng khen"):
        return "bang_khen"
    if code == "CSTDBO" or name.startswith("Chiến sĩ thi đua"):
        return "cstd"
    if code == "COBO" or name.startswith("Cờ thi đua"):
        return "co_thi_dua"
    if code == "KNCBO" or name.startswith(("Kỷ niệm chương", "Huy hiệu")):
        return "huy_hieu"
    return None


def form_0602(awards):
    """``awards``: dicts with ``code``, ``name``, ``level``, ``target``, ``subject``, ``position``,
    ``method`` and ``submitter`` (see :func:`award`)."""
    rows, predicates = _award_rows(1, with_submitters=True)
    _count(rows, awards, predicates, state_column)
    return Form("0602.N/BNV-TĐKT", "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC", "", STATE_COLUMNS, rows)


def form_0603(awards):
    rows, predicates = _award_rows(2, with_submitters=False)
    _count(rows, awards, predicates, ministry_column)
    return Form(
        "0603.N/BNV-TĐKT",
        "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
        "",
        MINISTRY_COLUMNS,
        rows,
    )


def award(code, name, level, target, *, award_kind, position="worker", submitter="ministry"):
    """The dict the award forms count, from what an achievement records.

    ``award_kind`` is the achievement's (merit, thematic, ad_hoc, foreign,
    long_service); the Administration's awards of the State go to the Prime
    Minister through its ministry (``submitter`` ministry).
    """
    return {
        "code": code,
        "name": name,
        "level": level,
        "target": target,
        "subject": "collective" if target == "collective" else "individual",
        "position": position if target != "collective" else "",
        "method": award_kind,
        "submitter": submitter,
    }


def column_numbers(form):
    """The numbers the forms write under the headings: A, B, (C), 1 = the total, then 2, 3, …"""
    letters = ["A", "B"] + ([] if form.unit else ["C"])
    total = "1=(" + "+".join(str(n) for n in range(2, len(form.columns) + 2)) + ")" if form.unit else "1"
    return letters + [total] + [str(n) for n in range(2, len(form.columns) + 2)]


THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)


def _sheet_heading(sheet, form, width, *, units, year):
    """Who reports to whom, under which circular, the title and the year; the row the table starts on."""
    last = get_column_letter(width)
    pad = [""] * (width - 2)
    sheet.append([f"Biểu số: {form.code}", *pad, f"Đơn vị báo cáo: {units[0]}"])
    sheet.append([f"Ban hành theo {CIRCULAR}", *pad, f"Đơn vị nhận báo cáo: {units[1]}"])
    sheet.append([f"Ngày nhận báo cáo: {RECEIVED_ON}"])
    sheet.append([form.title])
    sheet.append([f"Năm {year}"])
    if form.unit:
        sheet.append([f"Đơn vị tính: {form.unit}"])
    for row_number in (4, 5):
        sheet.merge_cells(f"A{row_number}:{last}{row_number}")
        sheet[f"A{row_number}"].alignment = CENTRE
    sheet["A1"].font = BOLD
    sheet["A4"].font = Font(bold=True, size=13)
    sheet["A5"].font = Font(italic=True)
    return sheet.max_row + 1


def _table_heading(sheet, form, header):
    """Two heading rows (the groups, then the columns under them), then the columns' numbers."""
    fixed = ["", "Mã số"] + ([] if form.unit else ["Đơn vị tính"]) + ["Tổng số"]
    sheet.append(fixed + [column.group or column.label for column in form.columns])
    sheet.append([""] * len(fixed) + [column.label if column.group else "" for column in form.columns])
    start = len(fixed) + 1
    for index in range(1, start + len(form.columns)):
        column = form.columns[index - start] if index >= start else None
        letter = get_column_letter(index)
        if column is None or not column.group:
            sheet.merge_cells(f"{letter}{header}:{letter}{header + 1}")
        elif index == start or form.columns[index - start - 1].group != column.group:
            span = sum(1 for other in form.columns if other.group == column.group)
            if span > 1:
                sheet.merge_cells(f"{letter}{header}:{get_column_letter(index + span - 1)}{header}")
    sheet.append(column_numbers(form))


def to_xlsx(forms, reporting_unit, receiving_unit, year):
    """One workbook, a sheet per form, laid out as the circular prints it (bytes)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for form in forms:
        sheet = workbook.create_sheet(form.code.split("/")[0])
        width = (2 if form.unit else 3) + 1 + len(form.columns)
        header = _sheet_heading(sheet, form, width, units=(reporting_unit, receiving_unit), year=year)
        _table_heading(sheet, form, header)
        for row in form.rows:
            counts = [row.total(), *(row.values.get(column.key, 0) for column in form.columns)]
            sheet.append(
                [
                    row.label,
                    row.code,
                    *([] if form.unit else [row.unit]),
                    *(counts if row.code else [None] * len(counts)),
                ]
            )
            if row.bold:
                for cell in sheet[sheet.max_row]:
                    cell.font = BOLD
        for line in sheet.iter_rows(min_row=header, max_row=sheet.max_row, max_col=width):
            for cell in line:
                cell.border = BORDER
                cell.alignment = WRAP if cell.column == 1 and cell.row > header + 2 else CENTRE
        sheet.column_dimensions["A"].width = 52
        for index in range(2, width + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 12
        sheet.append([])
        sheet.append(["Người lập biểu", *[""] * (width - 2), "Thủ trưởng đơn vị"])
        sheet.append(["(Ký, họ tên)", *[""] * (width - 2), "(Ký, họ tên, đóng dấu)"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
