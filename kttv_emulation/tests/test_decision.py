import importlib.util
import os
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import MANAGER
from .test_registration_workflow import KttvWorkflowCase

SIGN = "kttv_emulation.mail_act_decision_sign"
DECISION_SEQUENCE = "kttv_emulation.seq_kttv_emulation_decision"
PROPOSAL_SEQUENCE = "kttv_emulation.seq_kttv_ministry_proposal"


class KttvDecisionCase(KttvWorkflowCase):
    """Three dossiers the council passed: unit A, employee A, employee of A's station."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c_giay_khen.write({})  # the Giấy khen of the Director General: a commendation
        # The amounts below are computed on this base salary, whatever rows the
        # seeded table gains later: the tests own the row in force in 2027.
        BaseSalary = cls.env["kttv.base.salary"]
        BaseSalary.search([("date_from", "=", "2027-01-01")]).unlink()
        BaseSalary.create({"date_from": "2027-01-01", "amount": 2_340_000, "legal_basis": "Mức kiểm thử"})
        # A deputy Director General: in the signing group, not the head.
        cls.user_deputy = new_test_user(cls.env, "kttv_t_deputy", groups=MANAGER, name="Tài khoản Phó Tổng cục trưởng")
        cls.emp_deputy = cls.env["hr.employee"].create(
            {"name": "Hoàng Minh Đức", "department_id": cls.root.id, "user_id": cls.user_deputy.id}
        )

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

    def _title_for(self, registration):
        # What the head of the agency awards (Law 06/2022 art. 80): Tập thể lao động tiên tiến for a collective.
        return self.t_ttldtt if registration.target == "collective" else self.t_cstdcs

    def _to_council_with(self, registration, session, title):
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        registration.with_user(self.user_unit_a).write({"title_id": title.id})
        self._nominate(registration, self.user_unit_a)
        self._decide_manual_criteria(registration)
        registration.with_user(self.user_officer).write({"council_session_id": session.id})
        registration.with_user(self.user_officer).action_send_to_council()

    def _passed(self, title, approvals=None, phase=None, **vals):
        """One more dossier, voted on its own session by ``approvals`` of the three members."""
        phase_vals = {"phase_id": phase.id} if phase else {}
        registration = self._register(self.user_unit_a, **phase_vals, **vals)
        session = self._session(**phase_vals)
        self._to_council_with(registration, session, title)
        session.with_user(self.user_secretary).action_open_vote()
        approvals = len(self.members) if approvals is None else approvals
        for index, member in enumerate(self.members):
            self._vote(registration, member, "approve" if index < approvals else "reject")
        session.with_user(self.user_secretary).action_close_vote()
        self.assertEqual((registration.state, registration.vote_passed), ("council", True))
        return registration

    def _open_activities(self, record):
        """{(activity type xml id, user)} of the activities open on ``record``."""
        activities = self.env["mail.activity"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])
        xmlids = activities.activity_type_id.get_external_id()
        return {(xmlids[activity.activity_type_id.id], activity.user_id) for activity in activities}

    def _open_activities_of(self, records, user):
        """The activities ``user`` has open on ``records``."""
        return self.env["mail.activity"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids), ("user_id", "=", user.id)]
        )

    def _notices(self, record, user):
        """The e-mail notices ``user`` got about ``record`` (Odoo's ``user_notification`` messages)."""
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )

    def _messages(self, record, text):
        """The chatter messages of ``record`` that say ``text``."""
        self._flush_tracking()
        return record.sudo().message_ids.filtered(lambda message: text in (message.body or ""))

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

    def _cancel(self, decision, user, reason="Sai sót trong danh sách."):
        action = decision.with_user(user).action_cancel()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .create({"decision_ids": [Command.set(decision.ids)], "reason": reason})
        )
        wizard.action_confirm()

    def _proposal(self, registrations, **vals):
        return (
            self.env["kttv.ministry.proposal"]
            .with_user(self.user_officer)
            .create({"registration_ids": [Command.set(registrations.ids)], "phase_id": self.phase.id, **vals})
        )

    def _ministry_decision(self, proposal, registrations, number="1234/QĐ-BTNMT"):
        action = proposal.with_user(self.user_officer).action_record_decision()
        ministry = self.env["kttv.emulation.decision"].browse(action["res_id"])
        ministry.with_user(self.user_officer).write(
            {
                "number_entry": number,
                "date": "2027-04-20",
                "signer_name": "Đỗ Đức Duy",
                "signer_title": "Bộ trưởng Bộ Tài nguyên và Môi trường",
                "registration_ids": [Command.set(registrations.ids)],
            }
        )
        ministry.with_user(self.user_officer).action_sign()
        return ministry

    @classmethod
    def _phase_2(cls):
        return cls.env["kttv.exemplar.phase"].create(
            {
                "plan_id": cls.plan.id,
                "name": "Giai đoạn 2 (2029-2030)",
                "date_start": "2029-01-01",
                "date_end": "2030-12-31",
                "registration_deadline": "2029-03-31",
                "assessed_year_from": 2023,
                "assessed_year_to": 2024,
            }
        )


