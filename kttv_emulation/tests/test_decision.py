from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_registration_workflow import KttvWorkflowCase

SIGN = "kttv_emulation.mail_act_decision_sign"


class KttvDecisionCase(KttvWorkflowCase):
    """Three dossiers the council passed: unit A, employee A, employee of A's station."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c_giay_khen.write({})  # the Giấy khen of the Director General: a commendation

    def setUp(self):
        super().setUp()
        session = self._session()
        self.collective = self._register(self.user_unit_a, department_id=self.unit_a.id, target="collective")
        self.individual = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        self.station = self._register(self.user_unit_a, employee_id=self.emp_a_child.id)
        self.passed = self.collective | self.individual | self.station
        self._to_council(self.collective | self.individual, session)
        self._to_council_with(self.station, session, self.c_giay_khen)
        session.with_user(self.user_secretary).action_open_vote()
        for registration in self.passed:
            for member in self.members:
                self._vote(registration, member)
        session.with_user(self.user_secretary).action_close_vote()
        self.assertEqual(set(self.passed.mapped("state")), {"council"})
        self.assertTrue(all(self.passed.mapped("vote_passed")))

    def _to_council_with(self, registration, session, title):
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        registration.with_user(self.user_unit_a).write({"title_id": title.id})
        self._nominate(registration, self.user_unit_a)
        self._decide_manual_criteria(registration)
        registration.with_user(self.user_officer).write({"council_session_id": session.id})
        registration.with_user(self.user_officer).action_send_to_council()

    def _decision(self, **vals):
        decision = (
            self.env["kttv.emulation.decision"]
            .with_user(self.user_officer)
            .create(
                {
                    "date": "2027-01-15",
                    "subject": "Về việc công nhận điển hình tiên tiến giai đoạn 2023-2025",
                    "phase_id": self.phase.id,
                    **vals,
                }
            )
        )
        self._flush_tracking()
        return decision


@tagged("post_install", "-at_install")
class TestDecisionSigning(KttvDecisionCase):
    def test_sign_recognises_writes_achievements_and_pays(self):
        decision = self._decision()
        self.assertRegex(decision.number, r"^\d+/QĐ-TCKTTV$", "a yearly sequence proposes the number")
        decision.with_user(self.user_officer).action_fetch_passed()
        self.assertEqual(decision.registration_ids, self.passed)
        decision.with_user(self.user_officer).action_to_sign()
        self.assertEqual(decision.state, "to_sign")
        self.assertOpenActivity(decision, SIGN, self.user_manager)

        with self.assertRaises(AccessError):
            decision.with_user(self.user_officer).action_sign()
        decision.with_user(self.user_manager).action_sign()

        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.signer_id, self.user_manager)
        self.assertEqual(set(self.passed.mapped("state")), {"recognized"})
        self.assertEqual(set(self.passed.mapped("date_recognized")), {date(2027, 1, 15)})
        for registration in self.passed:
            self.assertTracked(registration, "Before the council", "Recognised")
            self.assertNoOpenActivity(registration, "kttv_emulation.mail_act_registration_sign")
        self.assertNoOpenActivity(decision, SIGN)
        for xmlid in ("print", "pay", "publicise"):
            self.assertOpenActivity(decision, f"kttv_emulation.mail_act_decision_{xmlid}", self.user_officer)

        achievements = decision.achievement_ids
        self.assertEqual(len(achievements), 3)
        by_subject = {a._subject(): a for a in achievements}
        self.assertEqual(by_subject[self.unit_a].title_id, self.t_ttldxs)
        self.assertEqual(by_subject[self.emp_a].title_id, self.t_cstdcs)
        self.assertEqual(by_subject[self.emp_a_child].title_id, self.c_giay_khen)
        for achievement in achievements:
            self.assertEqual((achievement.year, achievement.source), (2027, "decision"))
            self.assertEqual(achievement.decision_number, decision.number)
            self.assertEqual(achievement.decision_date, date(2027, 1, 15))
            self.assertEqual(achievement.authority, "Tổng cục trưởng Tổng cục Khí tượng Thủy văn")

        # Base salary on 15 January 2027: 2,340,000 VND (in force since 1 July 2024).
        lines = decision.fund_line_ids
        amounts = {line.registration_id: line.amount for line in lines}
        self.assertEqual(amounts[self.collective], 3_510_000)  # TTLĐXS 1.5
        self.assertEqual(amounts[self.individual], 2_340_000)  # CSTĐCS 1.0
        self.assertEqual(amounts[self.station], 710_000)  # Giấy khen 0.3: 702,000 rounded up
        self.assertEqual(decision.total_reward, 6_560_000)
        fund = lines.fund_id
        self.assertEqual((fund.year, fund.level), (2027, "administration"))
        self.assertEqual(set(lines.mapped("kind")), {"reward"})
        self.assertEqual(fund.reward_paid, 6_560_000)
        self.assertEqual(fund.balance, -6_560_000, "no allocation yet")

    def test_highest_title_only_across_decisions_of_the_year(self):
        # LĐTT 2025 for employee A was paid by an earlier decision of the year.
        earlier = self._decision(title_id=self.t_ldtt.id, number="1/QĐ-TCKTTV")
        earlier.registration_ids = self.individual
        earlier.with_user(self.user_manager).action_sign()
        self.assertEqual(earlier.fund_line_ids.amount, 710_000)
        self.individual.sudo().write({"state": "council"})
        later = self._decision(number="2/QĐ-TCKTTV")
        later.registration_ids = self.individual
        later.with_user(self.user_manager).action_sign()
        self.assertEqual(later.fund_line_ids.amount, 1_630_000, "CSTĐCS 2,340,000 less the LĐTT already paid")

    def test_cancel_restores_everything(self):
        decision = self._decision()
        decision.registration_ids = self.passed
        decision.with_user(self.user_manager).action_sign()
        fund = decision.fund_line_ids.fund_id
        achievements = decision.achievement_ids
        with self.assertRaises(UserError):
            achievements[0].with_user(self.user_officer).unlink()
        with self.assertRaises(AccessError):
            decision.with_user(self.user_officer).action_cancel()
        action = decision.with_user(self.user_manager).action_cancel()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_manager)
            .create({"decision_ids": [Command.set(decision.ids)], "reason": "Sai sót trong danh sách."})
        )
        wizard.action_confirm()
        self.assertEqual(decision.state, "cancelled")
        self.assertEqual(decision.cancel_reason, "Sai sót trong danh sách.")
        self.assertEqual(set(self.passed.mapped("state")), {"council"})
        self.assertFalse(any(self.passed.mapped("date_recognized")))
        self.assertFalse(achievements.exists())
        self.assertTrue(all(decision.fund_line_ids.mapped("cancelled")))
        self.assertEqual((fund.reward_paid, fund.balance), (0, 0))
        for registration in self.passed:
            self.assertOpenActivity(registration, "kttv_emulation.mail_act_registration_sign", self.user_manager)
        # The same dossiers can be recognised again by a new decision.
        again = self._decision(number="99/QĐ-TCKTTV")
        again.with_user(self.user_officer).action_fetch_passed()
        self.assertEqual(again.registration_ids, self.passed)

    def test_signed_decisions_and_recognised_exemplars_are_never_deleted(self):
        decision = self._decision()
        decision.registration_ids = self.passed
        decision.with_user(self.user_manager).action_sign()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            decision.unlink()
        with self.assertRaisesRegex(UserError, "recognised"):
            self.individual.unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            decision.with_user(self.user_officer).write({"subject": "khác"})
        with self.assertRaisesRegex(UserError, "already signed"):
            decision.with_user(self.user_manager).action_sign()
        self.assertTrue(decision.exists())
        draft = self._decision(number="77/QĐ-TCKTTV")
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_only_dossiers_the_council_passed(self):
        other = self._register(self.user_unit_a, employee_id=self.emp_self.id)
        decision = self._decision()
        decision.registration_ids = self.individual | other
        with self.assertRaisesRegex(UserError, "cannot be recognised"):
            decision.with_user(self.user_officer).action_to_sign()
        with self.assertRaisesRegex(UserError, "cannot be recognised"):
            decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.state, "draft")


@tagged("post_install", "-at_install")
class TestDecisionNumbers(KttvDecisionCase):
    def test_a_number_used_this_year_by_the_same_authority_is_refused(self):
        self._decision(number="15/QĐ-TCKTTV")
        count = self.env["kttv.emulation.decision"].search_count([])
        with self.assertRaisesRegex(ValidationError, "15/QĐ-TCKTTV is already used in 2027"), self.env.cr.savepoint():
            self._decision(number="15/QĐ-TCKTTV", date="2027-06-01")
        self.assertEqual(self.env["kttv.emulation.decision"].search_count([]), count)
        # Another year, or another authority: allowed.
        self._decision(number="15/QĐ-TCKTTV", date="2028-01-10")
        self._decision(number="15/QĐ-TCKTTV", authority="ministry")
        other = self._decision(number="16/QĐ-TCKTTV")
        with self.assertRaisesRegex(ValidationError, "already used"):
            other.with_user(self.user_officer).write({"number": "15/QĐ-TCKTTV"})

    def test_the_sequence_restarts_each_year(self):
        first = self._decision(date="2029-02-01")
        second = self._decision(date="2029-03-01")
        self.assertEqual(int(second.number.split("/")[0]), int(first.number.split("/")[0]) + 1)
        next_year = self._decision(date="2030-01-05")
        self.assertEqual(next_year.number, "1/QĐ-TCKTTV")


@tagged("post_install", "-at_install")
class TestMinistryProposal(KttvDecisionCase):
    def test_propose_then_record_the_ministrys_decision(self):
        decision = self._decision()
        decision.registration_ids = self.passed
        decision.with_user(self.user_manager).action_sign()
        proposal = (
            self.env["kttv.ministry.proposal"]
            .with_user(self.user_officer)
            .create(
                {"registration_ids": [Command.set((self.collective | self.individual).ids)], "phase_id": self.phase.id}
            )
        )
        self.assertRegex(proposal.number, r"/TTr-TCKTTV$")
        with self.assertRaises(AccessError):
            proposal.with_user(self.user_unit_a).action_send()
        proposal.with_user(self.user_officer).action_send()
        self.assertEqual((self.collective | self.individual).mapped("state"), ["ministry_proposed"] * 2)
        self.assertEqual(self.station.state, "recognized")

        action = proposal.with_user(self.user_officer).action_record_decision()
        ministry = self.env["kttv.emulation.decision"].browse(action["res_id"])
        self.assertEqual((ministry.authority, ministry.title_id), ("ministry", self.c_bang_khen_bo))
        with self.assertRaisesRegex(UserError, "Enter the number"):
            ministry.with_user(self.user_officer).action_sign()
        # The Ministry recognised only the collective.
        ministry.with_user(self.user_officer).write(
            {
                "number": "1234/QĐ-BTNMT",
                "date": "2027-04-20",
                "signer_name": "Đỗ Đức Duy",
                "signer_title": "Bộ trưởng Bộ Tài nguyên và Môi trường",
                "registration_ids": [Command.set(self.collective.ids)],
            }
        )
        ministry.with_user(self.user_officer).action_sign()
        self.assertEqual(self.collective.state, "ministry_recognized")
        self.assertEqual(self.individual.state, "recognized", "left out by the Ministry")
        self.assertEqual(proposal.state, "decided")
        achievement = ministry.achievement_ids
        self.assertEqual(
            (achievement.title_id, achievement.authority),
            (self.c_bang_khen_bo, "Bộ trưởng Bộ Tài nguyên và Môi trường"),
        )
        self.assertEqual(ministry.fund_line_ids.amount, 7_020_000, "Bằng khen cấp bộ for a collective: 3.0")
        self.assertEqual(ministry.fund_line_ids.fund_id.level, "ministry")
