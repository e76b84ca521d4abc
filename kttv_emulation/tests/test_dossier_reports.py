import unicodedata

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from . import test_reports
from .common import PrintedPagesMixin
from .test_decision import KttvDecisionCase

EMPLOYEE_REPORT = "kttv_emulation.action_report_achievement_employee"
PUBLIC_REPORT = "kttv_emulation.action_report_achievement_employee_public"
DEPARTMENT_REPORT = "kttv_emulation.action_report_achievement_department"
REGISTRATION_REPORT = "kttv_emulation.action_report_achievement_registration"
NOMINATION_REPORT = "kttv_emulation.action_report_achievement_nomination"
MINUTES_REPORT = "kttv_emulation.action_report_council_minutes"
PROPOSAL_REPORT = "kttv_emulation.action_report_unit_proposal"
HISTORY_REPORT = "kttv_emulation.action_report_employee_history"


def _nfc(text):
    return unicodedata.normalize("NFC", text)


@tagged("post_install", "-at_install")
class TestDossierReports(PrintedPagesMixin, KttvDecisionCase):
    """The dossier forms printed from the records: achievement reports, the council's minutes, the unit's proposal."""

    def setUp(self):
        super().setUp()
        self.env.company.write({"kttv_director_id": self.user_manager.id})
        self.user_manager.name = "Đỗ Quang Huy"
        self.emp_a.write({"job_title": "Dự báo viên", "birthday": "1985-04-12"})
        # On top of the history of the workflow case (2023-2024: rated excellent, Chiến sĩ thi đua cơ sở).
        self._rating(self.emp_a, 2025, "good")
        self._achievement(self.emp_a, 2022, self.t_cstdcs, decision_number="88/QĐ-KTTV", decision_date="2023-01-10")
        self._achievement(self.emp_a, 2025, self.t_ldtt, decision_number="91/QĐ-KTTV", decision_date="2026-01-12")
        self._achievement(self.emp_a, 2025, self.c_giay_khen, decision_number="92/QĐ-KTTV", decision_date="2026-01-12")
        self._achievement(self.unit_a, 2025, self.t_ttldtt, decision_number="93/QĐ-KTTV", decision_date="2026-01-12")

    def _text(self, xmlid, records):
        pages = self._pages(xmlid, records)
        return pages, self._squeezed(" ".join(pages))

    def _html(self, xmlid, records, user=None):
        report = self.env["ir.actions.report"]
        if user:
            report = report.with_user(user)
        html, _kind = report._render_qweb_html(xmlid, records.ids)
        return test_reports._text(html.decode())

    # ------------------------------------------------------------------
    # The individual's achievement report
    # ------------------------------------------------------------------

    def test_individual_report_prefilled_from_the_history(self):
        pages, text = self._text(EMPLOYEE_REPORT, self.emp_a)
        self.assertAllIn(
            [
                "Phụ lục Nghị định số 152/2025/NĐ-CP",
                "BÁO CÁO THÀNH TÍCH",
                "I. SƠ LƯỢC LÝ LỊCH",
                "II. THÀNH TÍCH ĐẠT ĐƯỢC",
                "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                "1. Danh hiệu thi đua",
                "2. Hình thức khen thưởng",
                "Nguyễn Văn Ánh",
                "Năm sinh: 1985",
                "Dự báo viên",
                self.unit_a.name,
                # The titles and the commendation of the history, with their decisions.
                "2022 Chiến sĩ thi đua cơ sở",
                "số 88/QĐ-KTTV ngày 10 tháng 01 năm 2023",
                "2025 Lao động tiên tiến",
                "số 92/QĐ-KTTV",
                # The annual ratings.
                "2024 Hoàn thành xuất sắc nhiệm vụ",
                "2025 Hoàn thành tốt nhiệm vụ",
                "NGƯỜI BÁO CÁO THÀNH TÍCH",
                "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
            ],
            text,
        )
        # The free text the person writes: headings kept, left blank.
        self.assertIn(_nfc("1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận"), text)
        self.assertNotIn("0 năm liên tục", text)
        # The unit of the test has no head: the title with a line for the name, never an empty block.
        self.assertRegex(text, "THỦ TRƯỞNG ĐƠN VỊ.* …{5,}")
        # Numbered from the second page, at the top.
        self.assertGreater(len(pages), 1)
        tops = [next(line for line in page.splitlines() if line.strip()).strip() for page in pages]
        self.assertFalse(tops[0].isdigit())
        self.assertEqual(tops[1:], [str(n) for n in range(2, len(pages) + 1)])

    def test_registration_report_lists_the_years_assessed_only(self):
        self.assertEqual(self.individual.phase_id.assessed_year_to, 2024)
        text = self._html(REGISTRATION_REPORT, self.individual)
        self.assertIn(_nfc("Nguyễn Văn Ánh"), text)
        self.assertIn(_nfc("ĐỀ NGHỊ TẶNG: " + self.individual.title_id.name.upper()), text)
        self.assertIn("88/QĐ-KTTV", text)
        self.assertNotIn("91/QĐ-KTTV", text, "an achievement after the years the phase assesses")

    def test_nomination_report_up_to_its_year(self):
        nomination = (
            self.env["kttv.title.nomination"]
            .with_user(self.user_unit_a)
            .create({"employee_id": self.emp_a.id, "title_id": self.t_cstdcs.id, "year": 2024})
        )
        _pages, text = self._text(NOMINATION_REPORT, nomination.with_user(self.env.user))
        self.assertAllIn(["ĐỀ NGHỊ TẶNG: CHIẾN SĨ THI ĐUA CƠ SỞ", "Thành tích tính đến năm 2024", "88/QĐ-KTTV"], text)
        self.assertNotIn("91/QĐ-KTTV", text, "an achievement after the nomination's year")
        self.assertNotIn(_nfc("2025 Hoàn thành tốt nhiệm vụ"), text, "a rating after the nomination's year")
        # Another unit's officer reads no nomination of unit A.
        with self.assertRaises(AccessError):
            self._html(NOMINATION_REPORT, nomination, user=self.user_unit_b)

    def test_initiatives_of_the_author(self):
        initiative = self.env["kttv.initiative"].create(
            {
                "name": "Dự báo mưa lớn bằng mô hình tổ hợp",
                "department_id": self.unit_a.id,
                "year": 2025,
                "author_ids": [(0, 0, {"employee_id": self.emp_a.id, "share": 100})],
            }
        )
        initiative.with_user(self.user_unit_a).action_submit()
        initiative.with_user(self.user_officer).write(
            {"scope": "unit", "decision_number": "12/QĐ-KTTV", "decision_date": "2025-11-20"}
        )
        initiative.with_user(self.user_officer).action_recognize()
        text = self._html(EMPLOYEE_REPORT, self.emp_a)
        self.assertAllIn(["Dự báo mưa lớn bằng mô hình tổ hợp", "số 12/QĐ-KTTV ngày 20 tháng 11 năm 2025"], text)

    def test_holds_printed_for_tccb_only(self):
        self.env["kttv.subject.hold"].create(
            {"employee_id": self.emp_a.id, "kind": "discipline", "date_from": "2025-03-01", "reason": "Khiển trách"}
        )
        self.assertIn("Khiển trách", self._html(EMPLOYEE_REPORT, self.emp_a, user=self.user_officer))
        self.assertNotIn("Khiển trách", self._html(PUBLIC_REPORT, self.emp_a, user=self.user_unit_a))

    def test_access_follows_the_history_rules(self):
        # The unit's officer: their unit's people (from the public employee form), not another unit's.
        self.assertIn(_nfc("Nguyễn Văn Ánh"), self._html(PUBLIC_REPORT, self.emp_a, user=self.user_unit_a))
        with self.assertRaises(AccessError):
            self._html(PUBLIC_REPORT, self.emp_a, user=self.user_unit_b)
        with self.assertRaises(AccessError):
            self._html(DEPARTMENT_REPORT, self.unit_a, user=self.user_unit_b)
        # An employee: their own report only.
        self._achievement(self.emp_self, 2025, self.t_ldtt, decision_number="95/QĐ-KTTV")
        own = self._html(PUBLIC_REPORT, self.emp_self, user=self.user_employee)
        self.assertAllIn(["Phạm Thị Dung", "95/QĐ-KTTV"], own)
        with self.assertRaises(AccessError):
            self._html(PUBLIC_REPORT, self.emp_a, user=self.user_employee)
        # A registration of another unit is not theirs to print.
        with self.assertRaises(AccessError):
            self._html(REGISTRATION_REPORT, self.individual, user=self.user_unit_b)

    # ------------------------------------------------------------------
    # The collective's achievement report
    # ------------------------------------------------------------------

    def test_collective_report_signed_by_the_unit_head(self):
        head = self.env["hr.employee"].create(
            {"name": "Vũ Thị Hạnh", "department_id": self.unit_a.id, "job_title": "Giám đốc"}
        )
        self.unit_a.manager_id = head
        pages, text = self._text(DEPARTMENT_REPORT, self.unit_a)
        self.assertAllIn(
            [
                "BÁO CÁO THÀNH TÍCH",
                "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
                "2. Chức năng, nhiệm vụ",
                "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
                self.unit_a.name,
                "2025 Tập thể lao động tiên tiến",
                "số 93/QĐ-KTTV",
            ],
            text,
        )
        self.assertNotIn(_nfc("Chiến sĩ thi đua cơ sở"), text, "the unit's report lists no individual's title")
        # The signer block and its name on the same page.
        last = _nfc(" ".join(pages[-1].split()))
        self.assertRegex(last, "GIÁM ĐỐC.*Vũ Thị Hạnh")

    # ------------------------------------------------------------------
    # The council's minutes
    # ------------------------------------------------------------------

    def test_minutes_count_the_votes_recorded(self):
        session = self.individual.council_session_id
        _pages, text = self._text(MINUTES_REPORT, session)
        self.assertAllIn(
            [
                "Mẫu số 03, Phụ lục Thông tư số 62/2025/TT-BNNMT",
                "BIÊN BẢN",
                "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
                f"Tổng số thành viên Hội đồng: {len(self.members)}",
                "II. KẾT QUẢ BIỂU QUYẾT",
                "THƯ KÝ HỘI ĐỒNG",
                "CHỦ TỊCH HỘI ĐỒNG",
                "Đỗ Quang Huy",
            ],
            text,
        )
        votes = self.env["kttv.council.vote"].sudo().search([("session_id", "=", session.id)])
        for registration in self.passed:
            approvals = len(votes.filtered(lambda v, r=registration: v.registration_id == r and v.vote == "approve"))
            self.assertEqual(approvals, len(self.members))
        # Every dossier: all members agreed, none disagreed.
        members = len(self.members)
        self.assertEqual(text.count(f"{members} 0 0 {members}/{members} (100%)"), len(self.passed), text)
        self.assertIn(_nfc(f"Đã thông qua: {len(self.passed)}/{len(self.passed)} hồ sơ"), text)

    def test_secret_ballot_shows_counts_never_voters(self):
        self.t_cstdcs.write({"secret_vote": True, "vote_threshold": 60})
        registration = self._passed(self.t_cstdcs, approvals=2, employee_id=self.emp_self.id).with_env(self.env)
        session = registration.council_session_id
        self.assertTrue(session.dossier_ids.secret_vote)
        _pages, text = self._text(MINUTES_REPORT, session)
        self.assertAllIn(["2 1 0 2/3 (66,67%) Đạt"], text)
        self.assertAllIn(["bỏ phiếu kín", "(tối thiểu 60% tổng số thành viên)"], self._html(MINUTES_REPORT, session))
        results = text.split(_nfc("II. KẾT QUẢ BIỂU QUYẾT"), 1)[1]
        for member in self.members:
            self.assertNotIn(_nfc(member.name), results, "the results name no voter")

    def test_minutes_only_when_closed_and_for_those_who_read_the_session(self):
        open_session = self._session()
        with self.assertRaises(UserError):
            self._html(MINUTES_REPORT, open_session)
        with self.assertRaises(AccessError):
            self._html(MINUTES_REPORT, self.individual.council_session_id, user=self.user_unit_a)

    # ------------------------------------------------------------------
    # The unit's proposal (tờ trình)
    # ------------------------------------------------------------------

    def test_unit_proposal_counts_what_it_lists(self):
        plan = self.env["kttv.unit.plan"].search(
            [("department_id", "=", self.unit_a.id), ("phase_id", "=", self.individual.phase_id.id)], limit=1
        )
        if not plan:
            plan = self.env["kttv.unit.plan"].create(
                {"department_id": self.unit_a.id, "phase_id": self.individual.phase_id.id}
            )
        cancelled = self._register(self.user_unit_a, employee_id=self.emp_self.id)
        cancelled.with_user(self.user_unit_a).action_cancel()
        _pages, text = self._text(PROPOSAL_REPORT, plan)
        self.assertAllIn(
            [
                "Mẫu số 01, Phụ lục Thông tư số 62/2025/TT-BNNMT",
                "TỜ TRÌNH",
                "1 tập thể và 2 cá nhân",
                "Nguyễn Văn Ánh",
                "18/20",
                "Số:",
            ],
            text,
        )
        self.assertNotIn(_nfc("Phạm Thị Dung"), text, "a cancelled registration is neither listed nor counted")
        self.assertNotIn("Số: /", text)
        self.assertRegex(text, "THỦ TRƯỞNG ĐƠN VỊ.* …{5,}")

    # ------------------------------------------------------------------
    # The print faults
    # ------------------------------------------------------------------

    def test_history_prints_no_zero_streak(self):
        self._rating(self.emp_b, 2025, "good")
        self._achievement(self.emp_b, 2025, self.t_ldtt)
        _pages, text = self._text(HISTORY_REPORT, self.emp_b)
        self.assertIn(_nfc("Lao động tiên tiến: 1 năm liên tục"), text)
        self.assertNotIn("0 năm liên tục", text)
        # The unit has no head: its title, and a line for the name.
        self.assertRegex(text, "THỦ TRƯỞNG ĐƠN VỊ.* …{5,}")

    # ------------------------------------------------------------------
    # Batched: the same queries for one subject as for several
    # ------------------------------------------------------------------

    def _queries(self, report, ids):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.env[report]._get_report_values(ids)
        return self.cr.sql_log_count - before

    def test_values_read_in_a_fixed_number_of_queries(self):
        report = "report.kttv_emulation.report_achievement_employee"
        employees = self.emp_a | self.emp_a_child | self.emp_b | self.emp_self
        self._queries(report, self.emp_a.ids)  # caches of the registry and the translations
        self.assertEqual(self._queries(report, self.emp_a.ids), self._queries(report, employees.ids))
        minutes = "report.kttv_emulation.report_council_minutes"
        one = self.individual.council_session_id
        other = self._passed(self.t_cstdcs, employee_id=self.emp_self.id).with_env(self.env).council_session_id
        self._queries(minutes, one.ids)
        self.assertEqual(self._queries(minutes, one.ids), self._queries(minutes, (one | other).ids))
