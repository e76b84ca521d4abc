"""Reading and writing the units' spreadsheets with openpyxl, without Odoo.

Reading streams the sheet (openpyxl read-only mode) and reports every problem
as an ``Issue``: the row, the column and a reason code with its parameters.
The ORM layer turns the codes into translated sentences and writes nothing
unless there is no issue at all. Writing uses write-only mode, and every text
that a spreadsheet could take for a formula is stored as text.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# A zip bomb: far more data inside than the file's size.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 150
FORMULA_START = ("=", "+", "-", "@")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls format


class XlsxFileError(Exception):
    """The file as a whole cannot be read: ``code`` says why, ``params`` the details."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Column:
    """A column of a template.

    ``kind``: text, code (text or whole number, e.g. an employee code), year,
    date, integer or choice; ``labels`` are the headers accepted on import,
    the first one being written in the template.
    """

    key: str
    labels: tuple
    kind: str = "text"
    required: bool = False
    note: str = ""
    choices: tuple = ()
    width: int = 18


@dataclass
class Issue:
    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)


def normalise(text):
    """Compare headers and choices without caring for case, spacing or Unicode form."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return re.sub(r"\s+", " ", text).strip().casefold()


# ----------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------


def check_container(content, max_bytes=MAX_BYTES):
    """Refuse what is not an .xlsx file, or is too large, or unpacks to too much."""
    if not content:
        raise XlsxFileError("empty_file")
    if len(content) > max_bytes:
        raise XlsxFileError("too_large", size=len(content), limit=max_bytes)
    if content.startswith(OLE_MAGIC):
        raise XlsxFileError("xls_format")
    if not content.startswith(b"PK"):
        raise XlsxFileError("not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            if archive.testzip() is not None:
                raise XlsxFileError("corrupt")
    except zipfile.BadZipFile:
        raise XlsxFileError("corrupt") from None
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise XlsxFileError("not_xlsx")
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(content), 1):
        raise XlsxFileError("zip_bomb", unpacked=unpacked)


def merged_ranges(content, sheet_path):
    """Merged cells of a sheet, read from its XML (read-only mode does not keep them)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            xml = archive.read(sheet_path)
        except KeyError:
            return []
    return re.findall(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml)


def _sheet_path(workbook):
    """Path inside the archive of the first sheet."""
    sheet = workbook.worksheets[0]
    path = getattr(sheet, "_worksheet_path", None) or "xl/worksheets/sheet1.xml"
    return path.lstrip("/")


def _map_headers(header_row, columns):
    """``{column key: index}``, and the headers that are missing or unknown."""
    wanted = {normalise(label): column.key for column in columns for label in column.labels}
    found, unknown = {}, []
    for index, value in enumerate(header_row):
        if value is None or str(value).strip() == "":
            continue
        key = wanted.get(normalise(value))
        if key is None:
            unknown.append(str(value))
        elif key not in found:
            found[key] = index
    missing = [column for column in columns if column.key not in found]
    return found, missing, unknown