@tagged("post_install", "-at_install")
class TestDecisionSigning(KttvDecisionCase):
    def test_sign_recognises_writes_achievements_and_pays(self):
        decision = self._decision()
        self.assertEqual((decision.number, decision.display_name), ("/", "New"), "numbered when sent to sign")
        # Every step answers something an RPC client can carry.
        self.assertIs(decision.with_user(self.user_officer).action_fetch_passed(), True)
        self.assertEqual(decision.registration_ids, self.passed)
        self.assertIs(decision.with_user(self.user_officer).action_to_sign(), True)
        self.assertEqual(decision.state, "to_sign")
        self.assertEqual(decision.number, "01/QĐ-KTTV", "the first number of 2027, the year of its date")
        self.assertOpenActivity(decision, SIGN, self.user_manager)
        self.assertTracked(decision, "Draft", "To sign")

        with self.assertRaises(AccessError):
            decision.with_user(self.user_officer).action_sign()
        # The signer sees the amounts before signing: what signing will pay.
        decision.invalidate_recordset(["total_reward"])
        self.assertEqual(decision.with_user(self.user_manager).total_reward, 4_930_000)
        # ... and who is paid what: one row per exemplar, with the total.
        preview = decision.with_user(self.user_manager).reward_preview
        for registration in self.passed:
            self.assertIn(registration.display_name, preview)
        self.assertEqual(preview.count("<tr>"), len(self.passed) + 2, "a head, a row per exemplar, the total")
        self.assertIn("4,930,000", preview)
        notices_before = self._notices(decision, self.user_officer)
        self.assertIs(decision.with_user(self.user_manager).action_sign(), True)
        self.assertFalse(decision.reward_preview, "once signed, the payments tab tells what was paid")
        # TCCB's three activities of a signed decision come in one e-mail, not three.
        notice = self._notices(decision, self.user_officer) - notices_before
        self.assertEqual(len(notice), 1)
        self.assertTrue(notice.subject.startswith("3 new activities: "), notice.subject)
        for step in ("print", "pay", "publicise"):
            self.assertIn(self.env.ref(f"kttv_emulation.mail_act_decision_{step}").name, notice.subject)
        self.assertIn(decision.display_name, notice.body)
        self.assertTrue(self._messages(decision, "Signed: 3 exemplars recognised, 4,930,000 VND of rewards."))

        self.assertEqual(decision.state, "signed")
        self.assertEqual(decision.signer_id, self.user_manager)
        self.assertEqual(set(self.passed.mapped("state")), {"recognized"})
        self.assertEqual(set(self.passed.mapped("date_recognized")), {date(2027, 1, 15)})
        for registration in self.passed:
            self.assertTracked(registration, "Before the council", "Recognised")
            self.assertNoActivityAtAll(registration)
        # Each exemplar names its decision; its note is the state's change, with no text repeated 500 times.
        self.assertEqual(self.passed.recognition_decision_id, decision)
        # One sign activity, on the decision, done by who signed; none per dossier.
        self.assertFalse(self._open_activities_of(self.passed, self.user_manager))
        self.assertNoOpenActivity(decision, SIGN)
        self.assertEqual(self._activities(decision, SIGN).filtered(lambda a: not a.active).user_id, self.user_manager)
        self.assertEqual(
            self._open_activities(decision),
            {(f"kttv_emulation.mail_act_decision_{step}", self.user_officer) for step in ("print", "pay", "publicise")},
            "TCCB is asked to print, pay and publicise, and nothing else is open",
        )

        achievements = decision.achievement_ids
        self.assertEqual(len(achievements), 3)
        by_subject = {a._subject(): a for a in achievements}
        self.assertEqual(by_subject[self.unit_a].title_id, self.t_ttldtt)
        self.assertEqual(by_subject[self.emp_a].title_id, self.t_cstdcs)
        self.assertEqual(by_subject[self.emp_a_child].title_id, self.c_giay_khen)
        for achievement in achievements:
            self.assertEqual((achievement.year, achievement.source), (2027, "decision"))
            self.assertEqual(achievement.decision_number, "01/QĐ-KTTV")
            self.assertEqual(achievement.decision_date, date(2027, 1, 15))
            self.assertEqual(achievement.authority, "Cục trưởng Cục Khí tượng Thủy văn", "the head on its date")

        # Base salary on 15 January 2027: the test's own row, 2,340,000 VND.
        lines = decision.fund_line_ids
        amounts = {line.registration_id: line.amount for line in lines}
        self.assertEqual(amounts[self.collective], 1_880_000)  # TTLĐTT 0.8: 1,872,000 rounded up
        self.assertEqual(amounts[self.individual], 2_340_000)  # CSTĐCS 1.0
        self.assertEqual(amounts[self.station], 710_000)  # Giấy khen 0.3: 702,000 rounded up
        self.assertEqual(decision.total_reward, 4_930_000)
        fund = lines.fund_id
        self.assertEqual((fund.year, fund.level), (2027, "administration"))
        self.assertEqual(set(lines.mapped("kind")), {"reward"})
        self.assertEqual(fund.reward_paid, 4_930_000)
        self.assertEqual(fund.balance, -4_930_000, "no allocation yet")

    def test_amounts_follow_the_base_salary_in_force_on_the_decision_date(self):
        self.env["kttv.base.salary"].create({"date_from": "2027-03-01", "amount": 2_530_000})
        decision = self._decision(date="2027-03-02", number="3/QĐ-KTTV")
        decision.registration_ids = self.individual | self.station
        decision.with_user(self.user_manager).action_sign()
        amounts = {line.registration_id: line.amount for line in decision.fund_line_ids}
        self.assertEqual(amounts, {self.individual: 2_530_000, self.station: 760_000})  # 759,000 rounded up

    def test_a_copy_starts_empty_and_fetching_nothing_says_so(self):
        decision = self._decision()
        decision.with_user(self.user_officer).action_fetch_passed()
        decision.with_user(self.user_officer).action_to_sign()
        decision.with_user(self.user_manager).action_sign()
        copy = decision.with_user(self.user_officer).copy()
        self.assertEqual((copy.state, copy.number), ("draft", "/"))
        self.assertFalse(copy.registration_ids, "the signed decision's dossiers stay its own")
        with self.assertRaisesRegex(UserError, "Nothing to add to"):
            copy.with_user(self.user_officer).action_fetch_passed()
        self.assertFalse(copy.registration_ids)

    def test_an_ad_hoc_decision_writes_ad_hoc_awards_that_no_streak_counts(self):
        decision = self._decision()
        decision.with_user(self.user_officer).write({"award_kind": "ad_hoc"})
        decision.with_user(self.user_officer).action_fetch_passed()
        decision.with_user(self.user_officer).action_to_sign()
        decision.with_user(self.user_manager).action_sign()
        achievements = decision.achievement_ids
        self.assertEqual(set(achievements.mapped("award_kind")), {"ad_hoc"})
        cstdcs = achievements.filtered(lambda a: a.title_id == self.t_cstdcs)
        employee = cstdcs.employee_id
        Achievement = self.env["kttv.achievement"]
        self.assertEqual(Achievement._title_streaks(employee, self.t_cstdcs, cstdcs.year), {employee.id: 0})
        with self.assertRaisesRegex(UserError, "written by a signed decision"):
            cstdcs.with_user(self.user_officer).write({"award_kind": "merit"})

    def test_signer_is_who_signs_the_head_or_a_deputy(self):
        head = self._decision(signer_name="Tên gõ tay", signer_title="Chức danh gõ tay")
        head.registration_ids = self.collective
        head.with_user(self.user_manager).action_sign()
        self.assertEqual(
            (head.signer_id, head.signer_title, head.signer_on_behalf, head.signer_name),
            (self.user_manager, "Cục trưởng", False, "Tổng cục trưởng"),
            "the head signs as himself; the name is the signing user's, not the typed one",
        )
        report = self.env["report.kttv_emulation.report_decision"]
        self.assertEqual(report._signature(head), (["CỤC TRƯỞNG"], "Tổng cục trưởng"))

        deputy = self._decision(signer_name="Tên gõ tay")
        deputy.registration_ids = self.individual
        deputy.with_user(self.user_deputy).action_sign()
        self.assertEqual(
            (deputy.signer_id, deputy.signer_title, deputy.signer_on_behalf, deputy.signer_name),
            (self.user_deputy, "Phó Cục trưởng", "Cục trưởng", "Hoàng Minh Đức"),
            "a deputy signs on behalf of the head, under his employee's name",
        )
        self.assertEqual(report._signature(deputy), (["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"], "Hoàng Minh Đức"))

    def test_highest_title_only_across_decisions_of_the_year(self):
        # LĐTT 2027 for employee A was paid by an earlier decision of the year.
        earlier = self._decision(title_id=self.t_ldtt.id, number="1/QĐ-KTTV")
        earlier.registration_ids = self.individual
        earlier.with_user(self.user_manager).action_sign()
        self.assertEqual(earlier.fund_line_ids.amount, 710_000)
        later_registration = self._passed(self.t_cstdcs, phase=self._phase_2(), employee_id=self.emp_a.id)
        later = self._decision(number="2/QĐ-KTTV", date="2027-02-01")
        later.registration_ids = later_registration
        later.with_user(self.user_manager).action_sign()
        self.assertEqual(later.fund_line_ids.amount, 1_630_000, "CSTĐCS 2,340,000 less the LĐTT already paid")

    def test_a_title_and_a_commendation_are_both_paid(self):
        title = self._decision(number="1/QĐ-KTTV")
        title.registration_ids = self.individual
        title.with_user(self.user_manager).action_sign()
        commendation_registration = self._passed(self.c_giay_khen, phase=self._phase_2(), employee_id=self.emp_a.id)
        commendation = self._decision(number="2/QĐ-KTTV", date="2027-02-01")
        commendation.registration_ids = commendation_registration
        commendation.with_user(self.user_manager).action_sign()
        self.assertEqual(title.fund_line_ids.amount, 2_340_000)
        self.assertEqual(commendation.fund_line_ids.amount, 710_000, "a commendation is paid on top of a title")
        achievements = self.env["kttv.achievement"].search([("employee_id", "=", self.emp_a.id), ("year", "=", 2027)])
        self.assertEqual(achievements.title_id, self.t_cstdcs | self.c_giay_khen)
        self.assertEqual(title.fund_line_ids.fund_id.reward_paid, 3_050_000)

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
        self._cancel(decision, self.user_manager)
        self.assertEqual(decision.state, "cancelled")
        self.assertEqual(decision.cancel_reason, "Sai sót trong danh sách.")
        self.assertEqual(set(self.passed.mapped("state")), {"council"})
        self.assertFalse(any(self.passed.mapped("date_recognized")))
        self.assertFalse(self.passed.recognition_decision_id)
        self.assertFalse(achievements.exists())
        self.assertTrue(all(decision.fund_line_ids.mapped("cancelled")))
        self.assertEqual((fund.reward_paid, fund.balance), (0, 0))
        # The sign and follow-up activities of the decision are withdrawn, and
        # nobody is asked to sign a dossier: a new decision will be.
        self.assertFalse(self._open_activities(decision))
        self.assertFalse(self._open_activities_of(self.passed, self.user_manager))
        for registration in self.passed:
            # Back before the council: the next decision sent for signature asks the Director General.
            self.assertNoActivityAtAll(registration)
            self.assertTracked(registration, "Recognised", "Before the council")
            self.assertTrue(self._messages(registration, f"Decision {decision.number} was cancelled: Sai sót"))
        # The same dossiers can be recognised again by a new decision.
        again = self._decision(number="99/QĐ-KTTV")
        again.with_user(self.user_officer).action_fetch_passed()
        self.assertEqual(again.registration_ids, self.passed)

    def test_cancelling_the_lower_title_first_is_refused(self):
        earlier = self._decision(title_id=self.t_ldtt.id, number="1/QĐ-KTTV")
        earlier.registration_ids = self.individual
        earlier.with_user(self.user_manager).action_sign()
        later_registration = self._passed(self.t_cstdcs, phase=self._phase_2(), employee_id=self.emp_a.id)
        later = self._decision(number="2/QĐ-KTTV", date="2027-02-01")
        later.registration_ids = later_registration
        later.with_user(self.user_manager).action_sign()

        # The later decision paid only 1,630,000: cancelling the earlier one would underpay.
        with self.assertRaisesRegex(UserError, r"later decision 2/QĐ-KTTV paid Nguyễn Văn Ánh only the difference"):
            self._cancel(earlier, self.user_manager)
        self.assertEqual(earlier.state, "signed")
        self.assertEqual(self.individual.state, "recognized")
        self.assertFalse(any(earlier.fund_line_ids.mapped("cancelled")))
        # In the other order, each step leaves the right amounts behind.
        self._cancel(later, self.user_manager)
        self._cancel(earlier, self.user_manager)
        self.assertEqual((earlier.state, later.state), ("cancelled", "cancelled"))
        self.assertEqual((self.individual.state, later_registration.state), ("council", "council"))
        self.assertEqual(earlier.fund_line_ids.fund_id.reward_paid, 0)

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
        draft = self._decision(number="77/QĐ-KTTV")
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
        self.assertEqual((decision.state, decision.number), ("draft", "/"))

    def test_the_title_granted_is_one_the_council_could_vote(self):
        # A collective cannot receive an individual title.
        decision = self._decision(title_id=self.t_cstdcs.id)
        decision.registration_ids = self.collective
        with self.assertRaisesRegex(UserError, "Đài Khí tượng Thủy văn A.*cannot receive Chiến sĩ thi đua cơ sở"):
            decision.with_user(self.user_officer).action_to_sign()
        with self.assertRaisesRegex(UserError, "not granted to a collective"):
            decision.with_user(self.user_manager).action_sign()
        self.assertEqual((decision.state, self.collective.state), ("draft", "council"))

        # A Giấy khen passed with 2 of 3 members (66.67%): a CSTĐCS needs 80% in a secret vote.
        dung = self._passed(self.c_giay_khen, approvals=2, employee_id=self.emp_self.id)
        self.assertAlmostEqual(dung.vote_percent, 66.67, places=2)
        decision = self._decision(title_id=self.t_cstdcs.id)
        decision.registration_ids = dung
        with self.assertRaisesRegex(UserError, r"Phạm Thị Dung.*66[.,]67%.*needs 80[.,]00%"):
            decision.with_user(self.user_manager).action_sign()
        self.assertEqual((decision.state, dung.state), ("draft", "council"))
        self.assertFalse(decision.achievement_ids)
        # A title with no secret vote (LĐTT) may be granted instead.
        decision.with_user(self.user_officer).write({"title_id": self.t_ldtt.id})
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.achievement_ids.title_id, self.t_ldtt)

    def test_signing_is_for_the_director_generals_group_only(self):
        decision = self._decision()
        decision.registration_ids = self.passed
        for user in (self.user_unit_a, self.user_council, self.user_officer, self.user_employee):
            with self.assertRaises(AccessError):
                decision.with_user(user).action_sign()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.achievement_ids)


