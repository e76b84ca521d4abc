from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..lib import vn_format
from .common import PrintedPagesMixin
from .test_title_nomination import YEAR
from .test_title_nomination_council import KttvNominationCouncilCase


@tagged("post_install", "-at_install")
class TestYearReports(PrintedPagesMixin, KttvNominationCouncilCase):
    """The emulation year's printed forms, read from the PDF as a reader sees them (pdftotext)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head_a = cls.env["hr.employee"].create(
            {"name": "Vũ Thành Long", "job_title": "Giám đốc", "department_id": cls.unit_a.id}
        )
        cls.unit_a.manager_id = cls.head_a
        cls.unit_b.manager_id = cls.env["hr.employee"].create(
            {"name": "Đinh Văn Hải", "job_title": "Phó Giám đốc phụ trách", "department_id": cls.unit_b.id}
        )
        cls._rating(cls.emp_b, YEAR, "good")

    def assertBlankNumber(self, text):
        """A list has no number of its own: room for it, never ``Số: /``."""
        self.assertRegex(text, r"Số:\s{2,}")
        self.assertNotRegex(self._squeezed(text), r"[Ss]ố:? /")

    def _nominations_of_the_year(self):
        author = self._nominate(self.emp_a, self.t_cstdcs)
        worker = self._nominate(self.emp_self, self.t_ldtt, vote_for=15)
        colleague = self._nominate(self.emp_a_child, self.t_ldtt, vote_for=17)
        withdrawn = self._nominate(self.emp_a, self.t_ldtt)
        withdrawn.with_user(self.user_unit_a).action_cancel()
        other_unit = self._nominate(self.emp_b, self.t_ldtt, user=self.user_unit_b, vote_members=12, vote_for=11)
        return author, worker, colleague, withdrawn, other_unit

    def test_the_units_registration_list_of_the_year(self):
        registration = (
            self.env["kttv.title.registration"]
            .with_user(self.user_unit_a)
            .create(
                {
                    "department_id": self.unit_a.id,
                    "year": YEAR,
                    "line_ids": [
                        Command.create({"employee_id": self.emp_a.id, "title_id": self.t_cstdcs.id}),
                        Command.create({"employee_id": self.emp_a.id, "title_id": self.t_ldtt.id}),
                        Command.create({"employee_id": self.emp_a_child.id, "title_id": self.t_ldtt.id}),
                        Command.create(
                            {"department_id": self.unit_a_child.id, "title_id": self.t_ttldtt.id, "note": "Trạm mới"}
                        ),
                    ],
                }
            )
        )
        pages = self._pages("kttv_emulation.report_title_registration", registration)
        text = self._squeezed("\n".join(pages))
        self.assertAllIn(
            [
                "CỤC KHÍ TƯỢNG THỦY VĂN",
                "ĐÀI KHÍ TƯỢNG THỦY VĂN A",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "DANH SÁCH ĐĂNG KÝ THI ĐUA",
                "Năm 2026",
                # Each subject counted once, whatever the number of its titles.
                "đăng ký 1 tập thể và 2 cá nhân",
                "I. Chiến sĩ thi đua cơ sở (1)",
                "II. Lao động tiên tiến (2)",
                "III. Tập thể lao động tiên tiến (1)",
                "4 Trạm khí tượng A1 Đài Khí tượng Thủy văn A Trạm mới",
                "Trần Thị Bích Trạm khí tượng A1",
                # The unit's own head, with their title, signs it.
                "GIÁM ĐỐC",
                "Vũ Thành Long",
            ],
            text,
        )
        self.assertBlankNumber("\n".join(pages))
        self.assertNotIn("Registers", text)

    def test_the_units_minutes_and_list_of_proposals_one_per_unit(self):
        author, worker, colleague, withdrawn, other_unit = self._nominations_of_the_year()
        nominations = author | worker | colleague | withdrawn | other_unit
        pages = self._pages("kttv_emulation.report_year_review_minutes", nominations)
        text = self._squeezed("\n".join(pages))
        unit_a = self._squeezed("\n".join(page for page in pages if "ĐÀI KHÍ TƯỢNG THỦY VĂN A" in page))
        unit_b = self._squeezed("\n".join(page for page in pages if "ĐÀI KHÍ TƯỢNG THỦY VĂN B" in page))
        self.assertTrue(unit_a and unit_b)
        self.assertNotIn("Lê Văn Cường", unit_a)
        self.assertAllIn(
            [
                "BIÊN BẢN",
                "Họp bình xét thi đua, khen thưởng năm 2026",
                "Thành phần tham dự: 20 người.",
                # The vote per nomination: members voting, for, share.
                "I. Chiến sĩ thi đua cơ sở (1)",
                "1 Nguyễn Văn Ánh 20 18 90,0",
                "II. Lao động tiên tiến (2)",
                "Phạm Thị Dung 20 15 75,0",
                "Trần Thị Bích 20 17 85,0",
                # What is listed is counted: the withdrawn proposal is neither.
                "thống nhất đề nghị 3 cá nhân xét tặng danh hiệu thi đua năm 2026 theo danh sách kèm theo",
                "THƯ KÝ",
                "CHỦ TRÌ",
                "GIÁM ĐỐC",
                "Vũ Thành Long",
            ],
            unit_a,
        )
        self.assertNotIn("Lao động tiên tiến (3)", unit_a)
        self.assertAllIn(
            ["Thành phần tham dự: 12 người.", "Lê Văn Cường 12 11 91,6 Đạt điều kiện", "Đinh Văn Hải"], unit_b
        )
        self.assertAllIn(["PHÓ GIÁM ĐỐC PHỤ TRÁCH"], unit_b)
        self.assertBlankNumber("\n".join(pages))

        pages = self._pages("kttv_emulation.report_year_proposals", nominations - other_unit)
        text = self._squeezed("\n".join(pages))
        self.assertAllIn(
            [
                "DANH SÁCH ĐỀ NGHỊ XÉT TẶNG DANH HIỆU THI ĐUA",
                "Năm 2026",
                "Đài Khí tượng Thủy văn A đề nghị 3 cá nhân",
                "I. Chiến sĩ thi đua cơ sở (1)",
                "Nguyễn Văn Ánh Đài Khí tượng Thủy văn A 18/20 (90,0%) Đạt điều kiện",
                "II. Lao động tiên tiến (2)",
                "Tổng cộng: 3 cá nhân",
                "GIÁM ĐỐC",
                "Vũ Thành Long",
            ],
            text,
        )
        self.assertNotIn("Lê Văn Cường", text)
        self.assertBlankNumber("\n".join(pages))
        with self.assertRaisesRegex(UserError, "cancelled or refused"):
            self.env["ir.actions.report"]._render_qweb_html("kttv_emulation.report_year_proposals", withdrawn.ids)

    def test_the_consolidated_list_for_the_council(self):
        author, worker, colleague, _withdrawn, other_unit = self._nominations_of_the_year()
        session = self._session()
        self._before_council(author | worker | colleague, session)
        other_unit.with_user(self.user_unit_b).action_submit()
        self._before_council(other_unit, session, submit=False)
        colleague.with_user(self.user_officer)._kttv_run("refuse", "Chưa đủ thành tích")
        pages = self._pages("kttv_emulation.report_council_nominations", session)
        text = self._squeezed("\n".join(pages))
        self.assertAllIn(
            [
                "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                "CỤC KHÍ TƯỢNG THỦY VĂN",
                "DANH SÁCH TỔNG HỢP ĐỀ NGHỊ XÉT TẶNG DANH HIỆU THI ĐUA",
                "Năm 2026",
                f"Hội đồng TĐKT bình xét năm {YEAR}",
                "ngày 15 tháng 12 năm 2026",
                "I. Chiến sĩ thi đua cơ sở (1)",
                "II. Lao động tiên tiến (2)",
                "Lê Văn Cường Đài Khí tượng Thủy văn B 11/12 (91,6%)",
                # The refused proposal is neither listed nor counted.
                "Tổng cộng: 3 cá nhân",
                "THƯ KÝ HỘI ĐỒNG",
                "Chuyên viên TCCB",
            ],
            text,
        )
        self.assertNotIn("Trần Thị Bích", text)
        self.assertBlankNumber("\n".join(pages))

    def test_the_heads_decision_on_the_years_titles_and_its_annex_by_title(self):
        author, worker, colleague, _withdrawn, _other = self._nominations_of_the_year()
        session = self._session()
        self._before_council(author | worker | colleague, session)
        session.with_user(self.user_officer).action_open_vote()
        self._vote(session, 5)
        session.with_user(self.user_officer).action_close_vote()
        action = (author | worker | colleague).with_user(self.user_officer).action_prepare_decision()
        decision = self.env["kttv.emulation.decision"].browse(action["res_id"])
        # Before it is signed: a blank for the number, the rewards due.
        pages = self._pages("kttv_emulation.report_decision", decision)
        draft = "\n".join(pages)
        self.assertRegex(draft, r"Số:\s{2,}/QĐ-KTTV")
        self.assertNotRegex(self._squeezed(draft), r"[Ss]ố:? /(\s|$)")
        decision.with_user(self.user_officer).action_to_sign()
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.state, "signed")
        paid = {line.employee_id: line.amount for line in decision.sudo().fund_line_ids}
        pages = self._pages("kttv_emulation.report_decision", decision)
        text = self._squeezed("\n".join(pages))
        annex = self._squeezed("\n".join(pages[1:]))
        money = vn_format.money
        self.assertAllIn(
            [
                f"Số: {decision.number}",
                "QUYẾT ĐỊNH",
                "Điều 1. Tặng danh hiệu thi đua năm 2026 cho 3 cá nhân",
                f"tổng số tiền là {money(sum(paid.values()))} đồng",
                "CỤC TRƯỞNG",
            ],
            text,
        )
        self.assertNotIn("điển hình tiên tiến", text.split("Điều 3")[0].split("Điều 1")[1])
        self.assertAllIn(
            [
                "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU THI ĐUA",
                f"Quyết định số {decision.number}",
                "I. Chiến sĩ thi đua cơ sở (1)",
                f"1 Nguyễn Văn Ánh Đài Khí tượng Thủy văn A {money(paid[self.emp_a])}",
                "II. Lao động tiên tiến (2)",
                f"Phạm Thị Dung Đài Khí tượng Thủy văn A {money(paid[self.emp_self])}",
                f"Trần Thị Bích Trạm khí tượng A1 {money(paid[self.emp_a_child])}",
                f"Tổng cộng {money(sum(paid.values()))}",
            ],
            annex,
        )
        # The annex is numbered on its own: its first page carries no number.
        self.assertFalse(next(line for line in pages[1].splitlines() if line.strip()).strip().isdigit())
