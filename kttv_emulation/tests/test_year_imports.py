import base64
import datetime
import io

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KttvCase
from .test_xlsx import workbook_bytes

YEAR = 2026
REGISTRATION_HEADERS = ("Cán bộ (mã hoặc họ tên)", "Tập thể (mã hoặc tên)", "Danh hiệu đăng ký", "Ghi chú")
RATING_HEADERS = ("Cán bộ (mã hoặc họ tên)", "Tập thể (mã hoặc tên)", "Năm", "Mức xếp loại", "Ghi chú")
INITIATIVE_HEADERS = (
    "Tên sáng kiến",
    "Loại",
    "Đơn vị (mã hoặc tên)",
    "Năm",
    "Lĩnh vực",
    "Tác giả và tỷ lệ đóng góp",
    "Nội dung đổi mới",
    "Hiệu quả",
    "Phạm vi được công nhận",
    "Quyết định công nhận",
    "Ngày công nhận",
    "Cấp công nhận",
)
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
GOOD = "Hoàn thành tốt nhiệm vụ"


class KttvYearImportCase(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_a.kttv_code = "T-A01"
        cls.emp_a_child.kttv_code = "T-A02"
        cls.emp_b.kttv_code = "T-B01"
        cls.unit_a.kttv_code = "T-DA"
        cls.env = cls.env(context=dict(cls.env.context, lang="vi_VN"))

    def counts(self):
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in (
                "kttv.title.registration",
                "kttv.title.registration.line",
                "kttv.annual.rating",
                "kttv.initiative",
                "kttv.initiative.author",
            )
        }

    def tr(self, source, **params):
        return self.env._(source, **params)

    def cell_message(self, code, **params):
        return self.env["kttv.history.import.wizard"]._cell_messages()[code] % params

    def wizard(self, model, content, user, **vals):
        return (
            self.env[model].with_user(user).create({"file": base64.b64encode(content), "filename": "tep.xlsx", **vals})
        )

    def assertRefused(self, wizard, row, column, message):
        """The import lists the problem on ``row``/``column`` with exactly ``message``; nothing is written."""
        before = self.counts()
        wizard.action_import()
        self.assertEqual(wizard.state, "errors", wizard.result)
        found = [(issue.row, issue.column or "", issue.message) for issue in wizard.issue_ids]
        self.assertIn((row, column, message), found)
        copy = load_workbook(io.BytesIO(base64.b64decode(wizard.error_file))).active
        self.assertTrue(any(message in (line[-1] or "") for line in copy.iter_rows(values_only=True)))
        self.assertEqual(self.counts(), before)