@tagged("post_install", "-at_install")
class TestDecisionGuards(KttvDecisionCase):
    def test_workflow_fields_are_never_created_by_a_client(self):
        Decision = self.env["kttv.emulation.decision"].with_user(self.user_officer)
        base = {"date": "2027-01-15", "subject": "x", "registration_ids": [Command.set(self.passed.ids)]}
        for vals in (
            {"state": "signed"},
            {"state": "to_sign"},
            {"signer_id": self.user_manager.id},
            {"signed_on": "2027-01-15 08:00:00"},
            {"cancel_reason": "x"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "created as a draft"):
                Decision.create({**base, **vals})
        # Not even by the Director General: he signs with the button.
        with self.assertRaisesRegex(UserError, "created as a draft"):
            self.env["kttv.emulation.decision"].with_user(self.user_manager).create({**base, "state": "signed"})
        self.assertEqual(set(self.passed.mapped("state")), {"council"})
        self.assertFalse(self.env["kttv.achievement"].search([("registration_id", "in", self.passed.ids)]))
        draft = Decision.create({**base, "state": "draft"})
        self.assertEqual(draft.state, "draft")

    def test_a_decision_waiting_for_its_signature_is_locked(self):
        decision = self._decision()
        decision.registration_ids = self.passed
        decision.with_user(self.user_officer).action_to_sign()
        for vals in (
            {"subject": "khác"},
            {"registration_ids": [Command.unlink(self.station.id)]},
            {"title_id": self.t_ldtt.id},
            {"date": "2027-02-01"},
            {"number_entry": "5/QĐ-KTTV"},
            {"signer_name": "Người khác"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "waiting for its signature"):
                decision.with_user(self.user_officer).write(vals)
        for vals in ({"state": "signed"}, {"signer_id": self.user_officer.id}, {"signed_on": "2027-01-16"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "Use the buttons"):
                decision.with_user(self.user_manager).write(vals)
        # Numbered when sent for signature: in the register from then on (issue 11).
        with self.assertRaisesRegex(UserError, "cannot be deleted, only cancelled"):
            decision.with_user(self.user_officer).unlink()
        self.assertEqual((decision.state, decision.registration_ids), ("to_sign", self.passed))
        # Back to draft, the officer may change it again; the number it took stays.
        self.assertIs(decision.with_user(self.user_officer).action_reset_to_draft(), True)
        self.assertFalse(self._open_activities(decision), "the sign activity is withdrawn")
        self.assertFalse(self._activities(decision, SIGN), "withdrawn, not marked done")
        decision.with_user(self.user_officer).write({"registration_ids": [Command.unlink(self.station.id)]})
        self.assertEqual((decision.state, decision.number), ("draft", "01/QĐ-KTTV"))


@tagged("post_install", "-at_install")
class TestDecisionNumbers(KttvDecisionCase):
    def test_a_number_used_this_year_by_the_same_authority_is_refused(self):
        self._decision(number="15/QĐ-KTTV")
        count = self.env["kttv.emulation.decision"].search_count([])
        with self.assertRaisesRegex(ValidationError, "15/QĐ-KTTV is already used in 2027"), self.env.cr.savepoint():
            self._decision(number="15/QĐ-KTTV", date="2027-06-01")
        self.assertEqual(self.env["kttv.emulation.decision"].search_count([]), count)
        # Another year, or another authority: allowed.
        self._decision(number="15/QĐ-KTTV", date="2028-01-10")
        self._decision(number="15/QĐ-KTTV", authority="ministry")
        other = self._decision(number="16/QĐ-KTTV")
        with self.assertRaisesRegex(ValidationError, "already used"):
            other.with_user(self.user_officer).write({"number_entry": "15/QĐ-KTTV"})

    def test_a_new_form_takes_no_number(self):
        sequence = self.env.ref(DECISION_SEQUENCE)
        self.assertEqual((sequence.padding, sequence.implementation), (2, "no_gap"))
        with Form(self.env["kttv.emulation.decision"].with_user(self.user_officer)) as form:
            self.assertFalse(form.number_entry, "the form shows an empty number, 'New'")
            form.date = date(2029, 3, 1)
            form.subject = "Về việc công nhận điển hình tiên tiến (đợt 1)"
        first = form.record
        self.assertEqual((first.number, first.display_name), ("/", "New"))
        # A draft deleted leaves no gap: it never held a number.
        dropped = self._decision(date="2029-01-10")
        dropped.unlink()
        self.assertFalse(sequence.date_range_ids.filtered(lambda r: r.date_from.year == 2029))
        first.registration_ids = self.individual
        second = self._decision(date="2029-02-01", registration_ids=[Command.set(self.station.ids)])
        # Numbered in the order they are sent for signature, in the year of their own date.
        first.with_user(self.user_officer).action_to_sign()
        second.with_user(self.user_officer).action_to_sign()
        self.assertEqual((first.number, second.number), ("01/QĐ-KTTV", "02/QĐ-KTTV"))
        other_year = self._decision(date="2026-12-01", registration_ids=[Command.set(self.collective.ids)])
        other_year.with_user(self.user_manager).action_sign()
        self.assertEqual(other_year.number, "01/QĐ-KTTV", "signed without being sent: numbered when signed")

    def test_a_typed_number_stays_as_typed_and_is_skipped_by_the_sequence(self):
        typed = self._decision(date="2029-01-10", number_entry="01/QĐ-KTTV")
        typed.registration_ids = self.individual
        numbered = self._decision(date="2029-02-10", registration_ids=[Command.set(self.station.ids)])
        typed.with_user(self.user_officer).action_to_sign()
        numbered.with_user(self.user_officer).action_to_sign()
        self.assertEqual((typed.number, numbered.number), ("01/QĐ-KTTV", "02/QĐ-KTTV"))
        # A number typed after the sequence gave it is refused.
        with self.assertRaisesRegex(ValidationError, "02/QĐ-KTTV is already used in 2029"):
            self._decision(date="2029-03-10", number_entry="02/QĐ-KTTV")

    def test_an_existing_database_gets_the_new_numbering_on_update(self):
        sequence = self.env.ref(DECISION_SEQUENCE)
        # As created by the first version: one digit, PostgreSQL sequences (gaps on rollback).
        sequence.write({"padding": 1, "implementation": "standard"})
        Sequence = self.env["ir.sequence"]
        self.assertEqual(Sequence.next_by_code("kttv.emulation.decision", sequence_date=date(2031, 5, 1)), "1")
        self.assertEqual(Sequence.next_by_code("kttv.emulation.decision", sequence_date=date(2031, 6, 1)), "2")
        self.env["kttv.emulation.decision"]._kttv_update_sequences()
        self.assertEqual((sequence.padding, sequence.implementation), (2, "no_gap"))
        self.assertEqual(
            Sequence.next_by_code("kttv.emulation.decision", sequence_date=date(2031, 7, 1)),
            "03",
            "the numbers already given in 2031 are not given again",
        )
        self.env["kttv.emulation.decision"]._kttv_update_sequences()
        self.assertEqual(sequence.padding, 2, "running it again changes nothing")

    def test_the_proposal_takes_its_number_when_sent(self):
        decision = self._decision(number="1/QĐ-KTTV")
        decision.registration_ids = self.passed
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(self.env.ref(PROPOSAL_SEQUENCE).padding, 2)
        first = self._proposal(self.collective, date="2029-02-20")
        self.assertEqual((first.number, first.display_name), ("/", "New"))
        typed = self._proposal(self.individual, date="2029-03-01", number_entry="07/TTr-KTTV")
        second = self._proposal(self.station, date="2029-04-01")
        for proposal in (first, typed, second):
            proposal.with_user(self.user_officer).action_send()
        self.assertEqual((first.number, typed.number, second.number), ("01/TTr-KTTV", "07/TTr-KTTV", "02/TTr-KTTV"))
        with self.assertRaisesRegex(ValidationError, "01/TTr-KTTV is already used in 2029"):
            self._proposal(self.station, date="2029-09-01", number_entry="01/TTr-KTTV")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            first.with_user(self.user_officer).write({"subject": "khác"})


@tagged("post_install", "-at_install")
class TestLegalBasis(KttvDecisionCase):
    def test_the_decree_cited_follows_the_decision_date(self):
        before = self._decision(date="2025-01-15")
        self.assertIn("98/2023/NĐ-CP", before.basis)
        self.assertNotIn("152/2025", before.basis)
        after = self._decision(date="2025-08-01")
        self.assertIn("152/2025/NĐ-CP", after.basis)
        self.assertNotIn("98/2023", after.basis)
        # Grounds edited by hand keep their wording when the date moves; the decree follows it.
        after.with_user(self.user_officer).write({"basis": after.basis + "\nTờ trình số 12/TTr-TCCB của Vụ TCCB;"})
        after.with_user(self.user_officer).write({"date": "2025-06-30"})
        self.assertIn("98/2023/NĐ-CP", after.basis)
        self.assertIn("Tờ trình số 12/TTr-TCCB", after.basis)
        self.assertNotIn("152/2025", after.basis)


@tagged("post_install", "-at_install")
class TestMinistryProposal(KttvDecisionCase):
    def setUp(self):
        super().setUp()
        self.decision = self._decision()
        self.decision.registration_ids = self.passed
        self.decision.with_user(self.user_manager).action_sign()
        self.proposed = self.collective | self.individual
        self.admin_achievements = self.decision.achievement_ids
        self.admin_lines = self.decision.fund_line_ids

    def test_propose_then_record_the_ministrys_decision(self):
        proposal = self._proposal(self.proposed)
        for user in (self.user_unit_a, self.user_council):
            with self.assertRaises(AccessError):
                proposal.with_user(user).action_send()
        proposal.with_user(self.user_officer).action_send()
        self.assertEqual(proposal.number, "01/TTr-KTTV")
        self.assertEqual(self.proposed.mapped("state"), ["ministry_proposed"] * 2)
        self.assertEqual(self.station.state, "recognized")

        for user in (self.user_unit_a, self.user_council):
            with self.assertRaises(AccessError):
                proposal.with_user(user).action_record_decision()
        action = proposal.with_user(self.user_officer).action_record_decision()
        ministry = self.env["kttv.emulation.decision"].browse(action["res_id"])
        self.assertEqual((ministry.authority, ministry.title_id), ("ministry", self.c_bang_khen_bo))
        with self.assertRaisesRegex(UserError, "Enter the number"):
            ministry.with_user(self.user_officer).action_sign()
        # The Ministry recognised only the collective.
        ministry.with_user(self.user_officer).write(
            {
                "number_entry": "1234/QĐ-BTNMT",
                "date": "2027-04-20",
                "signer_name": "Đỗ Đức Duy",
                "signer_title": "Bộ trưởng Bộ Tài nguyên và Môi trường",
                "registration_ids": [Command.set(self.collective.ids)],
            }
        )
        for user in (self.user_unit_a, self.user_council):
            with self.assertRaises(AccessError):
                ministry.with_user(user).action_sign()
        ministry.with_user(self.user_officer).action_sign()
        self.assertEqual(ministry.number, "1234/QĐ-BTNMT", "the Ministry's number, as typed")
        self.assertEqual(self.collective.state, "ministry_recognized")
        self.assertEqual(self.individual.state, "recognized", "left out by the Ministry")
        self.assertEqual(
            (self.collective.recognition_decision_id, self.individual.recognition_decision_id),
            (ministry, self.decision),
        )
        self.assertEqual(self.collective.date_recognized, date(2027, 4, 20))
        self.assertEqual(proposal.state, "decided")
        achievement = ministry.achievement_ids
        self.assertEqual(
            (achievement.title_id, achievement.authority),
            (self.c_bang_khen_bo, "Bộ trưởng Bộ Tài nguyên và Môi trường"),
        )
        self.assertEqual(ministry.fund_line_ids.amount, 7_020_000, "Bằng khen cấp bộ for a collective: 3.0")
        self.assertEqual(ministry.fund_line_ids.fund_id.level, "ministry")

    def test_the_migration_names_the_latest_signed_decision(self):
        """18.0.1.3.0: exemplars recognised before it get their decision, the Ministry's over the Administration's."""
        proposal = self._proposal(self.proposed)
        proposal.with_user(self.user_officer).action_send()
        ministry = self._ministry_decision(proposal, self.collective)
        self.env.flush_all()
        self.env.cr.execute("UPDATE kttv_exemplar_registration SET recognition_decision_id = NULL")
        self.env.invalidate_all()
        path = os.path.join(
            get_module_path("kttv_emulation"), "migrations", "18.0.1.3.0", "post-recognition-decision.py"
        )
        spec = importlib.util.spec_from_file_location("kttv_post_recognition_decision", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        for _run in range(2):
            migration.migrate(self.env.cr, "18.0.1.2.0")
            self.env.invalidate_all()
            self.assertEqual(self.collective.recognition_decision_id, ministry)
            self.assertEqual((self.individual | self.station).recognition_decision_id, self.decision)

    def test_the_administrations_decision_is_not_cancelled_under_the_ministry(self):
        proposal = self._proposal(self.proposed)
        proposal.with_user(self.user_officer).action_send()
        with self.assertRaisesRegex(
            UserError, r"Ánh.*went on to the Ministry. Cancel first the proposal 01/TTr-KTTV"
        ) as caught:
            self._cancel(self.decision, self.user_manager)
        self.assertIn("Đài Khí tượng Thủy văn A", str(caught.exception))
        ministry = self._ministry_decision(proposal, self.collective)
        with self.assertRaisesRegex(
            UserError, r"Cancel first the Ministry's decision 1234/QĐ-BTNMT, the proposal 01/TTr-KTTV"
        ):
            self._cancel(self.decision, self.user_manager)
        # Nothing was undone.
        self.assertEqual(self.decision.state, "signed")
        self.assertEqual((self.collective.state, self.individual.state), ("ministry_recognized", "recognized"))
        self.assertEqual(self.decision.achievement_ids, self.admin_achievements)
        self.assertFalse(any(self.admin_lines.mapped("cancelled")))
        self.assertEqual(ministry.state, "signed")

    def test_cancelling_the_ministrys_decision_reopens_the_proposal(self):
        proposal = self._proposal(self.proposed)
        proposal.with_user(self.user_officer).action_send()
        ministry = self._ministry_decision(proposal, self.collective)
        ministry_line = ministry.fund_line_ids
        self.assertEqual(ministry_line.fund_id.reward_paid, 7_020_000)
        with self.assertRaises(AccessError):
            ministry.with_user(self.user_unit_a).action_cancel()

        self._cancel(ministry, self.user_officer, reason="Ghi nhận nhầm quyết định của Bộ.")
        self.assertEqual(ministry.state, "cancelled")
        self.assertEqual(proposal.state, "sent", "the proposal waits for the Ministry's decision again")
        self.assertEqual(self.proposed.mapped("state"), ["ministry_proposed"] * 2, "the left-out one included")
        # Still recognised by the Administration, from its decision's date.
        self.assertEqual(self.proposed.recognition_decision_id, self.decision)
        self.assertEqual(set(self.proposed.mapped("date_recognized")), {self.decision.date})
        self.assertIn(
            "Ghi nhận nhầm quyết định của Bộ.", self.collective.message_ids[:1].body, "the reason, on the exemplar"
        )
        self.assertFalse(ministry.achievement_ids)
        self.assertFalse(
            self.env["kttv.achievement"].search(
                [("title_id", "=", self.c_bang_khen_bo.id), ("registration_id", "in", self.proposed.ids)]
            )
        )
        self.assertTrue(ministry_line.cancelled)
        self.assertEqual(ministry_line.fund_id.reward_paid, 0)
        # The Administration's recognition is untouched.
        self.assertEqual(self.decision.achievement_ids, self.admin_achievements)
        self.assertFalse(any(self.admin_lines.mapped("cancelled")))

        # The proposal gets its decision again: now both are recognised.
        again = self._ministry_decision(proposal, self.proposed, number="1301/QĐ-BTNMT")
        self.assertEqual(proposal.state, "decided")
        self.assertEqual(self.proposed.mapped("state"), ["ministry_recognized"] * 2)
        self.assertEqual(len(again.achievement_ids), 2)
        self.assertEqual(sum(again.fund_line_ids.mapped("amount")), 7_020_000 + 3_510_000)

        # All the way back: the Ministry's decision, the proposal, the Administration's decision.
        self._cancel(again, self.user_officer)
        with self.assertRaisesRegex(UserError, "went on to the Ministry"):
            self._cancel(self.decision, self.user_manager)
        proposal.with_user(self.user_officer).action_cancel()
        self.assertEqual(proposal.state, "cancelled")
        self.assertEqual(self.proposed.mapped("state"), ["recognized"] * 2)
        self._cancel(self.decision, self.user_manager)
        self.assertEqual(set(self.passed.mapped("state")), {"council"})
        self.assertFalse(self.admin_achievements.exists())
        self.assertTrue(all(self.admin_lines.mapped("cancelled")))
        funds = (self.admin_lines | again.fund_line_ids).fund_id
        self.assertEqual(funds.mapped("reward_paid"), [0, 0])

    def test_a_left_out_exemplar_proposed_again_blocks_the_cancel(self):
        proposal = self._proposal(self.proposed)
        proposal.with_user(self.user_officer).action_send()
        ministry = self._ministry_decision(proposal, self.collective)
        # The individual, left out, is proposed again in a new proposal.
        self._proposal(self.individual).with_user(self.user_officer).action_send()
        with self.assertRaisesRegex(UserError, r"Nguyễn Văn Ánh.*left out by it, have changed since"):
            self._cancel(ministry, self.user_officer)
        self.assertEqual((ministry.state, proposal.state), ("signed", "decided"))
        self.assertEqual(self.collective.state, "ministry_recognized")


@tagged("post_install", "-at_install")
class TestRegister(KttvDecisionCase):
    """Issue 11, point 4: a number once given is never lost from the register."""

    def test_a_numbered_decision_is_never_deleted_and_the_next_takes_the_next_number(self):
        first = self._decision(registration_ids=[Command.set(self.individual.ids)])
        first.with_user(self.user_officer).action_to_sign()
        self.assertEqual((first.number, first.number_issued), ("01/QĐ-KTTV", True))
        # Put back to draft, it keeps its number and stays in the register.
        first.with_user(self.user_officer).action_reset_to_draft()
        self.assertEqual((first.state, first.number), ("draft", "01/QĐ-KTTV"))
        for user in (self.user_officer, self.user_manager):
            with self.assertRaisesRegex(UserError, "01/QĐ-KTTV has been issued under its number: it cannot be deleted"):
                first.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            first.sudo().unlink()
        # Its number, the year of its date and its authority no longer change; the rest of the draft does.
        for vals in (
            {"number_entry": "05/QĐ-KTTV"},
            {"number_entry": False},
            {"date": "2028-01-10"},
            {"authority": "ministry"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "in the register under its number"):
                first.with_user(self.user_officer).write(vals)
        first.with_user(self.user_officer).write({"date": "2027-02-01", "subject": "Về việc công nhận (sửa)"})
        self.assertEqual(first.number, "01/QĐ-KTTV")
        # Only cancelled, with a reason: it is still there, under its number.
        self._cancel(first, self.user_officer, reason="Ban hành nhầm danh sách.")
        self.assertEqual(
            (first.state, first.number, first.cancel_reason), ("cancelled", "01/QĐ-KTTV", "Ban hành nhầm danh sách.")
        )
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            first.sudo().unlink()
        # The next decision takes the next number: no gap, no number twice.
        second = self._decision(registration_ids=[Command.set(self.station.ids)])
        second.with_user(self.user_officer).action_to_sign()
        self.assertEqual(second.number, "02/QĐ-KTTV")
        self.assertEqual((first | second).exists(), first | second)

    def test_cancelling_a_decision_waiting_for_its_signature_withdraws_the_sign_activity(self):
        decision = self._decision(registration_ids=[Command.set(self.passed.ids)])
        decision.with_user(self.user_officer).action_to_sign()
        self.assertOpenActivity(decision, SIGN, self.user_manager)
        self._cancel(decision, self.user_officer, reason="Trình nhầm danh sách.")
        self.assertEqual((decision.state, decision.number), ("cancelled", "01/QĐ-KTTV"))
        self.assertFalse(self._activities(decision, SIGN), "withdrawn, not marked done")
        self.assertEqual(set(self.passed.mapped("state")), {"council"}, "never signed: the dossiers did not move")
        self.assertTrue(self._messages(decision, "Cancelled: Trình nhầm danh sách."))

    def test_a_signed_decision_is_never_deleted_even_by_the_superuser(self):
        decision = self._decision()
        decision.registration_ids = self.passed
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.number, "01/QĐ-KTTV", "signed without being sent: numbered when signed")
        with self.assertRaisesRegex(UserError, "cannot be deleted, only cancelled"):
            decision.sudo().unlink()
        self._cancel(decision, self.user_manager)
        with self.assertRaisesRegex(UserError, "cannot be deleted, only cancelled"):
            decision.sudo().unlink()
        self.assertTrue(decision.exists())

    def test_a_numbered_proposal_is_never_deleted_and_the_next_takes_the_next_number(self):
        decision = self._decision(number="1/QĐ-KTTV")
        decision.registration_ids = self.passed
        decision.with_user(self.user_manager).action_sign()
        first = self._proposal(self.collective, date="2027-02-01")
        never_sent = self._proposal(self.individual, date="2027-02-02")
        self.assertIs(first.with_user(self.user_officer).action_send(), True)
        self.assertEqual((first.number, first.number_issued), ("01/TTr-KTTV", True))
        with self.assertRaisesRegex(UserError, "01/TTr-KTTV has been sent to the Ministry: it cannot be deleted"):
            first.with_user(self.user_officer).unlink()
        self.assertIs(first.with_user(self.user_officer).action_cancel(), True)
        self.assertEqual((first.state, first.number, self.collective.state), ("cancelled", "01/TTr-KTTV", "recognized"))
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            first.sudo().unlink()
        # A draft never sent holds no number: it may go.
        never_sent.with_user(self.user_officer).unlink()
        second = self._proposal(self.station, date="2027-03-01")
        second.with_user(self.user_officer).action_send()
        self.assertEqual(second.number, "02/TTr-KTTV")
        self.assertTrue(first.exists())

    def test_refusals_and_window_titles_speak_the_users_language(self):
        other = self._register(self.user_unit_a, employee_id=self.emp_self.id)
        decision = self._decision()
        decision.registration_ids = self.individual | other
        as_officer = decision.with_user(self.user_officer).with_context(lang="vi_VN")
        with self.assertRaises(UserError) as caught:
            as_officer.action_to_sign()
        message = str(caught.exception)
        self.assertIn("Dự thảo", message, "the registration's state, translated")
        self.assertNotIn("Draft", message)
        self.assertNotIn("cannot be recognised", message)
        decision.registration_ids = self.individual
        action = as_officer.action_cancel()
        self.assertNotEqual(action["name"], "Cancel the decision")
        self.assertIs(as_officer.action_to_sign(), True)
        with self.assertRaises(UserError) as caught:
            as_officer.action_to_sign()
        self.assertNotIn("is not a draft", str(caught.exception))
