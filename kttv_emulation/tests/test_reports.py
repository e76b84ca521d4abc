import io
import shutil
import unicodedata

from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import html2plaintext

from ..lib import vn_format
from .common import http_port
from .test_decision import KttvDecisionCase


def _text(html):
    """Plain text of rendered HTML, NFC-normalised so diacritics compare exactly."""
    return unicodedata.normalize("NFC", " ".join(html2plaintext(html).split()))


@tagged("post_install", "-at_install")
class TestReports(KttvDecisionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf fetches the stylesheets from this process's HTTP server: its
        # requests read this test's transaction, as HttpCase's do.  Under Odoo's
        # runner they would otherwise wait forever for the registry lock the test
        # run holds.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def setUp(self):
        super().setUp()
        self.env.company.write({"kttv_director_id": self.user_manager.id})
        self.user_manager.name = "Đỗ Quang Huy"
        self.decision = self._decision(number="125/QĐ-KTTV")
        self.decision.registration_ids = self.passed
        self.decision.with_user(self.user_manager).action_sign()

    def _html(self, xmlid, records):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
        return _text(html.decode())

    def _pdf(self, xmlid, records):
        """The PDF wkhtmltopdf makes, as a reader; None where wkhtmltopdf is absent."""
        if not shutil.which("wkhtmltopdf"):
            return None
        # wkhtmltopdf fetches the stylesheets from the Odoo server of the test run.
        self.env["ir.config_parameter"].sudo().set_param("report.url", f"http://127.0.0.1:{http_port()}")
        pdf, kind = (
            self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(xmlid, records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return PdfReader(io.BytesIO(pdf))

    def _pdf_text(self, reader):
        return unicodedata.normalize(
            "NFC", " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        )

    def assertAllIn(self, needles, text):
        for needle in needles:
            self.assertIn(unicodedata.normalize("NFC", needle), text)

    def assertPdfShows(self, xmlid, records, needles, pages=None):
        """Where wkhtmltopdf is present: the PDF holds the needles (and has ``pages`` pages)."""
        reader = self._pdf(xmlid, records)
        if reader is None:
            return
        if pages is not None:
            self.assertEqual(len(reader.pages), pages, f"{xmlid}: pages")
        # PDF text extraction splits Vietnamese letters with spaces: compare without whitespace.
        squeezed = "".join(self._pdf_text(reader).split())
        for needle in needles:
            self.assertIn("".join(unicodedata.normalize("NFC", needle).split()), squeezed)

    def test_decision_with_its_annex(self):
        text = self._html("kttv_emulation.report_decision", self.decision)
        self.assertAllIn(
            [
                "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                "CỤC KHÍ TƯỢNG THỦY VĂN",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Số: 125/QĐ-KTTV",
                "Hà Nội, ngày 15 tháng 01 năm 2027",
                "QUYẾT ĐỊNH",
                "Về việc công nhận điển hình tiên tiến giai đoạn 2023-2025",
                "152/2025/NĐ-CP",
                "Nơi nhận:",
                # The head signed himself: his title, then his name.
                "CỤC TRƯỞNG Đỗ Quang Huy",
                # The annex: one row per exemplar, with its title and reward.
                "1 Đài Khí tượng Thủy văn A Tổng cục (kiểm thử) Tập thể lao động tiên tiến 1.880.000",
                "Nguyễn Văn Ánh Đài Khí tượng Thủy văn A Chiến sĩ thi đua cơ sở 2.340.000",
                "Trần Thị Bích Đài Khí tượng Thủy văn A Giấy khen 710.000",
                "4.930.000",
            ],
            text,
        )
        self.assertNotIn("98/2023", text)
        self.assertNotIn("KT.", text)
        self.assertPdfShows(
            "kttv_emulation.report_decision",
            self.decision,
            [
                "125/QĐ-KTTV",
                "ngày 15 tháng 01 năm 2027",
                "Đỗ Quang Huy",
                "Nguyễn Văn Ánh",
                "Trần Thị Bích",
                "4.930.000",
            ],
        )

    def test_a_decision_signed_by_a_deputy(self):
        dung = self._passed(self.t_cstdcs, employee_id=self.emp_self.id)
        decision = self._decision(number="126/QĐ-KTTV", date="2027-01-20")
        decision.registration_ids = dung
        decision.with_user(self.user_deputy).action_sign()
        block = "KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG Hoàng Minh Đức"
        text = self._html("kttv_emulation.report_decision", decision)
        self.assertAllIn(["Số: 126/QĐ-KTTV", "Hà Nội, ngày 20 tháng 01 năm 2027", block, "Phạm Thị Dung"], text)
        self.assertNotIn("Đỗ Quang Huy", text)
        # The decision is still the head's: he decides, his deputy signs for him.
        self.assertIn("CỤC TRƯỞNG CỤC KHÍ TƯỢNG THỦY VĂN", text)
        text = self._html("kttv_emulation.report_certificate", dung)
        self.assertAllIn(["Phạm Thị Dung", "126/QĐ-KTTV", block], text)
        self.assertPdfShows("kttv_emulation.report_decision", decision, ["KT.", "Hoàng Minh Đức"])
        self.assertPdfShows("kttv_emulation.report_certificate", dung, ["KT.", "Hoàng Minh Đức"], pages=1)

    def test_a_decision_before_july_2025_cites_decree_98(self):
        draft = self._decision(date="2025-01-15", number="215/QĐ-TCKTTV")
        text = self._html("kttv_emulation.report_decision", draft)
        self.assertAllIn(["Số: 215/QĐ-TCKTTV", "Hà Nội, ngày 15 tháng 01 năm 2025", "98/2023/NĐ-CP"], text)
        self.assertNotIn("152/2025", text)
        later = self._decision(date="2025-08-01", number="216/QĐ-KTTV")
        text = self._html("kttv_emulation.report_decision", later)
        self.assertAllIn(["Hà Nội, ngày 01 tháng 8 năm 2025", "152/2025/NĐ-CP"], text)
        self.assertNotIn("98/2023", text)
        self.assertPdfShows("kttv_emulation.report_decision", draft, ["98/2023/NĐ-CP"])

    def test_certificate_per_exemplar(self):
        text = self._html("kttv_emulation.report_certificate", self.individual)
        self.assertAllIn(
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "CỤC TRƯỞNG CỤC KHÍ TƯỢNG THỦY VĂN",
                "Nguyễn Văn Ánh",
                "125/QĐ-KTTV",
                "Hà Nội, ngày 15 tháng 01 năm 2027",
                "Giai đoạn 1 (2026-2028)",
                "CỤC TRƯỞNG Đỗ Quang Huy",
            ],
            text,
        )
        report = self.env.ref("kttv_emulation.action_report_certificate")
        self.assertEqual(report.paperformat_id.orientation, "Landscape")
        # One page per exemplar: the frame fills the page and nothing spills onto a second.
        self.assertPdfShows(
            "kttv_emulation.report_certificate",
            self.passed,
            ["Nguyễn Văn Ánh", "Trần Thị Bích", "Đài Khí tượng Thủy văn A", "125/QĐ-KTTV"],
            pages=3,
        )
        draft = self._register(self.user_unit_a, employee_id=self.emp_self.id)
        with self.assertRaisesRegex(UserError, "Only a recognised exemplar"):
            self._html("kttv_emulation.report_certificate", draft)

    def test_unit_registration_list(self):
        unit_plan = self.env["kttv.unit.plan"].create(
            {"phase_id": self.phase.id, "department_id": self.unit_a.id, "expected_individual_count": 2}
        )
        self.assertEqual(unit_plan.registration_ids, self.passed)
        unit_plan.with_user(self.user_unit_a).action_submit()
        submitted = vn_format.place_date("Hà Nội", unit_plan.date_submitted)
        text = self._html("kttv_emulation.report_unit_registrations", unit_plan)
        self.assertAllIn(
            [
                "CỤC KHÍ TƯỢNG THỦY VĂN",
                "ĐÀI KHÍ TƯỢNG THỦY VĂN A",
                submitted,
                "DANH SÁCH",
                "Giai đoạn 1 (2026-2028)",
                # The collectives, then the individuals, each row with its model.
                "1 Đài Khí tượng Thủy văn A",
                "Nguyễn Văn Ánh Đài Khí tượng Thủy văn A Toàn diện",
                "Trần Thị Bích Trạm khí tượng A1 Toàn diện",
                "Mô hình dự báo mưa lớn bằng tổ hợp số liệu ra đa.",
            ],
            text,
        )
        self.assertPdfShows(
            "kttv_emulation.report_unit_registrations",
            unit_plan,
            ["Nguyễn Văn Ánh", "Trần Thị Bích", "Mô hình dự báo mưa lớn", submitted],
        )

    def test_proposal_to_the_ministry(self):
        proposal = self._proposal(self.collective | self.individual, date="2026-03-02")
        proposal.with_user(self.user_officer).action_send()
        text = self._html("kttv_emulation.report_ministry_proposal", proposal)
        self.assertAllIn(
            [
                "TỜ TRÌNH",
                "Số: 01/TTr-KTTV",
                "Hà Nội, ngày 02 tháng 3 năm 2026",
                "Bộ trưởng Bộ Nông nghiệp và Môi trường",
                "1 Đài Khí tượng Thủy văn A",
                "2 Nguyễn Văn Ánh",
                "125/QĐ-KTTV",
                "CỤC TRƯỞNG Đỗ Quang Huy",
            ],
            text,
        )
        self.assertNotIn("Trần Thị Bích", text)
        self.assertPdfShows(
            "kttv_emulation.report_ministry_proposal",
            proposal,
            ["01/TTr-KTTV", "ngày 02 tháng 3 năm 2026", "Nguyễn Văn Ánh", "125/QĐ-KTTV"],
        )

    def test_employee_history(self):
        text = self._html("kttv_emulation.report_employee_history", self.emp_a)
        self.assertAllIn(
            [
                "Nguyễn Văn Ánh",
                "2023 Hoàn thành xuất sắc nhiệm vụ Chiến sĩ thi đua cơ sở",
                "2024 Hoàn thành xuất sắc nhiệm vụ Chiến sĩ thi đua cơ sở",
                "2027",
                "125/QĐ-KTTV (Hà Nội, ngày 15 tháng 01 năm 2027)",
            ],
            text,
        )
        self.assertPdfShows(
            "kttv_emulation.report_employee_history", self.emp_a, ["Nguyễn Văn Ánh", "125/QĐ-KTTV", "2027"]
        )

    def test_employee_history_from_the_public_profile(self):
        # A unit officer without HR rights prints it from the form Odoo shows them.
        self.env.flush_all()
        public = self.env["hr.employee.public"].with_user(self.user_unit_a).browse(self.emp_a.id)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_unit_a)
            ._render_qweb_html("kttv_emulation.report_employee_public_history", public.ids)
        )
        text = _text(html.decode())
        self.assertAllIn(["Nguyễn Văn Ánh", "2023 Hoàn thành xuất sắc nhiệm vụ Chiến sĩ thi đua cơ sở", "2027"], text)
        actions = self.env["ir.actions.report"].search([("binding_model_id.model", "=", "hr.employee.public")])
        self.assertIn(self.env.ref("kttv_emulation.action_report_employee_public_history"), actions)

    def test_department_history(self):
        text = self._html("kttv_emulation.report_department_history", self.unit_a)
        self.assertAllIn(
            [
                # Issued by the unit above it.
                "CỤC KHÍ TƯỢNG THỦY VĂN TỔNG CỤC (KIỂM THỬ)",
                "Đài Khí tượng Thủy văn A",
                "2023 Tập thể lao động xuất sắc",
                "2024 Tập thể lao động xuất sắc",
                "2027 Tập thể lao động tiên tiến 125/QĐ-KTTV (Hà Nội, ngày 15 tháng 01 năm 2027)",
            ],
            text,
        )
        self.assertPdfShows(
            "kttv_emulation.report_department_history",
            self.unit_a,
            ["Đài Khí tượng Thủy văn A", "Tập thể lao động xuất sắc", "125/QĐ-KTTV"],
        )

    def test_review_report(self):
        review = (
            self.env["kttv.plan.review"]
            .with_user(self.user_officer)
            .create(
                {
                    "name": "Sơ kết giai đoạn 1 (kiểm thử)",
                    "phase_id": self.phase.id,
                    "date": "2027-06-30",
                    "lessons": "<p>Phát hiện sớm nhân tố mới, bồi dưỡng thường xuyên.</p>",
                }
            )
        )
        self.assertEqual((review.registration_count, review.recognized_count), (3, 3))
        text = self._html("kttv_emulation.report_plan_review", review)
        self.assertAllIn(
            [
                "BÁO CÁO",
                "Sơ kết giai đoạn 1 (kiểm thử)",
                "Hà Nội, ngày 30 tháng 6 năm 2027",
                "Giai đoạn 1 (2026-2028)",
                "4.930.000",
                "Phát hiện sớm nhân tố mới, bồi dưỡng thường xuyên.",
                "Đỗ Quang Huy",
            ],
            text,
        )
        self.assertPdfShows(
            "kttv_emulation.report_plan_review",
            review,
            ["Sơ kết giai đoạn 1 (kiểm thử)", "ngày 30 tháng 6 năm 2027", "4.930.000", "Phát hiện sớm nhân tố mới"],
        )
        # Several reviews in one print: one document, a page each (one body per review fails in wkhtmltopdf).
        final = review.copy({"name": "Tổng kết giai đoạn 1 (kiểm thử)", "kind": "final"})
        self.assertPdfShows(
            "kttv_emulation.report_plan_review",
            review | final,
            ["Sơ kết giai đoạn 1 (kiểm thử)", "Tổng kết giai đoạn 1 (kiểm thử)"],
            pages=2,
        )