@tagged("post_install", "-at_install")
class TestTitleRegistrationImport(KttvYearImportCase):
    def _wizard(self, rows, user=None, unit=None):
        return self.wizard(
            "kttv.title.registration.import.wizard",
            workbook_bytes(rows, headers=REGISTRATION_HEADERS),
            user or self.user_unit_a,
            department_id=(unit or self.unit_a).id,
            year=YEAR,
        )

    def test_the_template_then_a_good_file_then_the_same_again(self):
        template = self._wizard([])
        template.action_download_template()
        sheet = load_workbook(io.BytesIO(base64.b64decode(template.template_file))).worksheets[0]
        self.assertEqual(tuple(cell.value for cell in sheet[1]), REGISTRATION_HEADERS)
        rows = [
            ("T-A01", None, "Chiến sĩ thi đua cơ sở", None),
            ("T-A01", None, "Lao động tiên tiến", None),
            # An employee by their full name; a collective by its name.
            ("Trần Thị Bích", None, "Lao động tiên tiến", "Trạm A1"),
            (None, "Trạm khí tượng A1", "Tập thể lao động tiên tiến", None),
        ]
        wizard = self._wizard(rows)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        registration = self.env["kttv.title.registration"].search(
            [("department_id", "=", self.unit_a.id), ("year", "=", YEAR)]
        )
        self.assertEqual(registration.state, "draft")
        self.assertEqual(
            {(line._subject(), line.title_id) for line in registration.line_ids},
            {
                (self.emp_a, self.t_cstdcs),
                (self.emp_a, self.t_ldtt),
                (self.emp_a_child, self.t_ldtt),
                (self.unit_a_child, self.t_ttldtt),
            },
        )
        after = self.counts()
        again = self._wizard(rows)
        again.action_import()
        self.assertEqual(again.state, "done", again.result)
        self.assertEqual(self.counts(), after)
        # Once submitted, its lines no longer change here.
        registration.with_user(self.user_unit_a).action_submit()
        with self.assertRaisesRegex(UserError, "chỉ sửa được các dòng khi còn là dự thảo"):
            self._wizard([("T-A02", None, "Chiến sĩ thi đua cơ sở", None)]).action_import()
        self.assertEqual(self.counts(), after)

    def test_one_bad_row_refuses_the_file_naming_row_column_and_reason(self):
        before = self.counts()
        good = ("T-A01", None, "Lao động tiên tiến", None)
        cases = [
            (
                ("T-ZZ9", None, "Lao động tiên tiến", None),
                "Cán bộ (mã hoặc họ tên)",
                self.tr("no employee has the code or name %(name)s", name="T-ZZ9"),
            ),
            (
                ("T-B01", None, "Lao động tiên tiến", None),
                "Cán bộ (mã hoặc họ tên)",
                self.tr(
                    "%(subject)s does not belong to %(unit)s", subject="Lê Văn Cường", unit="Đài Khí tượng Thủy văn A"
                ),
            ),
            (
                ("T-A02", None, "Giấy khen", None),
                "Danh hiệu đăng ký",
                self.tr("no emulation title is called %(title)s", title="Giấy khen"),
            ),
            (
                (None, "T-DA", "Lao động tiên tiến", None),
                "Danh hiệu đăng ký",
                self.tr("%(title)s is not given to this kind of subject", title="Lao động tiên tiến"),
            ),
            (
                ("T-A02", "T-DA", "Lao động tiên tiến", None),
                "Cán bộ (mã hoặc họ tên), Tập thể (mã hoặc tên)",
                self.tr("fill in either the employee or the collective, not both"),
            ),
            (
                ("Nguyễn Văn Ánh", None, "Lao động tiên tiến", None),
                "Cán bộ (mã hoặc họ tên), Danh hiệu đăng ký",
                self.cell_message("duplicate_row", first=2),
            ),
        ]
        for row, column, message in cases:
            with self.subTest(message=message):
                self.assertRefused(self._wizard([good, row]), 3, column, message)
        # Nothing written (the demo's own registrations of the year stay as they were).
        self.assertEqual(self.counts(), before)

    def test_a_unit_cannot_import_into_another_unit_and_tccb_imports_any(self):
        before = self.counts()
        wizard = self._wizard([("T-B01", None, "Lao động tiên tiến", None)], unit=self.unit_b)
        for action in (wizard.action_check, wizard.action_import):
            with self.assertRaisesRegex(UserError, "Đài Khí tượng Thủy văn B"):
                action()
        self.assertEqual(self.counts(), before)
        wizard = self._wizard([("T-B01", None, "Lao động tiên tiến", None)], user=self.user_officer, unit=self.unit_b)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        line = self.env["kttv.title.registration.line"].search([("employee_id", "=", self.emp_b.id)])
        self.assertEqual((line.registration_id.department_id, line.title_id), (self.unit_b, self.t_ldtt))


