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
from collections import defaultdict
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
# What a cell may hold; anything else (ArrayFormula, DataTableFormula...) is a formula.
PLAIN = (str, bool, int, float, datetime.date, datetime.time, datetime.timedelta)
DATE_LIKE = (datetime.date, datetime.time, datetime.timedelta)  # datetime is a date
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
# Longest mergeCell tag a chunk boundary may cut: kept from one chunk to the next.
MERGE_CELL_OVERLAP = 1024


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
    """Refuse what is not an .xlsx file, or is too large, or unpacks to too much.

    Only the archive's directory is read here: the sizes it declares bound
    what any later read can unpack (zipfile stops at the declared size), so
    they are checked before a single member is decompressed. A damaged member
    shows when it is read, and is reported as ``corrupt`` then.
    """
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
            infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise XlsxFileError("corrupt") from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * len(content):
        raise XlsxFileError("zip_bomb", unpacked=unpacked)
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise XlsxFileError("not_xlsx")


def merged_ranges(content, sheet_path, chunk_size=64 * 1024):
    """Merged cells of a sheet, read from its XML (read-only mode does not keep them).

    The sheet is streamed in chunks and the search stops at the chunk holding
    the first ``mergeCell``: a tag cut by a chunk boundary is found whole in
    the overlap carried over to the next chunk.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            member = archive.open(sheet_path)
        except KeyError:
            return []
        with member:
            buffer = b""
            while chunk := member.read(chunk_size):
                buffer = buffer[-MERGE_CELL_OVERLAP:] + chunk
                found = MERGE_CELL.findall(buffer)
                if found:
                    return found
    return []


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
    if isinstance(value, DATE_LIKE):
        return None, "date_in_text"
    number = _whole(value)
    return str(number if number is not None else value).strip(), None


def _to_choice(column, value, today):
    choices = {normalise(label): key for key, labels in column.choices for label in labels}
    key = choices.get(normalise(value))
    return (key, None) if key is not None else (None, "unknown_choice")


def _to_text(column, value, today):
    if isinstance(value, DATE_LIKE):
        # Excel turns "15/1" or "1-2" typed in a General cell into a date:
        # storing its dd/mm/yyyy would silently change what the unit meant.
        return None, "date_in_text"
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
    if not isinstance(value, PLAIN) or (isinstance(value, str) and value.startswith("=") and len(value) > 1):
        return None, "formula"
    return CONVERTERS[column.kind](column, value, today)


def _guarded(lines):
    """The rows of a sheet; a damaged archive or XML met on the way is ``corrupt``.

    Only openpyxl's parsing runs inside this generator: errors of the code
    that consumes the rows are not turned into a "damaged file" message.
    """
    try:
        yield from lines
    except XlsxFileError:
        raise
    except Exception:  # zlib, zipfile (bad CRC), XML syntax, openpyxl's own errors
        raise XlsxFileError("corrupt") from None


def _blank(line):
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in line)


def _open_sheet(content, workbook, columns, max_rows):
    """The first sheet, checked as a whole: ``(sheet, {column key: index})``."""
    if not workbook.worksheets:  # e.g. a workbook of charts only
        raise XlsxFileError("no_header")
    sheet = workbook.worksheets[0]
    # Rows count as the sheet has them, blank ones included: openpyxl yields
    # a row for every gap, so a 5 KB file with one cell at XFD100000 would
    # otherwise cost 100,000 rows of 16,384 cells. The declared size says so
    # at once; the rows themselves are counted while they are read.
    if sheet.max_row and sheet.max_row - 1 > max_rows:
        raise XlsxFileError("too_many_rows", limit=max_rows)
    # A stale <dimension> must not cut rows off: read what the sheet holds.
    sheet.reset_dimensions()
    try:
        merged = merged_ranges(content, _sheet_path(workbook))
    except Exception:  # the sheet's member is damaged (bad CRC, broken stream)
        raise XlsxFileError("corrupt") from None
    if merged:
        raise XlsxFileError("merged_cells", ranges=", ".join(ref.decode() for ref in merged[:5]))
    header = next(_guarded(sheet.iter_rows(min_row=1, max_row=1, values_only=True)), None)
    if not header or _blank(header):
        raise XlsxFileError("no_header")
    found, missing, unknown = _map_headers(header, columns)
    if missing:
        raise XlsxFileError(
            "missing_columns",
            missing=", ".join(column.labels[0] for column in missing),
            unknown=", ".join(unknown),
        )
    return sheet, found


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
    rows, issues = [], []
    try:
        sheet, found = _open_sheet(content, workbook, columns, max_rows)
        # Only the columns the template knows are read: a row is never padded wider.
        width = max(found.values()) + 1
        lines = _guarded(sheet.iter_rows(min_row=2, max_col=width, values_only=True))
        for number, line in enumerate(lines, start=2):
            if number - 1 > max_rows:
                raise XlsxFileError("too_many_rows", limit=max_rows)
            if _blank(line):
                continue
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
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, PLAIN):
        # ArrayFormula keeps its formula in ``text``; other objects show their kind.
        return str(getattr(value, "text", None) or type(value).__name__)[:60]
    return str(value)[:60]


def repeated(seen, identity, row, column=""):
    """The issue of ``row`` if an earlier row had the same ``identity``, else None.

    ``seen`` maps each identity to its first row; it is filled as rows go.
    The caller chooses the identity, typically what the row resolves to (the
    employee or unit it names), so two spellings of one subject still meet,
    and ``column`` names the columns that identity is read from.
    """
    first = seen.setdefault(identity, row)
    return None if first == row else Issue(row, column, "duplicate_row", {"first": first})


def conflicting(first_values, key, row, column, value):
    """The issue of ``row`` if an earlier row gave ``key`` another ``value``, else None.

    ``first_values`` maps each key (e.g. a subject and a year) to the first
    row that gave it a value and that value; it is filled as rows go. Two
    rows that agree are no conflict (whether they repeat each other is for
    ``repeated`` to say); an empty value neither conflicts nor counts. Call it
    before ``repeated``: a row that contradicts an earlier one is a conflict,
    not a repeat, even when both rows name the same thing.
    """
    if value is None or value == "":
        return None
    first, earlier = first_values.setdefault(key, (row, value))
    if first == row or earlier == value:
        return None
    return Issue(row, column, "conflict", {"row": row, "first": first, "value": value, "other": earlier})


def indexed(items, key):
    """``{normalised key: [items]}``: the items by ``key(item)`` (a code, a name), those without one left out."""
    index = defaultdict(list)
    for item in items:
        if value := key(item):
            index[normalise(value)].append(item)
    return index


def matched(keys, *indexes):
    """``{key: item | None (several) | False (none)}``: what each key names.

    Each key is looked up, normalised, in the ``indexes`` in turn (as made by
    ``indexed``; e.g. by code, then by name): the first that knows it decides.
    A key that several items share is ambiguous (None): their code tells them
    apart.
    """
    found = {}
    for key in keys:
        wanted = normalise(key)
        matches = next((index[wanted] for index in indexes if index.get(wanted)), [])
        found[key] = matches[0] if len(matches) == 1 else (False if not matches else None)
    return found


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


@dataclass(frozen=True)
class TemplateText:
    """The words of a template, translated by the caller."""

    instructions_sheet: str = "Instructions"
    intro: str = "Fill in the first sheet, one row per line from row 2. This sheet is never imported."
    column: str = "Column"
    required: str = "Required"
    how: str = "What to enter"
    example: str = "Example"
    yes: str = "Yes"
    error_title: str = "Value not allowed"
    list_error: str = "Choose a value from the drop-down list."
    year_error: str = "Enter the year as a number, e.g. 2024."
    date_error: str = "Enter a date, e.g. 15/01/2025."


def _validation(text, letter, message, **kwargs):
    # openpyxl leaves showErrorMessage off: Excel would then accept anything.
    validation = DataValidation(
        allow_blank=True, showErrorMessage=True, errorTitle=text.error_title, error=message, **kwargs
    )
    validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    return validation


def _put_text(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column, value=safe_value(value))
    if isinstance(value, str):
        cell.data_type = "s"  # a note or label starting with "=" stays text
    return cell


def build_template(title, columns, example, choice_lists, text=None):
    """A template: the header row with notes and validation lists, and its instructions.

    The first sheet, the one imported, holds the headers only. The example
    row and the column notes are on the instructions sheet, which is never
    read: an example left in place cannot be imported by mistake.
    ``choice_lists`` maps a column key to the labels offered in its drop-down
    list (written on a hidden sheet so long lists fit).
    """
    text = text or TemplateText()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    guide = workbook.create_sheet(text.instructions_sheet[:31])
    lists = workbook.create_sheet("Danh mục")
    _put_text(guide, 1, 1, text.intro).font = Font(bold=True)
    for index, label in enumerate((text.column, text.required, text.how, text.example), start=1):
        cell = _put_text(guide, 3, index, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for index, width in enumerate((32, 10, 70, 40), start=1):
        guide.column_dimensions[get_column_letter(index)].width = width
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = _put_text(sheet, 1, index, column.labels[0])
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.note:
            cell.comment = Comment(column.note, "KTTV")
        sheet.column_dimensions[letter].width = column.width
        line = 3 + index
        _put_text(guide, line, 1, column.labels[0]).font = GROUP_FONT
        if column.required:
            _put_text(guide, line, 2, text.yes)
        if column.note:
            _put_text(guide, line, 3, column.note).alignment = Alignment(wrap_text=True, vertical="top")
        value = example.get(column.key)
        if value is not None:
            example_cell = _put_text(guide, line, 4, value)
            if isinstance(value, datetime.date):
                example_cell.number_format = "DD/MM/YYYY"
        labels = choice_lists.get(column.key)
        if labels:
            for row, label in enumerate(labels, start=1):
                _put_text(lists, row, index, label)
            formula = f"='Danh mục'!${letter}$1:${letter}${len(labels)}"
            sheet.add_data_validation(_validation(text, letter, text.list_error, type="list", formula1=formula))
        elif column.kind == "year":
            year = {"type": "whole", "operator": "between", "formula1": "1945", "formula2": "2100"}
            sheet.add_data_validation(_validation(text, letter, text.year_error, **year))
        elif column.kind == "date":
            sheet.add_data_validation(
                _validation(text, letter, text.date_error, type="date", operator="greaterThan", formula1="1")
            )
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
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
