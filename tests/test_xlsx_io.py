import datetime
import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from kttv_lib import xlsx_io
from kttv_lib.xlsx_io import Column, XlsxFileError

TODAY = datetime.date(2026, 11, 24)
COLUMNS = (
    Column("code", ("Mã cán bộ", "Employee code"), kind="code", required=True),
    Column("year", ("Năm", "Year"), kind="year", required=True),
    Column(
        "rating", ("Xếp loại", "Rating"), kind="choice", choices=(("excellent", ("Hoàn thành xuất sắc nhiệm vụ",)),)
    ),
    Column("date", ("Ngày quyết định", "Decision date"), kind="date"),
    Column("note", ("Ghi chú", "Note")),
)


def xlsx(rows, header=("Mã cán bộ", "Năm", "Xếp loại", "Ngày quyết định", "Ghi chú"), merge=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def read(content, **kwargs):
    return xlsx_io.read_rows(content, COLUMNS, today=TODAY, **kwargs)


def test_good_rows_are_converted():
    content = xlsx(
        [
            ("NV001", 2023, "Hoàn thành xuất sắc nhiệm vụ", datetime.datetime(2024, 1, 15), "ghi chú"),
            (1002, 2024.0, "  hoàn thành XUẤT SẮC nhiệm vụ ", None, None),
            (None, None, None, None, None),  # blank rows are skipped
        ]
    )
    rows, issues = read(content)
    assert issues == []
    assert rows == [
        (
            2,
            {
                "code": "NV001",
                "year": 2023,
                "rating": "excellent",
                "date": datetime.date(2024, 1, 15),
                "note": "ghi chú",
            },
        ),
        (3, {"code": "1002", "year": 2024, "rating": "excellent", "date": None, "note": None}),
    ]


def test_headers_in_english_or_in_another_order_are_accepted():
    content = xlsx(
        [(2023, "NV001", None, None, None)], header=("Year", "Employee code", "Rating", "Decision date", "Note")
    )
    rows, issues = read(content)
    assert issues == [] and rows[0][1]["code"] == "NV001"


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        (("NV001", "2023", None, None, None), "Năm", "year_as_text"),
        (("NV001", 1900, None, None, None), "Năm", "year_out_of_range"),
        (("NV001", 2023, None, "15/01/2024", None), "Ngày quyết định", "date_as_text"),
        (("NV001", 2023, "Giỏi", None, None), "Xếp loại", "unknown_choice"),
        ((None, 2023, None, None, None), "Mã cán bộ", "required"),
        (("NV001", "=2020+3", None, None, None), "Năm", "formula"),
        (('=HYPERLINK("http://x")', 2023, None, None, None), "Mã cán bộ", "formula"),
    ],
)
def test_each_bad_cell_names_its_row_column_and_reason(row, column, code):
    _rows, issues = read(xlsx([("NV009", 2022, None, None, None), row]))
    assert [(issue.row, issue.column, issue.code) for issue in issues] == [(3, column, code)]


def test_duplicate_rows_name_the_first_one():
    rows, _issues = read(
        xlsx([("NV001", 2023, None, None, None), ("NV002", 2023, None, None, None), ("NV001", 2023, None, None, None)])
    )
    seen = {}
    issues = [xlsx_io.repeated(seen, (values["code"], values["year"]), number) for number, values in rows]
    assert [(issue.row, issue.code, issue.params) for issue in issues if issue] == [(4, "duplicate_row", {"first": 2})]


def test_a_duplicate_names_the_columns_it_repeats():
    seen = {}
    assert xlsx_io.repeated(seen, ("NV001", 2023), 2, "Mã cán bộ, Năm") is None
    issue = xlsx_io.repeated(seen, ("NV001", 2023), 5, "Mã cán bộ, Năm")
    assert (issue.row, issue.column, issue.code, issue.params) == (5, "Mã cán bộ, Năm", "duplicate_row", {"first": 2})


