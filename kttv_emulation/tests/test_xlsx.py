import base64
import datetime
import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_registration_workflow import KttvWorkflowCase

HISTORY_HEADERS = (
    "Mã cán bộ",
    "Tập thể (mã hoặc tên)",
    "Năm",
    "Mức xếp loại",
    "Danh hiệu, hình thức khen thưởng",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp quyết định",
    "Ghi chú",
)
HISTORY_HEADERS_EN = (
    "Employee code",
    "Collective (code or name)",
    "Year",
    "Rating",
    "Title or commendation",
    "Decision number",
    "Decision date",
    "Issuing authority",
    "Note",
)
REGISTRATION_HEADERS = (
    "Đối tượng",
    "Mã cán bộ",
    "Tập thể (mã hoặc tên)",
    "Phạm vi",
    "Các mặt công tác",
    "Lĩnh vực công tác",
    "Danh hiệu đề nghị",
    "Mô hình, sáng kiến",
)
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"


def workbook_bytes(rows, headers=HISTORY_HEADERS, merge=None, cells=None):
    """An .xlsx of ``headers`` then ``rows``; ``cells`` sets objects such as ArrayFormula by coordinate."""
    workbook = Workbook()
    sheet = workbook.active
    if headers:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for coordinate, value in (cells or {}).items():
        sheet[coordinate] = value
    if merge:
        sheet.merge_cells(merge)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def zip_bomb():
    """A few kilobytes that claim to unpack to 20 MiB."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    return output.getvalue()


class KttvXlsxCase(KttvWorkflowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_a.kttv_code = "T-A01"
        cls.emp_a_child.kttv_code = "T-A02"
        cls.emp_b.kttv_code = "T-B01"
        cls.unit_a.kttv_code = "T-DA"
        # Headers and lists in Vietnamese, as the officers see them.
        cls.env = cls.env(context=dict(cls.env.context, lang="vi_VN"))

    def counts(self):
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in ("kttv.annual.rating", "kttv.achievement", "kttv.exemplar.registration")
        }

    def tr(self, source, **params):
        """``source`` in the test's language, as the addon translates it."""
        return self.env._(source, **params)

    def file_message(self, code, **params):
        return self.env["kttv.history.import.wizard"]._file_messages()[code] % params

    def cell_message(self, code, **params):
        return self.env["kttv.history.import.wizard"]._cell_messages()[code] % params

    def assertRefused(self, content, message, *, user=None, filename=None, row=None, column=None):
        """The import stops with exactly ``message``, for the file or on ``row``/``column``; nothing is written."""
        before = self.counts()
        wizard = self.wizard(content, user=user, filename=filename)
        try:
            wizard.action_import()
        except UserError as error:
            self.assertIsNone(row, f"a problem of row {row} is listed, not raised: {error}")
            self.assertEqual(error.args[0], message)
        else:
            self.assertEqual(wizard.state, "errors", wizard.result)
            found = [(issue.row, issue.column or "", issue.message) for issue in wizard.issue_ids]
            self.assertIn((row, column, message), found)
            copy = load_workbook(io.BytesIO(base64.b64decode(wizard.error_file))).active
            explained = [line[-1] for line in copy.iter_rows(values_only=True)]
            self.assertTrue(any(message in (text or "") for text in explained), "the copy of the file explains the row")
        self.assertEqual(self.counts(), before)
        return wizard


