import io
import shutil
import unicodedata

from PyPDF2 import PdfReader

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import config, html2plaintext

from .test_decision import KttvDecisionCase


def _text(html):
    """Plain text of rendered HTML, NFC-normalised so diacritics compare exactly."""
    return unicodedata.normalize("NFC", " ".join(html2plaintext(html).split()))


@tagged("post_install", "-at_install")
class TestReports(KttvDecisionCase):
    def setUp(self):
        super().setUp()
        self.env.company.write({"kttv_director_id": self.user_manager.id})
        self.user_manager.name = "Đỗ Quang Huy"
        self.decision = self._decision(number="125/QĐ-TCKTTV")
        self.decision.registration_ids = self.passed
        self.decision.with_user(self.user_manager).action_sign()

    def _html(self, xmlid, records):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
        return _text(html.decode())

    def _pdf_text(self, xmlid, records):
        """The PDF wkhtmltopdf makes, as text; None where wkhtmltopdf is absent."""
        if not shutil.which("wkhtmltopdf"):
            return None
        # wkhtmltopdf fetches the stylesheets from the Odoo server of the test run.
        self.env["ir.config_parameter"].sudo().set_param("report.url", f"http://127.0.0.1:{config['http_port']}")
        pdf, kind = (
            self.env["ir.actions.report"].with_context(force_report_rendering=True)._render_qweb_pdf(xmlid, records.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(pdf))
        return unicodedata.normalize(
            "NFC", " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        )

    def assertAllIn(self, needles, text):
        for needle in needles:
            self.assertIn(unicodedata.normalize("NFC", needle), text)

    def assertAllInPdf(self, needles, text):
        """PDF text extraction splits Vietnamese letters with spaces: compare without whitespace."""
        squeezed = "".join(text.split())
        for needle in needles:
            self.assertIn("".join(unicodedata.normalize("NFC", needle).split()), squeezed)

    def test_decision_with_its_annex(self):
        text = self._html("kttv_emulation.report_decision", self.decision)
        self.assertAllIn(
            [
                "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
                "TỔNG CỤC KHÍ TƯỢNG THỦY VĂN",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Số: 125/QĐ-TCKTTV",
                "Hà Nội, ngày 15 tháng 01 năm 2027",
                "QUYẾT ĐỊNH",
                "Về việc công nhận điển hình tiên tiến giai đoạn 2023-2025",
                "Nơi nhận:",
                "Đỗ Quang Huy",
                # The annex: one row per exemplar, with its title and reward.
                "Đài Khí tượng Thủy văn A",
                "Nguyễn Văn Ánh",
                "Trần Thị Bích",
                "Tập thể lao động xuất sắc",
                "Chiến sĩ thi đua cơ sở",
                "Giấy khen",
                "3.510.000",
                "2.340.000",
                "710.000",
                "6.560.000",
            ],
            text,
        )
        pdf = self._pdf_text("kttv_emulation.report_decision", self.decision)
        if pdf is not None:
            self.assertAllInPdf(["125/QĐ-TCKTTV", "Nguyễn Văn Ánh", "6.560.000"], pdf)

    def test_certificate_per_exemplar(self):
        text = self._html("kttv_emulation.report_certificate", self.individual)
        self.assertAllIn(
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nguyễn Văn Ánh", "125/QĐ-TCKTTV", "ngày 15 tháng 01 năm 2027"],
            text,
        )
        self.assertIn("Giai đoạn 1 (2026-2028)", text)
        report = self.env.ref("kttv_emulation.action_report_certificate")
        self.assertEqual(report.paperformat_id.orientation, "Landscape")
        pdf = self._pdf_text("kttv_emulation.report_certificate", self.individual)
        if pdf is not None:
            self.assertAllInPdf(["Nguyễn Văn Ánh"], pdf)
        draft = self._register(self.user_unit_a, employee_id=self.emp_self.id)
        with self.assertRaisesRegex(UserError, "Only a recognised exemplar"):
            self._html("kttv_emulation.report_certificate", draft)

    def test_unit_registration_list(self):
        unit_plan = self.env["kttv.unit.plan"].create(
            {"phase_id": self.phase.id, "department_id": self.unit_a.id, "expected_individual_count": 2}
        )
        self.assertEqual(unit_plan.registration_ids, self.passed)
        text = self._html("kttv_emulation.report_unit_registrations", unit_plan)
        self.assertAllIn(
            [
                "DANH SÁCH",
                "Đài Khí tượng Thủy văn A",
                "Nguyễn Văn Ánh",
                "Trần Thị Bích",
                "Mô hình dự báo mưa lớn bằng tổ hợp số liệu ra đa.",
                "Giai đoạn 1 (2026-2028)",
            ],
            text,
        )

    def test_proposal_to_the_ministry(self):
        proposal = (
            self.env["kttv.ministry.proposal"]
            .with_user(self.user_officer)
            .create({"registration_ids": [Command.set((self.collective | self.individual).ids)], "date": "2025-03-02"})
        )
        text = self._html("kttv_emulation.report_ministry_proposal", proposal)
        self.assertAllIn(
            [
                "TỜ TRÌNH",
                f"Số: {proposal.number}",
                "Hà Nội, ngày 02 tháng 3 năm 2025",
                "Bộ trưởng Bộ Tài nguyên và Môi trường",
                "Đài Khí tượng Thủy văn A",
                "Nguyễn Văn Ánh",
                "125/QĐ-TCKTTV",
            ],
            text,
        )
        self.assertNotIn("Trần Thị Bích", text)
        pdf = self._pdf_text("kttv_emulation.report_ministry_proposal", proposal)
        if pdf is not None:
            self.assertAllInPdf(["Nguyễn Văn Ánh"], pdf)

    def test_achievement_history(self):
        text = self._html("kttv_emulation.report_employee_history", self.emp_a)
        self.assertAllIn(
            ["Nguyễn Văn Ánh", "2023", "2024", "2027", "Hoàn thành xuất sắc nhiệm vụ", "125/QĐ-TCKTTV"], text
        )
        text = self._html("kttv_emulation.report_department_history", self.unit_a)
        self.assertAllIn(["Đài Khí tượng Thủy văn A", "Tập thể lao động xuất sắc", "125/QĐ-TCKTTV"], text)
        pdf = self._pdf_text("kttv_emulation.report_employee_history", self.emp_a)
        if pdf is not None:
            self.assertAllInPdf(["Nguyễn Văn Ánh"], pdf)