def _whole(value):
    """A whole number from a numeric cell, or None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _to_year(column, value, today):
    if isinstance(value, str):
        return None, "year_as_text"
    year = _whole(value)
    if year is None:
        return None, "not_a_year"
    if not 1945 <= year <= today.year + 1:
        return None, "year_out_of_range"
    return year, None


def _to_date(column, value, today):
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    return None, "date_as_text" if isinstance(value, str) else "not_a_date"


def _to_integer(column, value, today):
    number = _whole(value)
    return (number, None) if number is not None else (None, "not_a_number")


def _to_code(column, value, today):
    number = _whole(value)
    return str(number if number is not None else value).strip(), None


def _to_choice(column, value, today):
    choices = {normalise(label): key for key, labels in column.choices for label in labels}
    key = choices.get(normalise(value))
    return (key, None) if key is not None else (None, "unknown_choice")


def _to_text(column, value, today):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y"), None
    return str(value).strip(), None


CONVERTERS = {
    "year": _to_year,
    "date": _to_date,
    "integer": _to_integer,
    "code": _to_code,
    "choice": _to_choice,
    "text": _to_text,
}


def _convert(column, value, today):
    """``(value, issue code or None)`` for one cell."""
    if isinstance(value, str):
        value = value.strip() or None
    if value is None:
        return None, ("required" if column.required else None)
    if isinstance(value, str) and value.startswith("=") and len(value) > 1:
        return None, "formula"
    return CONVERTERS[column.kind](column, value, today)


def read_rows(content, columns, max_rows=MAX_ROWS, max_bytes=MAX_BYTES, today=None):
    """Stream the first sheet: ``(rows, issues)``.

    ``rows`` are ``(row number, {column key: value})`` for non-empty rows;
    ``issues`` lists every problem. A problem with the file as a whole raises
    ``XlsxFileError`` instead.
    """
    today = today or datetime.date.today()
    check_container(content, max_bytes)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise XlsxFileError("corrupt") from None
    try:
        merged = merged_ranges(content, _sheet_path(workbook))
        if merged:
            raise XlsxFileError("merged_cells", ranges=", ".join(ref.decode() for ref in merged[:5]))
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            raise XlsxFileError("empty_file")
        found, missing, unknown = _map_headers(header, columns)
        if missing:
            raise XlsxFileError(
                "missing_columns",
                missing=", ".join(column.labels[0] for column in missing),
                unknown=", ".join(unknown),
            )
        rows, issues = [], []
        for number, line in enumerate(lines, start=2):
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in line):
                continue
            if len(rows) >= max_rows:
                raise XlsxFileError("too_many_rows", limit=max_rows)
            values = {}
            for column in columns:
                index = found[column.key]
                raw = line[index] if index < len(line) else None
                value, problem = _convert(column, raw, today)
                if problem:
                    issues.append(Issue(number, column.labels[0], problem, {"value": _shown(raw)}))
                values[column.key] = value
            rows.append((number, values))
    finally:
        workbook.close()
    if not rows:
        raise XlsxFileError("no_rows")
    return rows, issues


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    return str(value)[:60]


def duplicates(rows, key):
    """Issues for rows whose ``key(values)`` repeats an earlier row's."""
    seen, issues = {}, []
    for number, values in rows:
        identity = key(values)
        if identity is None:
            continue
        if identity in seen:
            issues.append(Issue(number, "", "duplicate_row", {"first": seen[identity]}))
        else:
            seen[identity] = number
    return issues


# ----------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
GROUP_FONT = Font(bold=True)


def safe_value(value):
    """Dates and numbers as they are; text as text, never a formula."""
    if value is None or isinstance(value, (bool, int, float, datetime.date, datetime.datetime)):
        return value
    return str(value)


def _text_cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value=safe_value(value))
    if isinstance(cell.value, str):
        # openpyxl would store "=SUM(A1)" as a formula: force a plain string.
        cell.data_type = "s"
    if font:
        cell.font = font
    return cell


def write_table(title, headers, rows, widths=None, group_rows=()):
    """An .xlsx (bytes) of one sheet in write-only mode.

    ``rows`` is an iterable of sequences; rows whose index is in
    ``group_rows`` (e.g. a unit's heading) are written in bold.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for value in headers:
        cell = _text_cell(sheet, value, HEADER_FONT)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    group_rows = set(group_rows)
    for index, row in enumerate(rows):
        if index in group_rows:
            sheet.append([_text_cell(sheet, value, GROUP_FONT) for value in row])
        else:
            # Plain values cost nothing extra; only a text a spreadsheet could
            # read as a formula needs a cell typed as text.
            sheet.append(
                [
                    _text_cell(sheet, value) if isinstance(value, str) and value.startswith(FORMULA_START) else value
                    for value in row
                ]
            )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def build_template(title, columns, example, choice_lists):
    """A template: the header row with notes, validation lists, an example row.

    ``choice_lists`` maps a column key to the labels offered in its drop-down
    list (written on a second, hidden sheet so long lists fit).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    lists = workbook.create_sheet("Danh mục")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.labels[0])
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.note:
            cell.comment = Comment(column.note, "KTTV")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        value = example.get(column.key)
        example_cell = sheet.cell(row=2, column=index, value=safe_value(value))
        if isinstance(value, str):
            example_cell.data_type = "s"
        if isinstance(value, datetime.date):
            example_cell.number_format = "DD/MM/YYYY"
        labels = choice_lists.get(column.key)
        if labels:
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=index, value=label).data_type = "s"
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1=f"='Danh mục'!${letter}$1:${letter}${len(labels)}", allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
        elif column.kind == "year":
            validation = DataValidation(type="whole", operator="between", formula1="1945", formula2="2100")
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
        elif column.kind == "date":
            letter = get_column_letter(index)
            validation = DataValidation(type="date", operator="greaterThan", formula1="1")
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
            for row in range(2, 3):
                sheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def with_error_column(content, issues_by_row, header):
    """A copy of the file with a column that explains each row's problems."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    column = sheet.max_column + 1
    cell = sheet.cell(row=1, column=column, value=header)
    cell.font = Font(bold=True, color="9C0006")
    sheet.column_dimensions[get_column_letter(column)].width = 60
    for row, messages in issues_by_row.items():
        target = sheet.cell(row=row, column=column, value="; ".join(messages))
        target.data_type = "s"
        target.font = Font(color="9C0006")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
