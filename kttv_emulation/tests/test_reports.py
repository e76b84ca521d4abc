import io
import shutil
import unicodedata
from unittest.mock import patch

from PyPDF2 import PdfReader

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import html2plaintext
from odoo.tools.safe_eval import safe_eval

from ..lib import vn_format
from .common import PrintedPagesMixin
from .test_decision import KttvDecisionCase


def _text(html):
    """Plain text of rendered HTML, NFC-normalised so diacritics compare exactly."""
    return unicodedata.normalize("NFC", " ".join(html2plaintext(html).split()))


@tagged("post_install", "-at_install")
class TestReports(PrintedPagesMixin, KttvDecisionCase):
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
        return PdfReader(io.BytesIO(self._pdf_bytes(xmlid, records)))

    def assertNumberedFromPage2(self, pages, first=0):
        """Pages ``first``… of one numbering: none on its first page, then 2, 3… alone on their top line."""
        for index, page in enumerate(pages[first:], start=1):
            top = next(line for line in page.splitlines() if line.strip())
            if index == 1:
                self.assertFalse(top.strip().isdigit(), f"page {first + index} is numbered: {top!r}")
            else:
                self.assertEqual(top.strip(), str(index), f"page {first + index}: top line {top!r}")
                # Centred: as much room on its left as the page's widest line leaves on its right.
                width = max(len(line.rstrip()) for line in page.splitlines())
                left = len(top) - len(top.lstrip())
                self.assertLess(abs(left - (width - left - len(top.strip()))), 12, f"page {first + index}: {top!r}")

    def _pdf_text(self, reader):
        return unicodedata.normalize(
            "NFC", " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        )

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
                # Under her own department (the station), as the annex of the year's titles lists her.
                "Trần Thị Bích Trạm khí tượng A1 Giấy khen 710.000",
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

    def test_a_decision_on_exemplars_and_the_years_titles_awards_and_pays_both(self):
        """Article 1 names both lists and Article 2's total is both annexes' (it once left the titles out)."""
        exemplar = self._passed(self.c_giay_khen, phase=self._phase_2(), employee_id=self.emp_self.id)
        nomination = self.env["kttv.title.nomination"].create(
            {"employee_id": self.emp_b.id, "title_id": self.t_ldtt.id, "year": 2027, "vote_members": 20, "vote_for": 18}
        )
        decision = self._decision(number="126/QĐ-KTTV", date="2027-02-01", achievement_year=2027)
        decision.sudo().write(
            {"registration_ids": [Command.set(exemplar.ids)], "nomination_ids": [Command.set(nomination.ids)]}
        )
        values = self.env["report.kttv_emulation.report_decision"]._get_report_values(decision.ids)
        exemplars = sum(row["amount"] for row in values["annexes"][decision.id])
        titles = values["year_titles"][decision.id]["total"]
        self.assertTrue(exemplars and titles, "both annexes pay something")
        text = self._squeezed(self._html("kttv_emulation.report_decision", decision))
        articles = text.split("Điều 3")[0]
        self.assertAllIn(
            [
                "Công nhận điển hình tiên tiến trong",
                "Tặng danh hiệu thi đua năm 2027 cho 1 cá nhân",
                f"tổng số tiền là {vn_format.money(exemplars + titles)} đồng",
            ],
            articles,
        )
        self.assertAllIn(["DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU THI ĐUA", "Lao động tiên tiến"], text)

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
                # The unit's own document, under the agency.
                "CỤC KHÍ TƯỢNG THỦY VĂN ĐÀI KHÍ TƯỢNG THỦY VĂN A",
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

    def test_the_pages_are_numbered_from_the_second_at_the_top_and_the_annex_on_its_own(self):
        """Decree 30/2020, appendix I, whatever build of wkhtmltopdf is installed (Debian's ignores headers)."""
        report = self.env["report.kttv_emulation.report_decision"]
        annex_rows = type(report)._annex_rows

        def long_annex(model, decisions):
            rows = annex_rows(model, decisions)
            # The three dossiers over and over: an annex of three pages.
            return {
                key: [dict(row, name=f"{row['name']} ({copy})") for copy in range(30) for row in value]
                for key, value in rows.items()
            }

        with patch.object(type(report), "_annex_rows", long_annex):
            pages = self._pages("kttv_emulation.report_decision", self.decision)
        annex = next(index for index, page in enumerate(pages) if "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN" in page.upper())
        self.assertGreaterEqual(len(pages) - annex, 3, "the annex spans several pages")
        self.assertNumberedFromPage2(pages[:annex])
        self.assertNumberedFromPage2(pages, first=annex)
        self.assertIn("Tổng cộng", pages[-1])
        # A second decision in the same print starts its own numbering.
        other = self._decision(number="130/QĐ-KTTV", date="2027-01-20")
        pages = self._pages("kttv_emulation.report_decision", self.decision | other)
        starts = [index for index, page in enumerate(pages) if "QUYẾT ĐỊNH" in page and "Số:" in page]
        self.assertEqual(len(starts), 2)
        for start in starts:
            self.assertFalse(pages[start].split()[0].isdigit())

    def test_the_signer_stays_with_the_name_on_a_30_row_history(self):
        self.unit_a.manager_id = self.env["hr.employee"].create(
            {"name": "Vũ Thành Long", "job_title": "Giám đốc", "department_id": self.unit_a.id}
        )
        employee = self.env["hr.employee"].create({"name": "Đinh Văn Hải", "department_id": self.unit_a.id})
        years = list(range(2023, 1988, -1))
        # 8 rows split them on the demo; 30, and 32-34 rows end the table at the foot of the first page.
        for rows in (8, 30, 33):
            with self.subTest(rows=rows):
                have = set(self.env["kttv.achievement"].search([("employee_id", "=", employee.id)]).mapped("year"))
                for year in years[:rows]:
                    if year not in have:
                        self._achievement(employee, year, self.t_ldtt, decision_number=f"{year - 1990}/QĐ-KTTV")
                self.assertEqual(len(employee._kttv_history_rows()), rows)
                pages = self._pages("kttv_emulation.report_employee_history", employee)
                title = [index for index, page in enumerate(pages) if "GIÁM ĐỐC" in page]
                name = [index for index, page in enumerate(pages) if "Vũ Thành Long" in page]
                self.assertEqual(len(title), 1, pages)
                self.assertEqual(title, name, "the title and the name of the signer on the same page")
                self.assertNotIn("THỦ TRƯỞNG ĐƠN VỊ", "".join(pages))

    def test_counts_count_what_is_listed_and_omit_what_is_zero(self):
        unit_plan = self.env["kttv.unit.plan"].create(
            {"phase_id": self.phase.id, "department_id": self.unit_a.id, "expected_individual_count": 2}
        )
        cancelled = self._register(self.user_unit_a, employee_id=self.emp_self.id)
        cancelled.with_user(self.user_unit_a).action_submit()
        cancelled.with_user(self.user_officer).action_cancel()  # the reason wizard, then what it does:
        cancelled.with_user(self.user_officer)._do_cancel("Đăng ký trùng.")
        self.assertEqual(cancelled.state, "cancelled")
        unit_plan.invalidate_recordset(["registration_ids"])
        self.assertIn(cancelled, unit_plan.registration_ids)
        listed = unit_plan.registration_ids.filtered(lambda r: r.state != "cancelled")
        text = self._html("kttv_emulation.report_unit_registrations", unit_plan)
        collectives = len(listed.filtered(lambda r: r.target == "collective"))
        self.assertIn(f"đăng ký {collectives} tập thể và {len(listed) - collectives} cá nhân", text)
        self.assertIn("(dự kiến: 2 cá nhân)", text)
        self.assertNotIn("0 tập thể", text)
        self.assertNotIn("Phạm Thị Dung", text)
        # The plan without its number yet: no "(/KH-…)"; the list itself has none: no "Số: /".
        unit_plan.plan_id.number = "/KH-TCKTTV"
        pages = self._pages("kttv_emulation.report_unit_registrations", unit_plan)
        printed = self._squeezed("".join(pages))
        self.assertNotIn("(/KH", printed)
        self.assertNotRegex(printed, r"Số:\s*/")
        self.assertIn("Số:", printed)

        # A decision for individuals only: "1 cá nhân", its only heading "I. Cá nhân".
        only = self._decision(number="131/QĐ-KTTV")
        only.registration_ids = self.individual
        text = self._html("kttv_emulation.report_decision", only)
        self.assertIn("1 cá nhân", text)
        self.assertNotIn("0 tập thể", text)
        self.assertIn("I. Cá nhân", text)
        self.assertNotIn("II. Cá nhân", text)
        text = self._html("kttv_emulation.report_decision", self.decision)
        self.assertIn("1 tập thể và 2 cá nhân", text)
        self.assertAllIn(["I. Tập thể", "II. Cá nhân"], text)
        proposal = self._proposal(self.individual, date="2026-03-02")
        text = self._html("kttv_emulation.report_ministry_proposal", proposal)
        self.assertIn("1 cá nhân", text)
        self.assertIn("I. Cá nhân", text)
        self.assertNotIn("0 tập thể", text)

    def test_a_document_without_its_number_prints_a_blank(self):
        draft = self._decision()
        self.assertFalse(vn_format.has_number(draft.number))
        pages = self._pages("kttv_emulation.report_decision", draft)
        printed = "".join(pages)
        # The clerk writes the number in: room for it before the symbol, never "Số: /" nor "số /".
        self.assertRegex(printed, r"Số:\s{2,}/QĐ-KTTV")
        self.assertRegex(printed, r"Quyết định số\s{2,}/QĐ-KTTV")
        self.assertNotRegex(self._squeezed(printed), r"[Ss]ố:? /(\s|$)")

    def test_the_certificate_cites_the_decision_number_and_date(self):
        text = self._html("kttv_emulation.report_certificate", self.individual)
        self.assertIn("Quyết định số 125/QĐ-KTTV ngày 15 tháng 01 năm 2027", text)
        pages = self._pages("kttv_emulation.report_certificate", self.individual)
        self.assertEqual(len(pages), 1)
        self.assertIn("Quyết định số 125/QĐ-KTTV ngày 15 tháng 01 năm 2027", self._squeezed(pages[0]))

    def test_the_units_history_has_one_heading_and_is_signed_by_its_own_head(self):
        self.unit_a.manager_id = self.env["hr.employee"].create(
            {"name": "Vũ Thành Long", "job_title": "Giám đốc", "department_id": self.unit_a.id}
        )
        self.root.manager_id = self.env["hr.employee"].create({"name": "Ngô Văn Tổng", "department_id": self.root.id})
        text = self._html("kttv_emulation.report_department_history", self.unit_a)
        # Under the agency (as named today), the unit itself: the root department's name is not printed.
        self.assertIn("CỤC KHÍ TƯỢNG THỦY VĂN ĐÀI KHÍ TƯỢNG THỦY VĂN A", text)
        self.assertNotIn("TỔNG CỤC (KIỂM THỬ)", text)
        self.assertEqual(text.count("QUÁ TRÌNH THÀNH TÍCH"), 1)
        self.assertIn("GIÁM ĐỐC Vũ Thành Long", text)
        self.assertNotIn("Ngô Văn Tổng", text)
        pages = self._pages("kttv_emulation.report_department_history", self.unit_a)
        printed = self._squeezed("".join(pages))
        self.assertEqual(printed.count("CỤC KHÍ TƯỢNG THỦY VĂN"), 1, printed)
        self.assertAllIn(["ĐÀI KHÍ TƯỢNG THỦY VĂN A", "GIÁM ĐỐC", "Vũ Thành Long"], printed)

    def test_downloaded_file_names_are_fully_accented(self):
        proposal = self._proposal(self.individual, date="2026-03-02")
        unit_plan = self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_a.id})
        review = self.env["kttv.plan.review"].create({"name": "Sơ kết giai đoạn 1", "phase_id": self.phase.id})
        expected = {
            "action_report_decision": (self.decision, "Quyết định 125-QĐ-KTTV"),
            "action_report_ministry_proposal": (proposal, "Tờ trình dự thảo"),
            "action_report_unit_registrations": (unit_plan, "Danh sách đăng ký - Đài Khí tượng Thủy văn A"),
            "action_report_employee_history": (self.emp_a, "Quá trình thành tích - Nguyễn Văn Ánh"),
            "action_report_department_history": (self.unit_a, "Quá trình thành tích - Đài Khí tượng Thủy văn A"),
            "action_report_plan_review": (review, "Báo cáo - Sơ kết giai đoạn 1"),
        }
        for xmlid, (record, name) in expected.items():
            report = self.env.ref(f"kttv_emulation.{xmlid}")
            self.assertEqual(safe_eval(report.print_report_name, {"object": record, "time": None}), name, xmlid)
        certificate = self.env.ref("kttv_emulation.action_report_certificate")
        name = safe_eval(certificate.print_report_name, {"object": self.individual, "time": None})
        self.assertTrue(name.startswith("Giấy chứng nhận - "), name)
        # Every report of the addon: no name that strips the accents of its fixed words.
        for report in self.env["ir.actions.report"].search([("report_name", "=like", "kttv_emulation.%")]):
            self.assertNotRegex(report.print_report_name or "", r"Quyet|Giay|To trinh|Danh sach|Qua trinh|Bao cao")
