import base64
import datetime
import io

from openpyxl import Workbook, load_workbook

from odoo.exceptions import UserError
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
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"


def workbook_bytes(rows, headers=HISTORY_HEADERS, merge=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    output = io.BytesIO()
    workbook.save(output)
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
            model: self.env[model].sudo().search_count([])
            for model in ("kttv.annual.rating", "kttv.achievement", "kttv.exemplar.registration")
        }

    def history_wizard(self, content, user=None, filename="lich-su.xlsx"):
        return (
            self.env["kttv.history.import.wizard"]
            .with_user(user or self.user_officer)
            .create({"file": base64.b64encode(content), "filename": filename})
        )

    def assertRefused(self, content, message, user=None, filename="lich-su.xlsx", row=None):
        """The import stops with a clear message, and the database is unchanged."""
        before = self.counts()
        wizard = self.history_wizard(content, user=user, filename=filename)
        try:
            wizard.action_import()
        except UserError as error:
            self.assertIn(message, str(error))
        else:
            self.assertEqual(wizard.state, "errors")
            messages = wizard.issue_ids.mapped(lambda issue: f"{issue.row}|{issue.column}|{issue.message}")
            self.assertTrue(any(message in text for text in messages), f"{message!r} not in {messages}")
            if row:
                self.assertIn(row, wizard.issue_ids.mapped("row"))
            self.assertTrue(wizard.error_file, "a copy of the file with the problems is offered")
        self.assertEqual(self.counts(), before)


@tagged("post_install", "-at_install")
class TestHistoryImport(KttvXlsxCase):
    def test_template_is_an_xlsx_with_lists_notes_and_an_example(self):
        wizard = self.env["kttv.history.import.wizard"].with_user(self.user_unit_a).create({})
        action = wizard.action_download_template()
        self.assertIn("/template_file/", action["url"])
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        sheet = workbook.worksheets[0]
        self.assertEqual(tuple(cell.value for cell in sheet[1]), HISTORY_HEADERS)
        self.assertTrue(sheet["A1"].comment.text)
        self.assertEqual(sheet["D2"].value, EXCELLENT)
        lists = {validation.type for validation in sheet.data_validations.dataValidation}
        self.assertEqual(lists, {"list", "whole", "date"})
        titles = [cell.value for cell in workbook["Danh mục"]["E"] if cell.value]
        self.assertIn("Chiến sĩ thi đua cơ sở", titles)

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
        wizard = self.history_wizard(content)
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
        again = self.history_wizard(content)
        again.action_import()
        self.assertEqual(again.state, "done")
        self.assertEqual(self.counts(), after)
        self.assertIn("4 dòng đã có sẵn", again.result)

    def test_a_changed_rating_is_updated(self):
        self._rating(self.emp_a, 2020, "good")
        wizard = self.history_wizard(workbook_bytes([("T-A01", None, 2020, EXCELLENT, None, None, None, None, None)]))
        wizard.action_import()
        self.assertEqual(
            self.env["kttv.annual.rating"].search([("employee_id", "=", self.emp_a.id), ("year", "=", 2020)]).rating,
            "excellent",
        )

    def test_wrong_file_types(self):
        csv = "Mã cán bộ;Năm\nT-A01;2023\n".encode()
        self.assertRefused(csv, "không phải", filename="lich-su.xlsx")
        self.assertRefused(csv, ".xlsx", filename="lich-su.csv")
        self.assertRefused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".xls")
        self.assertRefused(b"PK\x03\x04 not really a zip", "hỏng")

    def test_missing_or_renamed_columns_and_empty_files(self):
        renamed = list(HISTORY_HEADERS)
        renamed[2] = "Năm đánh giá"
        self.assertRefused(workbook_bytes([], headers=renamed), "Năm đánh giá")
        self.assertRefused(workbook_bytes([], headers=HISTORY_HEADERS[:5]), "Số quyết định")
        self.assertRefused(workbook_bytes([]), "không có dòng")
        self.assertRefused(b"", "chọn tệp")

    def test_row_level_problems(self):
        good = ("T-A01", None, 2022, EXCELLENT, None, None, None, None, None)
        cases = [
            (("T-ZZ9", None, 2022, EXCELLENT, None, None, None, None, None), "T-ZZ9"),
            (
                ("T-A02", None, 2022, None, "Chiến sĩ thi đua thành phố", None, None, None, None),
                "Chiến sĩ thi đua thành phố",
            ),
            (("T-A02", None, "2022", EXCELLENT, None, None, None, None, None), "2022"),
            (("T-A02", None, 2022, None, "LDTT", "5/QĐ", "15/01/2023", None, None), "15/01/2023"),
            (("T-A02", None, "=2020+2", EXCELLENT, None, None, None, None, None), "=2020+2"),
            (("T-A02", None, 2022, "Xuất sắc lắm", None, None, None, None, None), "Xuất sắc lắm"),
            (("T-A02", "T-DA", 2022, EXCELLENT, None, None, None, None, None), "không điền cả hai"),
            ((None, "T-DA", 2022, None, "CSTDCS", None, None, None, None), "Chiến sĩ thi đua cơ sở"),
        ]
        for row, message in cases:
            with self.subTest(message=message):
                self.assertRefused(workbook_bytes([good, row]), message, row=3)

    def test_duplicate_rows(self):
        row = ("T-A01", None, 2022, EXCELLENT, None, None, None, None, None)
        self.assertRefused(workbook_bytes([row, row]), "2", row=3)

    def test_merged_cells_and_row_cap(self):
        rows = [
            ("T-A01", None, 2022, EXCELLENT, None, None, None, None, "ghi"),
            ("T-A02", None, 2022, EXCELLENT, None, None, None, None, None),
        ]
        self.assertRefused(workbook_bytes(rows, merge="I2:I3"), "I2:I3")
        self.env["ir.config_parameter"].sudo().set_param("kttv_emulation.xlsx_max_rows", "1")
        self.assertRefused(workbook_bytes(rows), "1")

    def test_a_unit_officer_imports_for_own_units_only(self):
        content = workbook_bytes([("T-B01", None, 2022, EXCELLENT, None, None, None, None, None)])
        self.assertRefused(content, "Lê Văn Cường", user=self.user_unit_a, row=2)
        mine = workbook_bytes([("T-A02", None, 2022, EXCELLENT, None, None, None, None, None)])
        wizard = self.history_wizard(mine, user=self.user_unit_a)
        wizard.action_import()
        self.assertEqual(wizard.state, "done")