@tagged("post_install", "-at_install")
class TestAnnualRatingImport(KttvYearImportCase):
    def _wizard(self, rows, user=None):
        return self.wizard(
            "kttv.annual.rating.import.wizard", workbook_bytes(rows, headers=RATING_HEADERS), user or self.user_officer
        )

    def test_tccb_imports_a_good_file_then_a_change_then_the_same_again(self):
        rows = [
            ("T-A01", None, YEAR, EXCELLENT, None),
            ("Trần Thị Bích", None, YEAR, GOOD, "Theo biên bản"),
            (None, "T-DA", YEAR, EXCELLENT, None),
        ]
        wizard = self._wizard(rows)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        Rating = self.env["kttv.annual.rating"]
        self.assertEqual(Rating.search([("employee_id", "=", self.emp_a.id), ("year", "=", YEAR)]).rating, "excellent")
        self.assertEqual(Rating.search([("employee_id", "=", self.emp_a_child.id)]).rating, "good")
        self.assertEqual(Rating.search([("department_id", "=", self.unit_a.id)]).rating, "excellent")
        after = self.counts()
        changed = self._wizard([("T-A02", None, YEAR, EXCELLENT, None)])
        changed.action_import()
        self.assertEqual(Rating.search([("employee_id", "=", self.emp_a_child.id)]).rating, "excellent")
        self._wizard(rows[:1]).action_import()
        self.assertEqual(self.counts(), after)

    def test_one_bad_row_refuses_the_file_naming_row_column_and_reason(self):
        good = ("T-A01", None, YEAR, EXCELLENT, None)
        cases = [
            (
                ("T-A02", None, YEAR, "Xuất sắc", None),
                "Mức xếp loại",
                self.cell_message("unknown_choice", value="Xuất sắc"),
            ),
            (
                ("T-ZZ9", None, YEAR, GOOD, None),
                "Cán bộ (mã hoặc họ tên)",
                self.tr("no employee has the code or name %(name)s", name="T-ZZ9"),
            ),
            (("T-A02", None, "2026", GOOD, None), "Năm", self.cell_message("year_as_text", value="2026")),
            (
                ("Nguyễn Văn Ánh", None, YEAR, GOOD, None),
                "Mức xếp loại",
                self.cell_message(
                    "conflict",
                    row=3,
                    value=GOOD,
                    first=2,
                    other=EXCELLENT,
                    subject="Nguyễn Văn Ánh",
                    year=YEAR,
                    reason=self.tr("a subject has one rating a year"),
                ),
            ),
        ]
        for row, column, message in cases:
            with self.subTest(message=message):
                self.assertRefused(self._wizard([good, row]), 3, column, message)

    def test_a_unit_checks_its_own_file_but_only_tccb_writes_the_ratings(self):
        before = self.counts()
        own = self._wizard([("T-A01", None, YEAR, EXCELLENT, None)], user=self.user_unit_a)
        own.action_check()
        self.assertEqual(own.state, "upload", own.result)
        with self.assertRaises(AccessError):
            own.action_import()
        other = self._wizard([("T-B01", None, YEAR, EXCELLENT, None)], user=self.user_unit_a)
        other.action_check()
        self.assertEqual(
            [(issue.row, issue.column, issue.message) for issue in other.issue_ids],
            [(2, "Cán bộ (mã hoặc họ tên)", self.tr("%(subject)s is not in your units", subject="Lê Văn Cường"))],
        )
        self.assertEqual(self.counts(), before)