def test_two_rows_giving_one_subject_and_year_two_ratings_are_a_conflict_naming_both_rows_and_values():
    rows, issues = read(
        xlsx(
            [
                ("NV001", 2023, "Hoàn thành xuất sắc nhiệm vụ", None, None),
                ("NV002", 2023, "Hoàn thành xuất sắc nhiệm vụ", None, None),
                ("NV001", 2023, None, None, None),  # no rating: neither conflicts nor counts
                ("NV001", 2023, "Hoàn thành xuất sắc nhiệm vụ", None, None),  # agrees with row 2
            ]
        )
    )
    assert issues == []
    ratings = {}
    found = [
        xlsx_io.conflicting(ratings, (values["code"], values["year"]), number, "Xếp loại", values["rating"])
        for number, values in rows
    ]
    assert found == [None, None, None, None]
    issue = xlsx_io.conflicting(ratings, ("NV001", 2023), 6, "Xếp loại", "good")
    assert (issue.row, issue.column, issue.code) == (6, "Xếp loại", "conflict")
    assert issue.params == {"row": 6, "first": 2, "value": "good", "other": "excellent"}
    # The first row keeps the key: a third value is compared with it, not with the conflicting row.
    third = xlsx_io.conflicting(ratings, ("NV001", 2023), 7, "Xếp loại", "completed")
    assert (third.params["first"], third.params["other"]) == (2, "excellent")


def test_a_conflict_is_checked_before_a_repeat():
    # The order the wizards use: the second row names the same thing, but contradicts the first.
    seen, ratings = {}, {}
    kinds = []
    for number, rating in ((2, "excellent"), (3, "good")):
        issue = xlsx_io.conflicting(ratings, ("NV001", 2023), number, "Xếp loại", rating) or xlsx_io.repeated(
            seen, ("NV001", 2023), number, "Mã cán bộ, Năm"
        )
        kinds.append(issue and (issue.code, issue.column))
    assert kinds == [None, ("conflict", "Xếp loại")]


