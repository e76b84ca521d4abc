import importlib.util
import os
import unicodedata
from datetime import date

import polib

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import html2plaintext

from .common import KttvCase
from .test_decision import KttvDecisionCase


@tagged("post_install", "-at_install")
class TestLaw2026(KttvCase):
    """The law and the organisation as they stand on 1 December 2026, as data."""

    def test_base_salary_of_decree_161_2026(self):
        BaseSalary = self.env["kttv.base.salary"]
        self.assertEqual(BaseSalary._reward(self.t_cstdcs, "individual", date(2026, 6, 30)), 2_340_000)
        self.assertEqual(BaseSalary._reward(self.t_cstdcs, "individual", date(2026, 7, 1)), 2_530_000)
        self.assertEqual(BaseSalary._reward(self.t_ldtt, "individual", date(2026, 7, 1)), 760_000)
        self.assertEqual(BaseSalary._reward(self.t_co_bo, "collective", date(2026, 7, 1)), 20_240_000)

    def test_identity_follows_the_date_of_the_document(self):
        Identity = self.env["kttv.organisation.identity"]
        old = Identity._for_date(date(2025, 1, 15))
        self.assertEqual(
            (old.agency_name, old.symbol, old.head_title, old.parent_authority),
            ("Tổng cục Khí tượng Thủy văn", "TCKTTV", "Tổng cục trưởng", "Bộ Tài nguyên và Môi trường"),
        )
        new = Identity._for_date(date(2026, 1, 15))
        self.assertEqual(
            (new.agency_name, new.symbol, new.head_title, new.parent_authority),
            ("Cục Khí tượng Thủy văn", "KTTV", "Cục trưởng", "Bộ Nông nghiệp và Môi trường"),
        )
        self.assertEqual(Identity._for_date(date(2025, 3, 1)), new, "the reorganisation took effect on 1/3/2025")
        by_date = Identity._for_dates([date(2025, 1, 15), date(2026, 1, 15)])
        self.assertEqual(by_date[date(2025, 1, 15)], old)
        self.assertEqual(by_date[date(2026, 1, 15)], new)
        with self.assertRaisesRegex(UserError, "2020-01-01"):
            Identity._for_date(date(2020, 1, 1))

    def test_identity_is_edited_by_tccb_only(self):
        identity = self.env["kttv.organisation.identity"]._for_date(date(2026, 1, 15))
        identity.with_user(self.user_officer).write({"place": "Hà Nội"})
        # The Director General's group includes TCCB's rights: only those below are refused.
        for user in (self.user_unit_a, self.user_council, self.user_employee):
            self.assertEqual(identity.with_user(user).agency_name, "Cục Khí tượng Thủy văn")
            with self.assertRaises(AccessError):
                identity.with_user(user).write({"agency_name": "X"})

    def test_grounds_follow_the_date(self):
        Ground = self.env["kttv.legal.ground"]
        before = "\n".join(Ground._lines_for(date(2025, 1, 15)))
        self.assertIn("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", before)
        self.assertNotIn("Căn cứ", before, "the decision prints the words, the data holds the texts")
        self.assertIn("98/2023/NĐ-CP", before)
        self.assertIn("18/2023/TT-BTNMT", before)
        self.assertIn("Tổng cục Khí tượng Thủy văn", before)
        self.assertNotIn("152/2025", before)
        after = "\n".join(Ground._lines_for(date(2026, 1, 15)))
        self.assertIn("152/2025/NĐ-CP", after)
        self.assertIn("62/2025/TT-BNNMT", after)
        self.assertIn("Cục Khí tượng Thủy văn", after)
        self.assertNotIn("98/2023", after)
        self.assertNotIn("18/2023/TT-BTNMT", after)
        # The circular changed on 31/10/2025.
        self.assertIn("18/2023/TT-BTNMT", "\n".join(Ground._lines_for(date(2025, 10, 30))))
        self.assertIn("62/2025/TT-BNNMT", "\n".join(Ground._lines_for(date(2025, 10, 31))))
        ministry = "\n".join(Ground._lines_for(date(2026, 1, 15), authority="ministry"))
        self.assertIn("35/2025/NĐ-CP", ministry)
        with self.assertRaises(ValidationError):
            Ground.create({"text": "Căn cứ X", "date_from": date(2026, 1, 2), "date_to": date(2026, 1, 1)})

    def test_who_may_award_what(self):
        # Law 06/2022 art. 80(1): the head of a unit under a ministry.
        for title in (self.t_ldtt, self.t_cstdcs, self.t_ttldtt, self.c_giay_khen):
            self.assertTrue(title._awardable_by("administration"), title.name)
            self.assertFalse(title._awardable_by("ministry"), title.name)
        for title in (self.t_co_bo, self.t_cstd_bo, self.t_ttldxs, self.c_bang_khen_bo):
            self.assertFalse(title._awardable_by("administration"), title.name)
            self.assertTrue(title._awardable_by("ministry"), title.name)
        for title in (self.t_cstd_tq, self.env.ref("kttv_emulation.commendation_bang_khen_thu_tuong")):
            self.assertFalse(title._awardable_by("administration"), title.name)
            self.assertFalse(title._awardable_by("ministry"), title.name)

    def test_catalog_of_2025(self):
        self.assertEqual(self.t_cstd_bo.period_years, 3)
        self.assertEqual(self.t_cstdcs.period_years, 1)
        self.assertIn("152/2025/NĐ-CP", self.t_cstdcs.legal_basis)
        self.assertIn("Bộ Nông nghiệp và Môi trường", self.t_co_bo.name)
        medal = self.env.ref("kttv_emulation.commendation_ky_niem_chuong_bo")
        self.assertEqual((medal.kind, medal.award_authority), ("commendation", "minister"))
        with self.assertRaisesRegex(ValidationError, "at least one year"):
            self.t_cstdcs.period_years = 0

    def test_hold_blocks_awards_while_in_force(self):
        Hold = self.env["kttv.subject.hold"].with_user(self.user_officer)
        hold = Hold.create(
            {
                "employee_id": self.emp_a.id,
                "kind": "discipline",
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 8, 31),
                "reason": "Khiển trách",
            }
        )
        Employees = self.env["hr.employee"]
        with self.assertRaisesRegex(UserError, "Nguyễn Văn Ánh"):
            Hold._check_no_hold(self.emp_a | self.emp_b, self.env["hr.department"], date(2026, 5, 1), "Nominating")
        Hold._check_no_hold(self.emp_a, self.env["hr.department"], date(2026, 9, 1), "Nominating")
        Hold._check_no_hold(self.emp_b, self.env["hr.department"], date(2026, 5, 1), "Nominating")
        self.assertFalse(Hold._holds_on(Employees, self.env["hr.department"], date(2026, 5, 1)))
        with self.assertRaises(ValidationError):
            hold.date_to = date(2026, 1, 1)
        for user in (self.user_unit_a, self.user_council, self.user_employee):
            with self.assertRaises(AccessError):
                hold.with_user(user).read(["reason"])
        self.assertEqual(hold.with_user(self.user_manager).reason, "Khiển trách")