@tagged("post_install", "-at_install")
class TestInitiativeImport(KttvYearImportCase):
    def _row(self, authors="T-A01: 70; T-A02: 30", unit="T-DA", cells=None):
        """A row of the template: ``cells`` sets columns by index."""
        row = dict.fromkeys(range(12))
        row.update({0: "Tự động hóa bản tin dự báo", 1: "Sáng kiến", 2: unit, 3: YEAR, 4: "Dự báo", 5: authors})
        row.update(cells or {})
        return tuple(row[index] for index in range(12))

    def _wizard(self, rows, user=None):
        return self.wizard(
            "kttv.initiative.import.wizard",
            workbook_bytes(rows, headers=INITIATIVE_HEADERS),
            user or self.user_unit_a,
        )

    def test_a_unit_imports_its_initiatives_with_their_authors_then_the_same_again(self):
        rows = [self._row(), self._row("Trần Thị Bích", cells={0: "Đề tài ra đa", 1: "Đề tài nghiên cứu"})]
        wizard = self._wizard(rows)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        initiatives = self.env["kttv.initiative"].search([("department_id", "=", self.unit_a.id)])
        self.assertEqual(len(initiatives), 2)
        first = initiatives.filtered(lambda i: i.name == "Tự động hóa bản tin dự báo")
        self.assertEqual(
            (first.state, first.kind, first.year, first.field_of_work), ("draft", "initiative", YEAR, "Dự báo")
        )
        self.assertEqual(
            {(a.employee_id, a.share) for a in first.author_ids}, {(self.emp_a, 70), (self.emp_a_child, 30)}
        )
        second = initiatives - first
        self.assertEqual(
            (second.kind, second.author_ids.employee_id, second.author_ids.share), ("research", self.emp_a_child, 100)
        )
        after = self.counts()
        self._wizard(rows).action_import()
        self.assertEqual(self.counts(), after)

    def test_tccb_records_a_recognition_already_decided(self):
        row = self._row(cells={8: "Cấp bộ", 9: "12/QĐ-KTTV", 10: datetime.datetime(2026, 10, 1), 11: "Cục trưởng"})
        wizard = self._wizard([row], user=self.user_officer)
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.result)
        initiative = self.env["kttv.initiative"].search([("decision_number", "=", "12/QĐ-KTTV")])
        self.assertEqual(
            (initiative.scope, initiative.decision_date, initiative.decision_authority),
            ("ministry", datetime.date(2026, 10, 1), "Cục trưởng"),
        )

    def test_one_bad_row_refuses_the_file_naming_row_column_and_reason(self):
        good = self._row(cells={0: "Sáng kiến tốt"})
        authors = "Tác giả và tỷ lệ đóng góp"
        cases = [
            (
                self._row("T-A01: 70; T-A02: 20"),
                authors,
                self.env["kttv.initiative.import.wizard"]._author_messages()["total"] % {"value": "90"},
            ),
            (
                self._row("T-A01: 70; T-ZZ9: 30"),
                authors,
                self.tr("no employee has the code or name %(name)s", name="T-ZZ9"),
            ),
            (
                self._row("T-A01: 70; T-A02"),
                authors,
                self.env["kttv.initiative.import.wizard"]._author_messages()["bad_author"] % {"value": "T-A02"},
            ),
            (
                self._row(unit="Đài Khí tượng Thủy văn B"),
                "Đơn vị (mã hoặc tên)",
                self.tr(
                    "%(unit)s is not one of your units: you record the initiatives of your own units",
                    unit="Đài Khí tượng Thủy văn B",
                ),
            ),
            (
                self._row(cells={8: "Đơn vị"}),
                "Phạm vi được công nhận",
                self.tr("recorded by TCCB when it recognises the initiative: leave it empty"),
            ),
            (good, "Tên sáng kiến, Đơn vị (mã hoặc tên), Năm", self.cell_message("duplicate_row", first=2)),
        ]
        for row, column, message in cases:
            with self.subTest(message=message):
                self.assertRefused(self._wizard([good, row]), 3, column, message)
        self.assertFalse(self.env["kttv.initiative"].sudo().search([("name", "=", "Sáng kiến tốt")]))

    def test_a_unit_cannot_import_into_another_unit(self):
        theirs = self.env["kttv.initiative"].create(
            {
                "name": "Sáng kiến của B",
                "department_id": self.unit_b.id,
                "year": YEAR,
                "author_ids": [Command.create({"employee_id": self.emp_b.id})],
            }
        )
        before = self.counts()
        wizard = self._wizard([self._row("T-B01", unit="Đài Khí tượng Thủy văn B", cells={0: "Sáng kiến của B"})])
        self.assertRefused(
            wizard,
            2,
            "Đơn vị (mã hoặc tên)",
            self.tr(
                "%(unit)s is not one of your units: you record the initiatives of your own units",
                unit="Đài Khí tượng Thủy văn B",
            ),
        )
        self.assertEqual(self.counts(), before)
        self.assertEqual(theirs.author_ids.employee_id, self.emp_b)