@tagged("post_install", "-at_install")
class TestRegistrationImportAndExports(KttvXlsxCase):
    HEADERS = (
        "Đối tượng",
        "Mã cán bộ",
        "Tập thể (mã hoặc tên)",
        "Phạm vi",
        "Các mặt công tác",
        "Lĩnh vực công tác",
        "Danh hiệu đề nghị",
        "Mô hình, sáng kiến",
    )

    def registration_wizard(self, content, user=None):
        return (
            self.env["kttv.registration.import.wizard"]
            .with_user(user or self.user_unit_a)
            .create(
                {
                    "file": base64.b64encode(content),
                    "filename": "danh-sach.xlsx",
                    "phase_id": self.phase.id,
                    "registering_unit_id": self.unit_a.id,
                }
            )
        )

    def test_import_a_units_list_then_again(self):
        content = workbook_bytes(
            [
                (
                    "Cá nhân",
                    "T-A01",
                    None,
                    "Toàn diện",
                    None,
                    "Dự báo",
                    "Chiến sĩ thi đua cơ sở",
                    "Mô hình dự báo mưa.",
                ),
                (
                    "Tập thể",
                    None,
                    "T-DA",
                    "Trên một số mặt công tác",
                    "Cải cách hành chính",
                    None,
                    None,
                    "Một cửa điện tử.",
                ),
                ("Cá nhân", "T-A02", None, "Toàn diện", None, None, None, '=HYPERLINK("http://x")'),
            ],
            headers=self.HEADERS,
        )
        before = self.counts()
        wizard = self.registration_wizard(content)
        wizard.action_import()
        # A formula in the file is refused, naming the row.
        self.assertEqual(wizard.state, "errors")
        self.assertEqual(wizard.issue_ids.mapped("row"), [4])
        self.assertEqual(self.counts(), before)

        content = workbook_bytes(
            [
                (
                    "Cá nhân",
                    "T-A01",
                    None,
                    "Toàn diện",
                    None,
                    "Dự báo",
                    "Chiến sĩ thi đua cơ sở",
                    "Mô hình dự báo mưa.",
                ),
                (
                    "Tập thể",
                    None,
                    "T-DA",
                    "Trên một số mặt công tác",
                    "Cải cách hành chính",
                    None,
                    None,
                    "Một cửa điện tử.",
                ),
            ],
            headers=self.HEADERS,
        )
        wizard = self.registration_wizard(content)
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
        self.registration_wizard(content).action_import()
        self.assertEqual(self.counts(), after)
        individual.with_user(self.user_unit_a).action_submit()
        changed = workbook_bytes(
            [("Cá nhân", "T-A01", None, "Toàn diện", None, "Quan trắc", None, "Mô hình khác.")], headers=self.HEADERS
        )
        wizard = self.registration_wizard(changed)
        wizard.action_import()
        self.assertEqual(wizard.state, "errors")
        self.assertIn("đã gửi", wizard.issue_ids.message)

    def test_a_unit_registers_its_own_people_only(self):
        content = workbook_bytes(
            [("Cá nhân", "T-B01", None, "Toàn diện", None, None, None, "Mô hình.")], headers=self.HEADERS
        )
        before = self.counts()
        wizard = self.registration_wizard(content)
        wizard.action_import()
        self.assertEqual(wizard.state, "errors")
        self.assertIn("Lê Văn Cường", wizard.issue_ids.message)
        self.assertEqual(self.counts(), before)

    def _export(self, **vals):
        wizard = self.env["kttv.xlsx.export.wizard"].with_user(self.user_officer).create(vals)
        action = wizard.action_export()
        self.assertIn("/file/", action["url"])
        return load_workbook(io.BytesIO(base64.b64decode(wizard.file)))

    def test_exports_have_the_rows_and_no_formula(self):
        mine = self._register(self.user_unit_a, employee_id=self.emp_a.id, field_of_work="Dự báo")
        mine.sudo().model_summary = '=HYPERLINK("http://evil","bấm")'
        self._register(self.user_unit_a, target="collective", department_id=self.unit_a.id)
        sheet = self._export(kind="registrations", phase_id=self.phase.id).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0][:3], ["STT", "Đơn vị", "Tập thể, cá nhân"])
        self.assertEqual(values[1][1], "Đài Khí tượng Thủy văn A", "a heading row per unit")
        names = {row[2] for row in values[2:]}
        self.assertEqual(names, {"Nguyễn Văn Ánh", "Đài Khí tượng Thủy văn A"})
        self.assertIn('=HYPERLINK("http://evil","bấm")', [row[7] for row in values])
        self.assertTrue(all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row))

        stats = self._export(kind="statistics", phase_id=self.phase.id).active
        rows = [[cell.value for cell in row] for row in stats.iter_rows(min_row=2)]
        self.assertEqual(sum(row[4] for row in rows), 2)

        self._rating(self.emp_a, 2022, "excellent")
        self._achievement(self.emp_a, 2022, self.t_cstdcs, decision_number="9/QĐ")
        history = self._export(kind="history", department_id=self.unit_a.id, year_from=2022, year_to=2024).active
        rows = [[cell.value for cell in row] for row in history.iter_rows(min_row=2)]
        unit = "Đài Khí tượng Thủy văn A"
        self.assertIn(["T-A01", "Nguyễn Văn Ánh", unit, 2022, EXCELLENT, "Chiến sĩ thi đua cơ sở", "9/QĐ"], rows)
        self.assertIn(["T-A01", "Nguyễn Văn Ánh", unit, 2024, EXCELLENT, "Chiến sĩ thi đua cơ sở", None], rows)