ORGANISATION_NAMES = ("Tổng cục", "Vụ Tổ chức cán bộ", "Bộ Tài nguyên và Môi trường")


def _text(html):
    """Plain text of rendered HTML, NFC-normalised so diacritics compare exactly."""
    return unicodedata.normalize("NFC", " ".join(html2plaintext(html).split()))


@tagged("post_install", "-at_install")
class TestLaw2026Decisions(KttvDecisionCase):
    """What a decision does with the law and the organisation of its own date."""

    def _dated(self, on_date, registrations, **vals):
        decision = self._decision(date=on_date, **vals)
        decision.with_user(self.user_officer).registration_ids = registrations
        return decision

    def _html(self, decision):
        html, _type = self.env["ir.actions.report"]._render_qweb_html("kttv_emulation.report_decision", decision.ids)
        return html.decode()

    def _paid(self, decision):
        return {line.registration_id: line.amount for line in decision.sudo().fund_line_ids if not line.cancelled}

    # ------------------------------------------------------------------
    # Base salary of Decree 161/2026
    # ------------------------------------------------------------------

    def test_a_decision_pays_the_base_salary_of_its_date(self):
        other = self._passed(self.t_cstdcs, employee_id=self.emp_self.id)
        june = self._dated("2026-06-30", self.individual)
        july = self._dated("2026-07-01", other)
        (june | july).with_user(self.user_manager).action_sign()
        self.assertEqual(self._paid(june), {self.individual: 2_340_000})
        self.assertEqual(self._paid(july), {other: 2_530_000})

    def test_a_decision_signed_at_the_old_rate_is_paid_the_difference(self):
        # Signed before the base salary of 1/7/2026 was recorded: paid at 2,340,000.
        row = self.env.ref("kttv_emulation.base_salary_2026")
        basis = row.legal_basis
        row.unlink()
        decision = self._dated("2026-07-10", self.individual)
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(self._paid(decision), {self.individual: 2_340_000})
        Decision = self.env["kttv.emulation.decision"].with_user(self.user_officer)
        self.assertFalse(Decision.search([("reward_shortfall", ">", 0)]))
        # The row reaches the database (the migration): the decision is listed, TCCB pays the difference.
        self.env["kttv.base.salary"].create({"date_from": "2026-07-01", "amount": 2_530_000, "legal_basis": basis})
        self.assertEqual(Decision.search([("reward_shortfall", ">", 0)]), decision)
        self.assertEqual(decision.with_user(self.user_officer).reward_shortfall, 190_000)
        with self.assertRaises(AccessError):
            decision.with_user(self.user_unit_a).action_top_up_rewards()
        self.assertIs(decision.with_user(self.user_officer).action_top_up_rewards(), True)
        top_up = decision.sudo().fund_line_ids.filtered("top_up_reason")
        self.assertEqual(top_up.mapped("amount"), [190_000])
        self.assertIn("2,530,000", top_up.top_up_reason)
        self.assertIn("Nghị định 161/2026/NĐ-CP", top_up.top_up_reason)
        self.assertEqual(top_up.fund_id, decision.sudo().fund_line_ids[:1].fund_id)
        self.assertEqual(decision.with_user(self.user_officer).reward_shortfall, 0)
        self.assertFalse(Decision.search([("reward_shortfall", ">", 0)]), "none is listed twice")
        with self.assertRaisesRegex(UserError, "Nothing is due"):
            decision.with_user(self.user_officer).action_top_up_rewards()
        # Cancelling the decision cancels its top-up with its payments.
        self._cancel(decision, self.user_manager)
        self.assertTrue(top_up.cancelled)

    # ------------------------------------------------------------------
    # Decree 152/2025 art. 49(5): one payment per counting period
    # ------------------------------------------------------------------

    def test_titles_of_different_periods_are_both_paid(self):
        # CSTĐCS 2026 for employee A by the Administration, CSTĐ cấp bộ (three years to 2026) by the Ministry.
        decision = self._dated("2026-03-02", self.individual)
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(self._paid(decision), {self.individual: 2_340_000})
        cstd_bo = self._passed(self.t_cstd_bo, phase=self._phase_2(), employee_id=self.emp_a.id)
        # The head cannot grant it: it goes to the Ministry straight from the council.
        with self.assertRaisesRegex(UserError, "Proposal to the Ministry"):
            self._dated("2026-03-05", cstd_bo)
        proposal = self._proposal(cstd_bo, date="2026-03-05")
        proposal.with_user(self.user_officer).action_send()
        self.assertEqual(cstd_bo.state, "ministry_proposed")
        action = proposal.with_user(self.user_officer).action_record_decision()
        ministry = self.env["kttv.emulation.decision"].browse(action["res_id"])
        ministry.with_user(self.user_officer).write(
            {
                "number_entry": "321/QĐ-BNNMT",
                "date": "2026-04-20",
                "title_id": False,
                "signer_name": "Trần Đức Thắng",
                "signer_title": "Bộ trưởng Bộ Nông nghiệp và Môi trường",
            }
        )
        ministry.with_user(self.user_officer).action_sign()
        self.assertEqual(ministry.achievement_year, 2026)
        self.assertEqual(self._paid(ministry), {cstd_bo: 7_020_000}, "3.0 x 2,340,000: paid in full")

    def test_a_title_recorded_from_the_history_counts_as_paid_at_its_rate(self):
        # LĐTT 2026 imported, decided on 20/1/2026 at 2,340,000: 710,000 counted as paid.
        self._achievement(
            self.emp_a, 2026, self.t_ldtt, source="import", decision_number="05/QĐ-KTTV", decision_date="2026-01-20"
        )
        decision = self._dated("2026-07-15", self.individual)
        decision.with_user(self.user_manager).action_sign()
        # CSTĐCS at 2,530,000, less the LĐTT at the rate of its own date (not 760,000).
        self.assertEqual(self._paid(decision), {self.individual: 2_530_000 - 710_000})

    # ------------------------------------------------------------------
    # Law 06/2022 art. 80: who awards what
    # ------------------------------------------------------------------

    def test_the_administration_does_not_grant_a_ministry_title(self):
        flag = self._passed(self.t_co_bo, phase=self._phase_2(), department_id=self.unit_a.id, target="collective")
        message = r"Cờ thi đua.*awarded by the minister.*Proposal to the Ministry instead"
        with self.assertRaisesRegex(UserError, message):
            self._dated("2026-03-02", flag)
        decision = self._decision(date="2026-03-02")
        with self.assertRaisesRegex(UserError, message):
            decision.with_user(self.user_officer).write({"registration_ids": [Command.link(flag.id)]})
        with self.assertRaisesRegex(UserError, message):
            decision.with_user(self.user_officer).write({"title_id": self.t_co_bo.id})
        # Fetching leaves it for the Ministry; the others come.
        draft = self._decision(date="2026-03-02", phase_id=False)
        draft.with_user(self.user_officer).action_fetch_passed()
        self.assertEqual(draft.registration_ids, self.passed)
        # Checked again, server side, when sent to sign and signed: the catalog may have changed.
        self.c_giay_khen.award_authority = "minister"
        with self.assertRaisesRegex(UserError, r"Giấy khen.*Proposal to the Ministry"):
            draft.with_user(self.user_officer).action_to_sign()
        with self.assertRaisesRegex(UserError, r"Giấy khen.*Proposal to the Ministry"):
            draft.with_user(self.user_manager).action_sign()

    def test_the_decision_counts_the_vote_on_the_rules_frozen_for_it(self):
        # The vote opened while the catalog asked 60%: two members of three (66.67%) passed it.
        self.t_cstdcs.vote_threshold = 60
        lower = self._passed(self.t_cstdcs, approvals=2, employee_id=self.emp_self.id)
        self.t_cstdcs.vote_threshold = 80
        decision = self._dated("2026-03-02", lower)
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(lower.state, "recognized")

    # ------------------------------------------------------------------
    # Decree 152/2025 art. 4: holds
    # ------------------------------------------------------------------

    def test_a_subject_on_hold_is_not_nominated_nor_recognised(self):
        Hold = self.env["kttv.subject.hold"].with_user(self.user_officer)
        Hold.create({"employee_id": self.emp_self.id, "date_from": "2020-01-01", "reason": "Đang bị xem xét kỷ luật"})
        registration = self._register(self.user_unit_a, employee_id=self.emp_self.id)
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        registration.with_user(self.user_unit_a).write({"title_id": self.t_cstdcs.id})
        with self.assertRaisesRegex(UserError, r"Nominating is not possible: Phạm Thị Dung is on hold"):
            self._nominate(registration, self.user_unit_a)
        self.assertEqual(registration.state, "nurturing")
        # A hold recorded after the council: the signature is refused, naming the subject.
        Hold.create(
            {"employee_id": self.emp_a.id, "kind": "inspection", "date_from": "2026-02-01", "reason": "Thanh tra"}
        )
        decision = self._dated("2026-03-02", self.individual | self.station)
        with self.assertRaisesRegex(UserError, r"Nguyễn Văn Ánh is on hold since 2026-02-01"):
            decision.with_user(self.user_manager).action_sign()
        with self.assertRaisesRegex(UserError, "Nguyễn Văn Ánh"):
            decision.with_user(self.user_officer).action_to_sign()
        self.assertEqual(decision.state, "draft")
        self.assertEqual(self.individual.state, "council")

    # ------------------------------------------------------------------
    # The organisation and the grounds of the decision's date
    # ------------------------------------------------------------------

    def assertGroundsInDecree30Form(self, text, proposer):
        """ "Căn cứ ...;" lines, then "Theo đề nghị của <proposer>." as the last ground, before the articles."""
        last = text.index("Theo đề nghị của")
        self.assertIn(f"Theo đề nghị của {proposer}.", text)
        self.assertGreater(last, text.rindex("Căn cứ"))
        self.assertLess(last, text.index("QUYẾT ĐỊNH:"))
        self.assertEqual(text.count("Theo đề nghị của"), 1)
        self.assertNotIn("Căn cứ Theo", text)
        self.assertNotIn("Căn cứ đề nghị", text)

    def test_a_decision_prints_the_organisation_and_grounds_of_its_date(self):
        self.user_manager.name = "Đỗ Quang Huy"
        self.env.company.kttv_director_id = self.user_manager
        old = self._dated("2025-01-15", self.individual)
        new = self._dated("2026-01-15", self.station)
        (old | new).with_user(self.user_officer).action_to_sign()
        (old | new).with_user(self.user_manager).action_sign()
        self.assertEqual((old.number, new.number), ("01/QĐ-TCKTTV", "01/QĐ-KTTV"))
        before = _text(self._html(old))
        for needle in (
            "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
            "TỔNG CỤC KHÍ TƯỢNG THỦY VĂN",
            "Số: 01/QĐ-TCKTTV",
            "TỔNG CỤC TRƯỞNG TỔNG CỤC KHÍ TƯỢNG THỦY VĂN",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Căn cứ Nghị định số 98/2023/NĐ-CP",
            "Căn cứ Thông tư số 18/2023/TT-BTNMT",
            "Căn cứ Quyết định số 10/2023/QĐ-TTg",
            "TỔNG CỤC TRƯỞNG Đỗ Quang Huy",
            "Hà Nội, ngày 15 tháng 01 năm 2025",
        ):
            self.assertIn(needle, before)
        self.assertGroundsInDecree30Form(before, "Vụ trưởng Vụ Tổ chức cán bộ")
        after = _text(self._html(new))
        for needle in (
            "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
            "CỤC KHÍ TƯỢNG THỦY VĂN",
            "Số: 01/QĐ-KTTV",
            "CỤC TRƯỞNG CỤC KHÍ TƯỢNG THỦY VĂN",
            "Căn cứ Nghị định số 152/2025/NĐ-CP",
            "Căn cứ Thông tư số 62/2025/TT-BNNMT",
            "CỤC TRƯỞNG Đỗ Quang Huy",
        ):
            self.assertIn(needle, after)
        for needle in ("TỔNG CỤC", "TCKTTV", "Tài nguyên và Môi trường", "98/2023", "18/2023/TT-BTNMT"):
            self.assertNotIn(needle, after)
        self.assertGroundsInDecree30Form(after, "Chánh Văn phòng Cục")
        self.assertEqual(old.achievement_ids.authority, "Tổng cục trưởng Tổng cục Khí tượng Thủy văn")
        self.assertEqual(new.achievement_ids.authority, "Cục trưởng Cục Khí tượng Thủy văn")

        # The identities are edited (a typo, the next reorganisation): the decisions issued reprint unchanged.
        Identity = self.env["kttv.organisation.identity"]
        for identity in Identity._for_date(date(2025, 1, 15)) | Identity._for_date(date(2026, 1, 15)):
            identity.with_user(self.user_officer).write(
                {"agency_name": "Cơ quan mới", "head_title": "Thủ trưởng", "symbol": "CQM", "place": "Huế"}
            )
        self.assertEqual(_text(self._html(old)), before)
        self.assertEqual(_text(self._html(new)), after)
        # A draft follows the identity in force: it has not been issued.
        draft = self._dated("2026-02-01", self.collective)
        text = _text(self._html(draft))
        self.assertIn("CƠ QUAN MỚI", text)
        self.assertIn("Huế, ngày 01 tháng 02 năm 2026", text)

    def test_a_decision_without_a_number_prints_a_blank_for_it(self):
        draft = self._dated("2026-01-15", self.individual)
        html = unicodedata.normalize("NFC", self._html(draft))
        self.assertIn("Số:      /QĐ-KTTV", html, "room for the number, kept by the page (white-space: pre)")
        self.assertIn("white-space: pre", html)
        self.assertNotIn("Số: /", _text(html).replace("Số: /QĐ-KTTV", ""))

    def test_the_ministrys_decision_prints_the_ministrys_heading_and_grounds(self):
        decision = self._dated("2026-01-15", self.individual)
        decision.with_user(self.user_manager).action_sign()
        proposal = self._proposal(self.individual, date="2026-02-01")
        proposal.with_user(self.user_officer).action_send()
        self.assertEqual(proposal.number, "01/TTr-KTTV")
        action = proposal.with_user(self.user_officer).action_record_decision()
        ministry = self.env["kttv.emulation.decision"].browse(action["res_id"])
        ministry.with_user(self.user_officer).write({"date": "2026-04-20"})
        text = _text(self._html(ministry))
        self.assertIn("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", text)
        self.assertIn("BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", text)
        self.assertIn("Căn cứ Nghị định số 35/2025/NĐ-CP", text)
        self.assertGroundsInDecree30Form(text, "Cục trưởng Cục Khí tượng Thủy văn")
        self.assertIn("Số: /QĐ-BNNMT", text)

    def test_an_updated_database_keeps_the_identity_of_its_documents(self):
        """The migration of 18.0.1.2.0: documents made before the identities get theirs, by date."""
        decision = self._dated("2025-01-15", self.individual)
        decision.with_user(self.user_officer).action_to_sign()
        proposal = self._proposal(self.collective, date="2026-02-01")
        decision.sudo().write({"kttv_identity": False})
        proposal.sudo().write({"kttv_identity": False})
        # A draft whose grounds the product wrote before they were dated data, with a line added by hand.
        draft = self._dated("2026-01-15", self.station)
        draft.with_user(self.user_officer).write(
            {
                "basis": "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;\n"
                "Đề nghị của Hội đồng Thi đua - Khen thưởng và bộ phận tham mưu.\n"
                "Kế hoạch số 03/KH-KTTV;"
            }
        )
        path = os.path.join(get_module_path("kttv_emulation"), "migrations", "18.0.1.2.0", "post-law-2026.py")
        spec = importlib.util.spec_from_file_location("kttv_post_law_2026", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate_documents(self.env.cr, "18.0.1.1.0")
        decision.invalidate_recordset()
        proposal.invalidate_recordset()
        self.assertEqual(decision.kttv_identity["symbol"], "TCKTTV")
        self.assertEqual(proposal.kttv_identity["agency_name"], "Cục Khí tượng Thủy văn")
        self.assertEqual(
            draft.basis.splitlines(),
            [*self.env["kttv.legal.ground"]._lines_for(date(2026, 1, 15)), "Kế hoạch số 03/KH-KTTV;"],
        )


@tagged("post_install", "-at_install")
class TestNoOrganisationNameInCode(TransactionCase):
    """The organisation's names are dated data: no Vietnamese string of the addon names one."""

    def test_vi_po_and_templates_name_no_organisation(self):
        path = get_module_path("kttv_emulation")
        found = []
        for entry in polib.pofile(os.path.join(path, "i18n", "vi.po")):
            for name in ORGANISATION_NAMES:
                for text in (entry.msgid, entry.msgstr):
                    if name.lower() in text.lower():
                        found.append(f"vi.po: {name!r} in {text!r}")
        report_dir = os.path.join(path, "report")
        for filename in sorted(os.listdir(report_dir)):
            if filename.endswith(".xml"):
                with open(os.path.join(report_dir, filename), encoding="utf-8") as template:
                    content = template.read().lower()
                found += [f"report/{filename}: {name!r}" for name in ORGANISATION_NAMES if name.lower() in content]
        company_fields = self.env["res.company"]._fields
        for fname in ("kttv_parent_authority", "kttv_organisation", "kttv_director_title", "kttv_symbol"):
            default = company_fields[fname].default
            value = default(self.env["res.company"]) if callable(default) else default
            if value:
                found.append(f"res.company.{fname} defaults to {value!r}")
        self.assertEqual(found, [])