def test_a_name_is_matched_by_code_first_then_by_name_and_a_shared_one_is_ambiguous():
    units = [
        {"code": "ĐBB", "name": "Đài Khí tượng Thủy văn khu vực Việt Bắc"},
        {"code": "TB", "name": "Đài Khí tượng Thủy văn khu vực Tây Bắc"},
        {"code": "", "name": "Trạm Khí tượng Sa Pa"},
        {"code": "", "name": "Trạm Khí tượng Sa Pa"},
        {"code": "SL", "name": "ĐBB"},  # a name that is another unit's code: the code wins
    ]
    by_code = xlsx_io.indexed(units, lambda unit: unit["code"])
    by_name = xlsx_io.indexed(units, lambda unit: unit["name"])
    assert set(by_code) == {"đbb", "tb", "sl"}  # units without a code are not indexed by it
    keys = {"ĐBB", "  đbb ", "đài khí tượng thủy văn khu vực  tây bắc", "Trạm Khí tượng Sa Pa", "Hà Giang"}
    found = xlsx_io.matched(keys, by_code, by_name)
    # Every key is answered, two spellings of one code alike.
    assert found == {
        "ĐBB": units[0],
        "  đbb ": units[0],
        "đài khí tượng thủy văn khu vực  tây bắc": units[1],
        "Trạm Khí tượng Sa Pa": None,  # two units bear the name: ambiguous
        "Hà Giang": False,  # none
    }


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (xlsx_io.OLE_MAGIC + b"\x00" * 100, "xls_format"),
        ("Mã cán bộ;Năm\nNV001;2023\n".encode(), "not_xlsx"),
        (b"PK\x03\x04 broken archive", "corrupt"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(content, code):
    with pytest.raises(XlsxFileError) as error:
        read(content)
    assert error.value.code == code


def test_a_zip_that_is_not_a_workbook_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(XlsxFileError) as error:
        read(output.getvalue())
    assert error.value.code == "not_xlsx"


def test_a_zip_bomb_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    content = output.getvalue()
    assert len(content) < 200_000
    with pytest.raises(XlsxFileError) as error:
        read(content)
    assert error.value.code == "zip_bomb"


def test_size_and_row_caps():
    content = xlsx([(f"NV{i:03d}", 2023, None, None, None) for i in range(30)])
    with pytest.raises(XlsxFileError) as error:
        read(content, max_rows=20)
    assert (error.value.code, error.value.params) == ("too_many_rows", {"limit": 20})
    with pytest.raises(XlsxFileError) as error:
        read(content, max_bytes=1000)
    assert error.value.code == "too_large"


def test_structural_problems():
    with pytest.raises(XlsxFileError) as error:
        read(xlsx([], header=("Mã cán bộ", "Năm", "Xếp loại", "Ngày QĐ", "Ghi chú")))
    assert error.value.code == "missing_columns"
    assert error.value.params == {"missing": "Ngày quyết định", "unknown": "Ngày QĐ"}
    with pytest.raises(XlsxFileError) as error:
        read(xlsx([]))
    assert error.value.code == "no_rows"
    with pytest.raises(XlsxFileError) as error:
        read(xlsx([("NV001", 2023, None, None, "a"), ("", "", "", "", "")], merge="E2:E3"))
    assert (error.value.code, error.value.params) == ("merged_cells", {"ranges": "E2:E3"})


def test_template_has_notes_lists_and_an_example_that_is_never_imported():
    columns = (
        Column("code", ("Mã cán bộ",), kind="code", required=True, note="Số hiệu cán bộ"),
        Column("rating", ("Xếp loại",), kind="choice", choices=(("good", ("Hoàn thành tốt nhiệm vụ",)),)),
        Column("year", ("Năm",), kind="year"),
        Column("date", ("Ngày",), kind="date"),
    )
    text = xlsx_io.TemplateText(
        instructions_sheet="Hướng dẫn",
        intro="Điền vào trang Mẫu.",
        yes="Có",
        error_title="Giá trị không hợp lệ",
        list_error="Chọn trong danh sách.",
        year_error="Nhập năm.",
        date_error="Nhập ngày.",
    )
    example = {"code": "NV001", "rating": "Hoàn thành tốt nhiệm vụ", "year": 2024, "date": datetime.date(2025, 1, 15)}
    content = xlsx_io.build_template("Mẫu", columns, example, {"rating": ["A", "B"]}, text)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames[0] == "Mẫu", "the data sheet comes first: it is the one imported"
    sheet = workbook["Mẫu"]
    assert [cell.value for cell in sheet[1]] == ["Mã cán bộ", "Xếp loại", "Năm", "Ngày"]
    assert sheet["A1"].comment.text == "Số hiệu cán bộ"
    # No example on the data sheet: left there, it would be imported.
    assert sheet.max_row == 1
    assert all(cell.value is None for cell in sheet[2])
    validations = {v.type: v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"list", "whole", "date"}
    assert all(v.showErrorMessage for v in validations.values()), "a validation that warns nobody rejects nothing"
    assert {v.errorTitle for v in validations.values()} == {"Giá trị không hợp lệ"}
    assert (validations["list"].error, validations["whole"].error, validations["date"].error) == (
        "Chọn trong danh sách.",
        "Nhập năm.",
        "Nhập ngày.",
    )
    assert workbook["Danh mục"].sheet_state == "hidden"
    assert [workbook["Danh mục"]["B1"].value, workbook["Danh mục"]["B2"].value] == ["A", "B"]
    # The example and the column notes live on the instructions sheet.
    guide = workbook["Hướng dẫn"]
    lines = [[cell.value for cell in row] for row in guide.iter_rows()]
    assert lines[0][0] == "Điền vào trang Mẫu."
    assert ["Mã cán bộ", "Có", "Số hiệu cán bộ", "NV001"] in lines
    assert ["Năm", None, None, 2024] in lines
    date_line = next(row for row in guide.iter_rows() if row[0].value == "Ngày")
    assert date_line[3].value.date() == datetime.date(2025, 1, 15)
    # The template as downloaded reads back as a file with no row: nothing imported.
    with pytest.raises(XlsxFileError) as error:
        xlsx_io.read_rows(content, columns, today=TODAY)
    assert error.value.code == "no_rows"


def test_template_text_never_becomes_a_formula():
    columns = (Column("note", ("=Ghi chú",), note="+1"),)
    content = xlsx_io.build_template("Mẫu", columns, {"note": "-5"}, {}, xlsx_io.TemplateText())
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert workbook["Mẫu"]["A1"].value == "=Ghi chú"


def test_exported_text_never_becomes_a_formula():
    dangerous = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", '=HYPERLINK("http://evil")']
    content = xlsx_io.write_table(
        "Danh sách", ["Tên", "Số"], [[text, index] for index, text in enumerate(dangerous)], group_rows=[0]
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == dangerous
    assert sheet["B3"].value == 1 and sheet["B3"].data_type == "n"
    assert sheet["A2"].font.bold


def test_error_column_is_added_to_a_copy():
    content = xlsx([("NV001", "2023", None, None, None)])
    copy = xlsx_io.with_error_column(content, {2: ["Năm: là chữ"]}, "Lỗi")
    sheet = load_workbook(io.BytesIO(copy)).active
    assert sheet["F1"].value == "Lỗi" and sheet["F2"].value == "Năm: là chữ"


# ----------------------------------------------------------------------
# Hostile or damaged files
# ----------------------------------------------------------------------


def _rezip(content, edit):
    """A copy of an .xlsx whose members pass through ``edit(name, data)``."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, edit(info.filename, source.read(info.filename)))
    return output.getvalue()


def _sparse(with_dimension=True):
    """4.9 KB: the header, then one cell far away (row 100,000, column XFD)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã cán bộ", "Năm", "Xếp loại", "Ngày quyết định", "Ghi chú"])
    sheet["XFD100000"] = "x"
    output = io.BytesIO()
    workbook.save(output)
    content = output.getvalue()
    if not with_dimension:
        content = _rezip(
            content,
            lambda name, data: re.sub(rb"<dimension [^>]*/>", b"", data) if name.endswith("sheet1.xml") else data,
        )
    return content


@pytest.mark.parametrize("with_dimension", [True, False])
def test_a_sparse_sheet_is_refused_fast(with_dimension):
    content = _sparse(with_dimension)
    assert len(content) < 10_000
    started = time.perf_counter()
    with pytest.raises(XlsxFileError) as error:
        read(content)
    elapsed = time.perf_counter() - started
    assert (error.value.code, error.value.params) == ("too_many_rows", {"limit": xlsx_io.MAX_ROWS})
    # Before the fix: 43 s, every blank row padded to 16,384 columns.
    assert elapsed < 5, f"{elapsed:.1f} s"


def test_blank_rows_count_toward_the_cap():
    content = xlsx([("NV001", 2023, None, None, None)] + [(None,) * 5] * 8 + [("NV002", 2023, None, None, None)])
    rows, _issues = read(content, max_rows=20)
    assert [number for number, _values in rows] == [2, 11]
    with pytest.raises(XlsxFileError) as error:
        read(content, max_rows=5)
    assert (error.value.code, error.value.params) == ("too_many_rows", {"limit": 5})


def test_a_stale_dimension_does_not_hide_rows():
    content = xlsx([(f"NV{i}", 2023, None, None, None) for i in range(4)])
    content = _rezip(
        content,
        lambda name, data: (
            re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:E2"/>', data)
            if name.endswith("sheet1.xml")
            else data
        ),
    )
    rows, _issues = read(content)
    assert [values["code"] for _number, values in rows] == ["NV0", "NV1", "NV2", "NV3"]


def test_the_declared_sizes_are_checked_before_anything_is_unpacked(monkeypatch):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    content = output.getvalue()

    def unpack(*_args, **_kwargs):
        raise AssertionError("a member was unpacked before the declared sizes were checked")

    monkeypatch.setattr(zipfile.ZipFile, "open", unpack)
    with pytest.raises(XlsxFileError) as error:
        xlsx_io.check_container(content)
    assert error.value.code == "zip_bomb"


def test_a_good_file_is_not_unpacked_twice(monkeypatch):
    def testzip(*_args, **_kwargs):
        raise AssertionError("testzip unpacks the whole archive once more")

    monkeypatch.setattr(zipfile.ZipFile, "testzip", testzip)
    rows, _issues = read(xlsx([("NV001", 2023, None, None, None)]))
    assert len(rows) == 1


def test_a_damaged_member_is_reported_as_corrupt():
    content = xlsx([(f"NV{i:04d}", 2023, None, None, None) for i in range(200)])
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    stored = bytearray(output.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(stored))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    # The last year of the sheet becomes 2024: valid XML, but its checksum no longer matches.
    position = bytes(stored).rindex(b"<v>2023</v>", start, start + info.compress_size)
    stored[position + 6] = ord("4")
    with pytest.raises(XlsxFileError) as error:
        read(bytes(stored))
    assert error.value.code == "corrupt"


def test_a_truncated_file_is_reported_as_corrupt():
    content = xlsx([("NV001", 2023, None, None, None)])
    with pytest.raises(XlsxFileError) as error:
        read(content[: len(content) // 2])
    assert error.value.code == "corrupt"


# ----------------------------------------------------------------------
# Cells that are not plain values
# ----------------------------------------------------------------------


def test_array_and_data_table_formulas_are_refused():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã cán bộ", "Năm", "Xếp loại", "Ngày quyết định", "Ghi chú"])
    sheet.append(["NV001", 2023, None, None, None])
    sheet["E2"] = ArrayFormula("E2:E2", "=UPPER(A2)")
    sheet.append(["NV002", 2023, None, None, None])
    sheet["A3"] = DataTableFormula(ref="A3:A4", r1="B1")
    output = io.BytesIO()
    workbook.save(output)
    _rows, issues = read(output.getvalue())
    assert [(issue.row, issue.column, issue.code) for issue in issues] == [
        (2, "Ghi chú", "formula"),
        (3, "Mã cán bộ", "formula"),
    ]
    assert issues[0].params["value"] == "=UPPER(A2)"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (datetime.datetime(2024, 1, 15), "15/01/2024"),  # "15/1" typed in a text column
        (datetime.date(2023, 12, 1), "01/12/2023"),
        (datetime.time(8, 30), "08:30:00"),
    ],
)
def test_a_date_in_a_text_column_is_a_problem(value, shown):
    _rows, issues = read(xlsx([("NV001", 2023, None, None, value)]))
    assert [(issue.row, issue.column, issue.code, issue.params) for issue in issues] == [
        (2, "Ghi chú", "date_in_text", {"value": shown})
    ]


def test_a_date_in_a_code_column_is_a_problem():
    _rows, issues = read(xlsx([(datetime.datetime(2024, 3, 1), 2023, None, None, None)]))
    assert [(issue.column, issue.code) for issue in issues] == [("Mã cán bộ", "date_in_text")]


# ----------------------------------------------------------------------
# Structure
# ----------------------------------------------------------------------


def test_a_sheet_without_a_header_is_refused():
    workbook = Workbook()
    output = io.BytesIO()
    workbook.save(output)
    with pytest.raises(XlsxFileError) as error:
        read(output.getvalue())
    assert error.value.code == "no_header"
    workbook.active["A3"] = "NV001"  # data, but no header row
    output = io.BytesIO()
    workbook.save(output)
    with pytest.raises(XlsxFileError) as error:
        read(output.getvalue())
    assert error.value.code == "no_header"


def test_merged_cells_are_found_wherever_the_chunks_end(monkeypatch):
    content = xlsx([("NV001", 2023, None, None, "a"), ("", "", "", "", "")], merge="E2:E3")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        size = len(archive.read("xl/worksheets/sheet1.xml"))

    def read_whole(*_args, **_kwargs):
        raise AssertionError("the whole sheet was loaded into memory")

    monkeypatch.setattr(zipfile.ZipFile, "read", read_whole)
    for chunk_size in range(8, size + 8, 3):
        assert xlsx_io.merged_ranges(content, "xl/worksheets/sheet1.xml", chunk_size=chunk_size) == [b"E2:E3"], (
            chunk_size
        )
    assert xlsx_io.merged_ranges(xlsx([("NV001", 2023, None, None, "a")]), "xl/worksheets/sheet1.xml") == []