class BadFileCases:
    """The same bad files refused the same way by every import."""

    # Odoo's test loader runs only the test methods a class defines itself,
    # unless told to: these are inherited by each import's test class.
    allow_inherited_tests_method = True
    HEADERS = ()

    def good_row(self):
        raise NotImplementedError

    def test_template_as_downloaded_imports_nothing(self):
        wizard = self.wizard(b"")
        wizard.action_download_template()
        self.assertRefused(base64.b64decode(wizard.template_file), self.file_message("no_rows"))

    def test_an_old_xls_file(self):
        wizard = self.assertRefused(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, self.file_message("xls_format")
        )
        with self.assertRaises(UserError) as error:
            wizard.action_check()
        self.assertIn("định dạng cũ", error.exception.args[0], "the old-format message, not the generic one")

    def test_a_csv_file_renamed_or_not(self):
        csv = ";".join(self.HEADERS).encode() + b"\nT-A01;2023\n"
        self.assertRefused(csv, self.file_message("not_xlsx"))
        self.assertRefused(
            csv,
            self.tr(
                "%(file)s is not an Excel workbook (.xlsx): download the template and fill it in.",
                file="danh-sach.csv",
            ),
            filename="danh-sach.csv",
        )

    def test_a_corrupt_archive(self):
        self.assertRefused(b"PK\x03\x04 not really a zip", self.file_message("corrupt"))
        content = workbook_bytes([self.good_row()], headers=self.HEADERS)
        self.assertRefused(content[: len(content) // 2], self.file_message("corrupt"))

    def test_missing_or_renamed_columns(self):
        renamed = list(self.HEADERS)
        renamed[2] = "Cột đã đổi tên"
        self.assertRefused(
            workbook_bytes([self.good_row()], headers=renamed),
            self.file_message("missing_columns", missing=self.HEADERS[2], unknown="Cột đã đổi tên"),
        )
        self.assertRefused(
            workbook_bytes([self.good_row()[:-2]], headers=self.HEADERS[:-2]),
            self.file_message("missing_columns", missing=", ".join(self.HEADERS[-2:]), unknown=""),
        )

    def test_empty_workbooks(self):
        self.assertRefused(workbook_bytes([], headers=self.HEADERS), self.file_message("no_rows"))
        self.assertRefused(workbook_bytes([], headers=None), self.file_message("no_header"))
        # Data without its header row.
        self.assertRefused(workbook_bytes([], headers=None, cells={"A3": "x"}), self.file_message("no_header"))

    def test_merged_cells(self):
        rows = [self.good_row(), self.good_row()]
        last = chr(ord("A") + len(self.HEADERS) - 1)
        self.assertRefused(
            workbook_bytes(rows, headers=self.HEADERS, merge=f"{last}2:{last}3"),
            self.file_message("merged_cells", ranges=f"{last}2:{last}3"),
        )

    def test_more_rows_than_the_cap(self):
        self.env["ir.config_parameter"].sudo().set_param("kttv_emulation.xlsx_max_rows", "1")
        rows = [self.good_row(), self.good_row()]
        self.assertRefused(workbook_bytes(rows, headers=self.HEADERS), self.file_message("too_many_rows", limit=1))
        # Blank rows below the data count too: a stray cell far below is refused at once.
        self.assertRefused(
            workbook_bytes([self.good_row()], headers=self.HEADERS, cells={"XFD100000": "x"}),
            self.file_message("too_many_rows", limit=1),
        )

    def test_a_zip_bomb(self):
        content = zip_bomb()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        self.assertRefused(content, self.file_message("zip_bomb", unpacked=unpacked))

    def test_a_file_too_large(self):
        self.env["ir.config_parameter"].sudo().set_param("kttv_emulation.xlsx_max_bytes", "1000")
        content = workbook_bytes([self.good_row()], headers=self.HEADERS)
        self.assertRefused(content, self.file_message("too_large", size=len(content), limit=1000))


@tagged("post_install", "-at_install")
class TestHistoryImport(BadFileCases, KttvXlsxCase):
    HEADERS = HISTORY_HEADERS

    def wizard(self, content, user=None, filename=None):
        return (
            self.env["kttv.history.import.wizard"]
            .with_user(user or self.user_officer)
            .create({"file": base64.b64encode(content) if content else False, "filename": filename or "lich-su.xlsx"})
        )

    def good_row(self):
        return ("T-A01", None, 2022, EXCELLENT, None, None, None, None, None)

    def test_check_only_shows_its_verdict_until_another_file_comes(self):
        ratings = self.env["kttv.annual.rating"].search_count([])
        wizard = self.wizard(workbook_bytes([self.good_row()]))
        wizard.action_check()
        self.assertEqual(wizard.state, "upload", "checked, not imported")
        self.assertEqual(wizard.result, "Tệp hợp lệ: có thể nhập dữ liệu.")
        arch = wizard.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("invisible=\"state == 'errors' or not result\"", arch, "the verdict is shown once checked")
        # Another file has not been checked: the verdict goes with the old one.
        wizard.write({"file": base64.b64encode(workbook_bytes([self.good_row(), self.good_row()]))})
        self.assertFalse(wizard.result)
        self.assertEqual(self.env["kttv.annual.rating"].search_count([]), ratings, "checking writes nothing")

    def test_the_window_keeps_its_title_in_vietnamese(self):
        action = self.wizard(workbook_bytes([self.good_row()])).action_check()
        self.assertEqual(action["name"], "Nhập kết quả xếp loại và danh hiệu")

    def test_template_has_headers_notes_lists_and_its_example_apart(self):
        wizard = self.env["kttv.history.import.wizard"].with_user(self.user_unit_a).create({})
        action = wizard.action_download_template()
        self.assertIn("/template_file/", action["url"])
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        sheet = workbook.worksheets[0]
        self.assertEqual(tuple(cell.value for cell in sheet[1]), HISTORY_HEADERS)
        self.assertTrue(sheet["A1"].comment.text)
        self.assertEqual(sheet.max_row, 1, "no example on the sheet that is imported")
        validations = {str(v.sqref)[0]: v for v in sheet.data_validations.dataValidation}
        self.assertEqual(
            {letter: v.type for letter, v in validations.items()},
            {"C": "whole", "D": "list", "E": "list", "G": "date"},
        )
        for validation in validations.values():
            self.assertTrue(validation.showErrorMessage, "Excel rejects a value outside the list")
            self.assertEqual(validation.errorTitle, self.tr("Value not allowed"))
        self.assertEqual(validations["D"].error, self.tr("Choose a value from the drop-down list."))
        self.assertEqual(validations["C"].error, self.tr("Enter the year as a number, e.g. 2024."))
        lists = workbook["Danh mục"]
        self.assertIn(EXCELLENT, [cell.value for cell in lists["D"]])
        self.assertIn("Chiến sĩ thi đua cơ sở", [cell.value for cell in lists["E"]])
        guide = workbook[self.tr("Instructions")]
        lines = {row[0]: row for row in guide.iter_rows(min_row=4, values_only=True)}
        self.assertEqual(lines["Mã cán bộ"][3], "KT0001")
        self.assertEqual(lines["Năm"][1], self.tr("Yes"))
        self.assertEqual(lines["Mức xếp loại"][3], EXCELLENT)
        self.assertTrue(lines["Mã cán bộ"][2], "the column's note")

    def test_good_rows_then_the_same_file_again(self):
        content = workbook_bytes(
            [
                (
                    "T-A01",
                    None,
                    2021,
                    EXCELLENT,
                    "Chiến sĩ thi đua cơ sở",
                    "12/QĐ-TCKTTV",
                    datetime.datetime(2022, 1, 10),
                    "Tổng cục trưởng",
                    None,
                ),
                ("T-A02", None, 2021, "Hoàn thành tốt nhiệm vụ", "LDTT", None, None, None, None),
                (None, "T-DA", 2021, EXCELLENT, "Tập thể lao động xuất sắc", "13/QĐ-TCKTTV", None, None, None),
                (
                    None,
                    "Đài Khí tượng Thủy văn B",
                    2021,
                    None,
                    "Giấy khen",
                    "30/QĐ-TCKTTV",
                    None,
                    None,
                    "Khen đột xuất",
                ),
            ]
        )
        before = self.counts()
        wizard = self.wizard(content)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        after = self.counts()
        self.assertEqual(after["kttv.annual.rating"] - before["kttv.annual.rating"], 3)
        self.assertEqual(after["kttv.achievement"] - before["kttv.achievement"], 4)
        achievement = self.env["kttv.achievement"].search([("employee_id", "=", self.emp_a.id), ("year", "=", 2021)])
        self.assertEqual(
            (achievement.title_id, achievement.decision_number, achievement.decision_date, achievement.source),
            (self.t_cstdcs, "12/QĐ-TCKTTV", datetime.date(2022, 1, 10), "import"),
        )
        rating = self.env["kttv.annual.rating"].search([("department_id", "=", self.unit_a.id), ("year", "=", 2021)])
        self.assertEqual(rating.rating, "excellent")
        # The same file again: nothing changes.
        again = self.wizard(content)
        again.action_import()
        self.assertEqual(again.state, "done")
        self.assertEqual(self.counts(), after)
        self.assertIn("4 dòng đã có sẵn", again.result)

    def test_a_unit_named_in_two_spellings_is_found_in_both_rows(self):
        """Its code as typed in one row and in lower case in another: one unit, both rows imported."""
        wizard = self.wizard(
            workbook_bytes(
                [
                    (None, "T-DA", 2016, EXCELLENT, None, None, None, None, None),
                    (None, " t-da", 2015, EXCELLENT, None, None, None, None, None),
                ]
            )
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        ratings = self.env["kttv.annual.rating"].search(
            [("department_id", "=", self.unit_a.id), ("year", "in", [2015, 2016])]
        )
        self.assertEqual(sorted(ratings.mapped("year")), [2015, 2016])

    def test_a_changed_rating_is_updated(self):
        self._rating(self.emp_a, 2020, "good")
        wizard = self.wizard(workbook_bytes([("T-A01", None, 2020, EXCELLENT, None, None, None, None, None)]))
        wizard.action_import()
        self.assertEqual(
            self.env["kttv.annual.rating"].search([("employee_id", "=", self.emp_a.id), ("year", "=", 2020)]).rating,
            "excellent",
        )

    def test_two_titles_of_a_year_share_one_rating(self):
        """Lao động tiên tiến and Chiến sĩ thi đua cơ sở of one year, each row carrying the same rating."""
        content = workbook_bytes(
            [
                ("T-A02", None, 2022, EXCELLENT, "Lao động tiên tiến", None, None, None, None),
                ("T-A02", None, 2022, EXCELLENT, "Chiến sĩ thi đua cơ sở", None, None, None, None),
            ]
        )
        before = self.counts()
        wizard = self.wizard(content)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        after = self.counts()
        self.assertEqual(after["kttv.annual.rating"] - before["kttv.annual.rating"], 1)
        self.assertEqual(after["kttv.achievement"] - before["kttv.achievement"], 2)
        # An existing rating changed by two agreeing rows: updated once.
        self._rating(self.emp_b, 2022, "good")
        rows = [
            ("T-B01", None, 2022, EXCELLENT, "Lao động tiên tiến", None, None, None, None),
            ("T-B01", None, 2022, EXCELLENT, "Chiến sĩ thi đua cơ sở", None, None, None, None),
        ]
        wizard = self.wizard(workbook_bytes(rows))
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        rating = self.env["kttv.annual.rating"].search([("employee_id", "=", self.emp_b.id), ("year", "=", 2022)])
        self.assertEqual(rating.rating, "excellent")

    def conflict_message(self, **params):
        """Row ``row`` gives ``value``, row ``first`` gave ``other``, for ``subject`` in ``year``: ``reason``."""
        return self.cell_message("conflict", **params)

    def test_two_ratings_of_a_year_that_disagree(self):
        rows = [
            ("T-A02", None, 2022, EXCELLENT, "Lao động tiên tiến", None, None, None, None),
            ("T-A02", None, 2022, "Hoàn thành tốt nhiệm vụ", "Chiến sĩ thi đua cơ sở", None, None, None, None),
        ]
        message = self.conflict_message(
            row=3,
            value="Hoàn thành tốt nhiệm vụ",
            first=2,
            other=EXCELLENT,
            subject="Trần Thị Bích",
            year=2022,
            reason=self.tr("a subject has one rating a year"),
        )
        self.assertRefused(workbook_bytes(rows), message, row=3, column="Mức xếp loại")
        # The same when a rating exists already: no silent "last row wins".
        self._rating(self.emp_a_child, 2022, "completed")
        self.assertRefused(workbook_bytes(rows), message, row=3, column="Mức xếp loại")

    def test_two_rows_rating_one_employee_twice_in_a_year_are_a_conflict_not_a_repeat(self):
        """The rows of the issue: the same employee and year, a rating only, two ratings."""
        rows = [
            ("T-A02", None, 2022, EXCELLENT, None, None, None, None, None),
            ("T-A02", None, 2022, "Hoàn thành tốt nhiệm vụ", None, None, None, None, None),
        ]
        message = self.conflict_message(
            row=3,
            value="Hoàn thành tốt nhiệm vụ",
            first=2,
            other=EXCELLENT,
            subject="Trần Thị Bích",
            year=2022,
            reason=self.tr("a subject has one rating a year"),
        )
        wizard = self.assertRefused(workbook_bytes(rows), message, row=3, column="Mức xếp loại")
        self.assertEqual(len(wizard.issue_ids), 1, "reported once, as a conflict and not as a repeat")
        # Vietnamese, with both rows, the column and both values.
        self.assertEqual(
            wizard.issue_ids.message,
            "dòng 3 ghi Hoàn thành tốt nhiệm vụ nhưng dòng 2 ghi Hoàn thành xuất sắc nhiệm vụ cho Trần Thị Bích "
            "năm 2022: mỗi đối tượng chỉ có một kết quả xếp loại mỗi năm; hãy giữ lại giá trị đúng",
        )
        copy = load_workbook(io.BytesIO(base64.b64decode(wizard.error_file))).active
        self.assertEqual(next(copy.iter_rows(min_row=3, values_only=True))[-1], f"Mức xếp loại: {message}")
        # The same rating twice is a plain repeat, on the columns it repeats.
        same = [rows[0], rows[0]]
        self.assertRefused(
            workbook_bytes(same), self.cell_message("duplicate_row", first=2), row=3, column="Mã cán bộ, Năm"
        )

    def test_a_title_of_a_year_given_by_two_decisions_is_a_conflict(self):
        rows = [
            ("T-A02", None, 2022, None, "Chiến sĩ thi đua cơ sở", "12/QĐ-TCKTTV", None, None, None),
            ("T-A02", None, 2022, None, "Chiến sĩ thi đua cơ sở", "15/QĐ-TCKTTV", None, None, None),
        ]
        reason = self.tr("%(title)s is given once a year, by one decision", title="Chiến sĩ thi đua cơ sở")
        message = self.conflict_message(
            row=3,
            value="15/QĐ-TCKTTV",
            first=2,
            other="12/QĐ-TCKTTV",
            subject="Trần Thị Bích",
            year=2022,
            reason=reason,
        )
        self.assertRefused(workbook_bytes(rows), message, row=3, column="Số quyết định")
        # Two commendations of a year by two decisions are two records, not a conflict.
        commendations = [
            ("T-A02", None, 2022, None, "Giấy khen", number, None, None, None) for number in ("1/QĐ", "2/QĐ")
        ]
        wizard = self.wizard(workbook_bytes(commendations))
        wizard.action_check()
        self.assertEqual(wizard.state, "upload", wizard.result)

    def test_row_level_problems(self):
        good = self.good_row()
        cases = [
            (
                ("T-ZZ9", None, 2022, EXCELLENT, None, None, None, None, None),
                "Mã cán bộ",
                self.tr("no employee has the code %(code)s", code="T-ZZ9"),
            ),
            (
                ("T-A02", None, 2022, None, "Chiến sĩ thi đua thành phố", None, None, None, None),
                "Danh hiệu, hình thức khen thưởng",
                self.tr("no title or commendation is called %(title)s", title="Chiến sĩ thi đua thành phố"),
            ),
            (
                ("T-A02", None, "2022", EXCELLENT, None, None, None, None, None),
                "Năm",
                self.cell_message("year_as_text", value="2022"),
            ),
            (
                ("T-A02", None, 2022, None, "LDTT", "5/QĐ", "15/01/2023", None, None),
                "Ngày quyết định",
                self.cell_message("date_as_text", value="15/01/2023"),
            ),
            (
                # A decision number Excel turned into a date.
                ("T-A02", None, 2022, None, "LDTT", datetime.datetime(2023, 5, 1), None, None, None),
                "Số quyết định",
                self.cell_message("date_in_text", value="01/05/2023"),
            ),
            (
                ("T-A02", None, "=2020+2", EXCELLENT, None, None, None, None, None),
                "Năm",
                self.cell_message("formula", value="=2020+2"),
            ),
            (
                ("T-A02", None, 2022, "Xuất sắc lắm", None, None, None, None, None),
                "Mức xếp loại",
                self.cell_message("unknown_choice", value="Xuất sắc lắm"),
            ),
            (
                ("T-A02", "T-DA", 2022, EXCELLENT, None, None, None, None, None),
                "Mã cán bộ, Tập thể (mã hoặc tên)",
                self.tr("fill in either the employee code or the collective, not both"),
            ),
            (
                ("T-A02", None, 2022, None, None, None, None, None, None),
                "Mức xếp loại, Danh hiệu, hình thức khen thưởng",
                self.tr("give a rating, a title, or both"),
            ),
            (
                (None, "T-DA", 2022, None, "CSTDCS", None, None, None, None),
                "Danh hiệu, hình thức khen thưởng",
                self.tr("%(title)s is not given to this kind of subject", title="Chiến sĩ thi đua cơ sở"),
            ),
            # The same row twice, and one unit named by its code then by its name.
            (good, "Mã cán bộ, Năm", self.cell_message("duplicate_row", first=2)),
        ]
        for row, column, message in cases:
            with self.subTest(message=message):
                self.assertRefused(workbook_bytes([good, row]), message, row=3, column=column)
        by_name = (None, "Đài Khí tượng Thủy văn A", 2022, EXCELLENT, None, None, None, None, None)
        by_code = (None, "T-DA", 2022, EXCELLENT, None, None, None, None, None)
        self.assertRefused(
            workbook_bytes([by_code, by_name]),
            self.cell_message("duplicate_row", first=2),
            row=3,
            column="Tập thể (mã hoặc tên), Năm",
        )

    def test_an_array_formula_is_refused(self):
        content = workbook_bytes([self.good_row()], cells={"I2": ArrayFormula("I2:I2", "=UPPER(A2)")})
        self.assertRefused(content, self.cell_message("formula", value="=UPPER(A2)"), row=2, column="Ghi chú")

    def test_one_check_shows_every_problem(self):
        rows = [
            ("T-A01", None, "2022", EXCELLENT, None, None, None, None, None),  # a cell
            ("T-ZZ9", None, 2022, EXCELLENT, None, None, None, None, None),  # a reference
            ("T-A02", None, 2022, None, "Chiến sĩ thi đua thành phố", None, None, None, None),
        ]
        wizard = self.wizard(workbook_bytes(rows))
        wizard.action_check()
        self.assertEqual(wizard.state, "errors")
        self.assertEqual(
            [(issue.row, issue.column) for issue in wizard.issue_ids],
            [(2, "Năm"), (3, "Mã cán bộ"), (4, "Danh hiệu, hình thức khen thưởng")],
        )

    def test_headers_in_vietnamese_or_english_whatever_the_language(self):
        row = ("T-A02", None, 2022, EXCELLENT, None, None, None, None, None)
        english = (
            self.env["kttv.history.import.wizard"]
            .with_user(self.user_officer)
            .with_context(lang="en_US")
            .create({"file": base64.b64encode(workbook_bytes([row])), "filename": "lich-su.xlsx"})
        )
        english.action_check()
        self.assertEqual((english.state, english.issue_count), ("upload", 0), english.result)
        vietnamese = self.wizard(
            workbook_bytes([("T-A02", None, 2022, "Excellent", None, None, None, None, None)], HISTORY_HEADERS_EN)
        )
        vietnamese.action_import()
        self.assertEqual(vietnamese.state, "done", vietnamese.result)

    def test_a_unit_officer_checks_own_units_file_and_tccb_imports_it(self):
        Rating = self.env["kttv.annual.rating"]
        before = Rating.search_count([])
        theirs = workbook_bytes([("T-B01", None, 2022, EXCELLENT, None, None, None, None, None)])
        wizard = self.wizard(theirs, user=self.user_unit_a)
        wizard.action_check()
        self.assertEqual(wizard.state, "errors")
        self.assertEqual(
            [(issue.row, issue.column, issue.message) for issue in wizard.issue_ids],
            [(2, "Mã cán bộ", self.tr("%(subject)s is not in your units", subject="Lê Văn Cường"))],
        )
        mine = workbook_bytes([("T-A02", None, 2022, EXCELLENT, None, None, None, None, None)])
        wizard = self.wizard(mine, user=self.user_unit_a)
        wizard.action_check()
        self.assertEqual(wizard.state, "upload", wizard.result)
        # The history decides the criteria: TCCB writes it, not the unit.
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertEqual(Rating.search_count([]), before)
        wizard = self.wizard(mine)
        wizard.action_import()
        self.assertEqual((wizard.state, Rating.search_count([])), ("done", before + 1))


@tagged("post_install", "-at_install")
class TestRegistrationImport(BadFileCases, KttvXlsxCase):
    HEADERS = REGISTRATION_HEADERS

    def wizard(self, content, user=None, filename=None, unit=None):
        return (
            self.env["kttv.registration.import.wizard"]
            .with_user(user or self.user_unit_a)
            .create(
                {
                    "file": base64.b64encode(content) if content else False,
                    "filename": filename or "danh-sach.xlsx",
                    "phase_id": self.phase.id,
                    "registering_unit_id": (unit or self.unit_a).id,
                }
            )
        )

    def good_row(self):
        return ("Cá nhân", "T-A01", None, "Toàn diện", None, "Dự báo", "Chiến sĩ thi đua cơ sở", "Mô hình dự báo.")

    def test_template_has_headers_notes_lists_and_its_example_apart(self):
        wizard = self.wizard(b"")
        wizard.action_download_template()
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        sheet = workbook.worksheets[0]
        self.assertEqual(tuple(cell.value for cell in sheet[1]), REGISTRATION_HEADERS)
        self.assertTrue(sheet["B1"].comment.text)
        self.assertEqual(sheet.max_row, 1, "no example on the sheet that is imported")
        validations = {str(v.sqref)[0]: v for v in sheet.data_validations.dataValidation}
        self.assertEqual({letter: v.type for letter, v in validations.items()}, {"A": "list", "D": "list", "G": "list"})
        self.assertTrue(all(v.showErrorMessage and v.error for v in validations.values()))
        lists = workbook["Danh mục"]
        self.assertEqual([cell.value for cell in lists["A"] if cell.value], ["Cá nhân", "Tập thể"])
        self.assertIn("Toàn diện", [cell.value for cell in lists["D"]])
        guide = workbook[self.tr("Instructions")]
        lines = {row[0]: row for row in guide.iter_rows(min_row=4, values_only=True)}
        self.assertEqual(lines["Đối tượng"][1:4:2], (self.tr("Yes"), "Cá nhân"))
        self.assertEqual(lines["Mô hình, sáng kiến"][1], self.tr("Yes"))

    def test_the_window_keeps_its_title_in_vietnamese(self):
        action = self.wizard(workbook_bytes([self.good_row()], headers=self.HEADERS)).action_check()
        self.assertEqual(action["name"], "Nhập danh sách đăng ký")

    def test_import_a_units_list_then_again(self):
        rows = [
            self.good_row(),
            ("Tập thể", None, "T-DA", "Trên một số mặt công tác", "Cải cách hành chính", None, None, "Một cửa."),
        ]
        content = workbook_bytes(rows, headers=self.HEADERS)
        wizard = self.wizard(content)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        registrations = self.env["kttv.exemplar.registration"].search([("phase_id", "=", self.phase.id)])
        self.assertEqual(len(registrations), 2)
        individual = registrations.filtered(lambda r: r.employee_id == self.emp_a)
        self.assertEqual(
            (individual.state, individual.title_id, individual.field_of_work), ("draft", self.t_cstdcs, "Dự báo")
        )
        collective = registrations - individual
        self.assertEqual((collective.scope, collective.scope_aspects), ("specific", "Cải cách hành chính"))
        self.assertTrue(individual.criterion_line_ids, "criteria assessed at creation")
        # Again: nothing changes; once submitted, a different row is refused.
        after = self.counts()
        self.wizard(content).action_import()
        self.assertEqual(self.counts(), after)
        individual.with_user(self.user_unit_a).action_submit()
        changed = workbook_bytes(
            [("Cá nhân", "T-A01", None, "Toàn diện", None, "Quan trắc", None, "Mô hình khác.")], headers=self.HEADERS
        )
        self.assertRefused(
            changed,
            self.tr("%(subject)s is already registered and submitted: it cannot change here", subject="Nguyễn Văn Ánh"),
            row=2,
            column="Mã cán bộ",
        )

    def test_row_level_problems(self):
        good = self.good_row()
        cases = [
            (
                ("Cá nhân", "T-ZZ9", None, "Toàn diện", None, None, None, "Mô hình."),
                "Mã cán bộ",
                self.tr("no employee has the code %(code)s", code="T-ZZ9"),
            ),
            (
                ("Cá nhân", "T-A02", None, "Toàn diện", None, None, "Chiến sĩ thi đua thành phố", "Mô hình."),
                "Danh hiệu đề nghị",
                self.tr("no title or commendation is called %(title)s", title="Chiến sĩ thi đua thành phố"),
            ),
            (
                ("Cá nhân", "T-A02", None, "Toàn diện", None, datetime.datetime(2024, 1, 15), None, "Mô hình."),
                "Lĩnh vực công tác",
                self.cell_message("date_in_text", value="15/01/2024"),
            ),
            (
                ("Cá nhân", "T-A02", None, "Toàn diện", None, None, None, '=HYPERLINK("http://x")'),
                "Mô hình, sáng kiến",
                self.cell_message("formula", value='=HYPERLINK("http://x")'),
            ),
            (
                ("Nhóm", "T-A02", None, "Toàn diện", None, None, None, "Mô hình."),
                "Đối tượng",
                self.cell_message("unknown_choice", value="Nhóm"),
            ),
            (good, "Mã cán bộ", self.cell_message("duplicate_row", first=2)),
        ]
        for row, column, message in cases:
            with self.subTest(message=message):
                self.assertRefused(workbook_bytes([good, row], headers=self.HEADERS), message, row=3, column=column)
        # One collective named by its code, then by its name.
        by_code = ("Tập thể", None, "T-DA", "Toàn diện", None, None, None, "Mô hình.")
        by_name = ("Tập thể", None, "Đài Khí tượng Thủy văn A", "Toàn diện", None, None, None, "Mô hình.")
        self.assertRefused(
            workbook_bytes([by_code, by_name], headers=self.HEADERS),
            self.cell_message("duplicate_row", first=2),
            row=3,
            column="Tập thể (mã hoặc tên)",
        )

    def test_an_array_formula_is_refused(self):
        content = workbook_bytes([self.good_row()], headers=self.HEADERS, cells={"H2": ArrayFormula("H2:H2", "=A1")})
        self.assertRefused(content, self.cell_message("formula", value="=A1"), row=2, column="Mô hình, sáng kiến")

    def test_a_unit_registers_its_own_people_only(self):
        content = workbook_bytes(
            [("Cá nhân", "T-B01", None, "Toàn diện", None, None, None, "Mô hình.")], headers=self.HEADERS
        )
        self.assertRefused(
            content,
            self.tr("%(subject)s does not belong to %(unit)s", subject="Lê Văn Cường", unit="Đài Khí tượng Thủy văn A"),
            row=2,
            column="Mã cán bộ",
        )

    def test_a_unit_officer_cannot_import_into_another_unit(self):
        """Unit A's officer picks unit B: refused, and B's draft stays as B wrote it."""
        theirs = self._register(
            self.user_unit_b, registering_unit_id=self.unit_b.id, employee_id=self.emp_b.id, model_summary="Của B."
        )
        self.assertEqual(theirs.state, "draft")
        content = workbook_bytes(
            [("Cá nhân", "T-B01", None, "Toàn diện", None, "Giả mạo", None, "Ghi đè của A.")], headers=self.HEADERS
        )
        before = self.counts()
        wizard = self.wizard(content, unit=self.unit_b)
        for action in (wizard.action_check, wizard.action_import):
            with self.assertRaises(UserError) as error:
                action()
            self.assertEqual(
                error.exception.args[0],
                self.tr(
                    "%(unit)s is not one of your units: you can import the registration lists of your own units "
                    "only. Choose one of them as the registering unit.",
                    unit="Đài Khí tượng Thủy văn B",
                ),
            )
        self.assertEqual(self.counts(), before)
        self.assertEqual((theirs.model_summary, theirs.field_of_work), ("Của B.", False))
        # The wizard offers the officer's own units only; TCCB officers any unit.
        Department = self.env["hr.department"]
        field = self.env["kttv.registration.import.wizard"]._fields["registering_unit_id"]
        offered = Department.with_user(self.user_unit_a).search(
            field._description_domain(self.env(user=self.user_unit_a))
        )
        self.assertIn(self.unit_a_child, offered)
        self.assertNotIn(self.unit_b, offered)
        self.assertEqual(field._description_domain(self.env(user=self.user_officer)), [])
        # The same file from B's own officer updates B's draft.
        wizard = self.wizard(content, user=self.user_unit_b, unit=self.unit_b)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        self.assertEqual(theirs.model_summary, "Ghi đè của A.")

    def test_a_subject_registered_by_another_unit(self):
        """A registration unit A's officer cannot see is not changed through the import."""
        self._register(
            self.user_officer, registering_unit_id=self.root.id, employee_id=self.emp_a.id, model_summary="Của TC."
        )
        self.assertRefused(
            workbook_bytes([self.good_row()], headers=self.HEADERS),
            self.tr("%(subject)s is already registered in this phase by another unit", subject="Nguyễn Văn Ánh"),
            row=2,
            column="Mã cán bộ",
        )


@tagged("post_install", "-at_install")
class TestExports(KttvXlsxCase):
    def _export(self, **vals):
        wizard = self.env["kttv.xlsx.export.wizard"].with_user(self.user_officer).create(vals)
        action = wizard.action_export()
        self.assertIn("/file/", action["url"])
        sheet = load_workbook(io.BytesIO(base64.b64decode(wizard.file))).active
        self.assertTrue(all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), "no formula")
        return sheet

    def _values(self, sheet, min_row=1):
        return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=min_row)]

    def test_registration_list(self):
        mine = self._register(self.user_unit_a, employee_id=self.emp_a.id, field_of_work="+84 dự báo")
        mine.sudo().model_summary = '=HYPERLINK("http://evil","bấm")'
        self._register(self.user_unit_a, target="collective", department_id=self.unit_a.id, field_of_work="@cmd")
        cancelled = self._register(self.user_unit_a, employee_id=self.emp_a_child.id)
        cancelled.sudo().state = "cancelled"
        sheet = self._export(kind="registrations", phase_id=self.phase.id)
        values = self._values(sheet)
        self.assertEqual(values[0][:3], ["STT", "Đơn vị", "Tập thể, cá nhân"])
        self.assertEqual(values[1][1], "Đài Khí tượng Thủy văn A", "a heading row per unit")
        self.assertEqual({row[2] for row in values[2:]}, {"Nguyễn Văn Ánh", "Đài Khí tượng Thủy văn A"})
        texts = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row}
        for dangerous in ('=HYPERLINK("http://evil","bấm")', "+84 dự báo", "@cmd"):
            self.assertEqual(texts.get(dangerous), "s", dangerous)

    def test_statistics_leave_cancelled_registrations_out(self):
        self.phase.name = "-Giai đoạn 1"
        self._register(self.user_unit_a, employee_id=self.emp_a.id)
        self._register(self.user_unit_a, target="collective", department_id=self.unit_a.id)
        cancelled = self._register(self.user_unit_a, employee_id=self.emp_a_child.id)
        cancelled.sudo().state = "cancelled"
        sheet = self._export(kind="statistics", phase_id=self.phase.id)
        unit = "Đài Khí tượng Thủy văn A"
        self.assertCountEqual(
            self._values(sheet, min_row=2),
            [[unit, "-Giai đoạn 1", "Cá nhân", None, 1, 0, 0, 0], [unit, "-Giai đoạn 1", "Tập thể", None, 1, 0, 0, 0]],
            "the cancelled registration is not counted",
        )
        self.assertEqual({cell.data_type for cell in next(sheet.iter_rows(min_row=2, max_col=2))}, {"s"})

    def test_unit_history_keeps_former_staff_and_archived_sub_units(self):
        self._rating(self.emp_a, 2022, "excellent")
        self._achievement(self.emp_a, 2022, self.t_cstdcs, decision_number="=9/QĐ")
        self._rating(self.emp_a_child, 2022, "good")
        self._achievement(self.unit_a_child, 2022, self.t_ttldtt)
        # The employee left and the station closed: their history stays the unit's.
        self.emp_a_child.active = False
        self.unit_a_child.active = False
        sheet = self._export(kind="history", department_id=self.unit_a.id, year_from=2022, year_to=2024)
        rows = self._values(sheet, min_row=2)
        unit = "Đài Khí tượng Thủy văn A"
        self.assertIn(["T-A01", "Nguyễn Văn Ánh", unit, 2022, EXCELLENT, "Chiến sĩ thi đua cơ sở", "=9/QĐ"], rows)
        self.assertIn(["T-A01", "Nguyễn Văn Ánh", unit, 2024, EXCELLENT, "Chiến sĩ thi đua cơ sở", None], rows)
        station = "Trạm khí tượng A1"
        self.assertIn(["T-A02", "Trần Thị Bích", station, 2022, "Hoàn thành tốt nhiệm vụ", None, None], rows)
        self.assertIn(["T-A02", "Trần Thị Bích", station, 2024, None, "Chiến sĩ thi đua cơ sở", None], rows)
        self.assertIn([None, station, station, 2022, None, "Tập thể lao động tiên tiến", None], rows)
        decision = next(cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == "=9/QĐ")
        self.assertEqual(decision.data_type, "s")
