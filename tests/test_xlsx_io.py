import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

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
    issues = xlsx_io.duplicates(rows, lambda values: (values["code"], values["year"]))
    assert [(issue.row, issue.code, issue.params) for issue in issues] == [(4, "duplicate_row", {"first": 2})]


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


def test_template_has_notes_lists_and_an_example():
    columns = (
        Column("code", ("Mã cán bộ",), kind="code", note="Số hiệu cán bộ"),
        Column("rating", ("Xếp loại",), kind="choice", choices=(("good", ("Hoàn thành tốt nhiệm vụ",)),)),
        Column("year", ("Năm",), kind="year"),
    )
    content = xlsx_io.build_template(
        "Mẫu", columns, {"code": "NV001", "rating": "Hoàn thành tốt nhiệm vụ", "year": 2024}, {"rating": ["A", "B"]}
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Mẫu"]
    assert [cell.value for cell in sheet[1]] == ["Mã cán bộ", "Xếp loại", "Năm"]
    assert sheet["A1"].comment.text == "Số hiệu cán bộ"
    assert [cell.value for cell in sheet[2]] == ["NV001", "Hoàn thành tốt nhiệm vụ", 2024]
    validations = sheet.data_validations.dataValidation
    assert {v.type for v in validations} == {"list", "whole"}
    assert workbook["Danh mục"].sheet_state == "hidden"
    assert [workbook["Danh mục"]["B1"].value, workbook["Danh mục"]["B2"].value] == ["A", "B"]
    # The template reads back as a valid file.
    _rows, issues = xlsx_io.read_rows(content, columns, today=TODAY)
    assert issues == []


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
