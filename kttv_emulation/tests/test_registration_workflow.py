import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import COUNCIL, OFFICER, KttvCase

PDF = base64.b64encode(b"%PDF-1.4 dossier")
# One vote activity per member per council session (not per dossier), on the session.
SESSION_VOTE = "kttv_emulation.mail_act_council_session_vote"


class KttvWorkflowCase(KttvCase):
    """A test plan (not the seeded one), three council members, some history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.kttv_director_id = cls.user_manager
        cls.members = cls.env["res.users"]
        for index in range(3):
            cls.members |= new_test_user(
                cls.env, f"kttv_t_member_{index}", groups=COUNCIL, name=f"Ủy viên Hội đồng {index + 1}"
            )
        cls.user_council = cls.members[0]
        cls.user_secretary = new_test_user(cls.env, "kttv_t_secretary", groups=OFFICER, name="Thư ký Hội đồng")
        criteria = cls.env.ref("kttv_emulation.plan_2021_2025").criterion_ids
        cls.plan = cls.env["kttv.exemplar.plan"].create(
            {
                "name": "Kế hoạch xây dựng điển hình tiên tiến 2026-2030 (kiểm thử)",
                "year_start": 2026,
                "year_end": 2030,
                "officer_id": cls.user_officer.id,
                "criterion_ids": [Command.set(criteria.ids)],
            }
        )
        cls.phase = cls.env["kttv.exemplar.phase"].create(
            {
                "plan_id": cls.plan.id,
                "name": "Giai đoạn 1 (2026-2028)",
                "date_start": "2026-01-01",
                "date_end": "2028-12-31",
                "registration_deadline": "2026-09-30",
                "assessed_year_from": 2023,
                "assessed_year_to": 2024,
            }
        )
        for year in (2023, 2024):
            cls._rating(cls.emp_a, year, "excellent")
            cls._achievement(cls.emp_a, year, cls.t_cstdcs)
            cls._achievement(cls.unit_a, year, cls.t_ttldxs)
        cls._achievement(cls.emp_a_child, 2024, cls.t_cstdcs)

    def _register(self, user, **vals):
        Registration = self.env["kttv.exemplar.registration"].with_user(user)
        registration = Registration.create(
            {
                "phase_id": self.phase.id,
                "registering_unit_id": self.unit_a.id,
                "model_summary": "Mô hình dự báo mưa lớn bằng tổ hợp số liệu ra đa.",
                **vals,
            }
        )
        self._flush_tracking()
        return registration

    def _flush_tracking(self):
        """Run the pre-commit hook, as the end of a request would.

        mail.thread records a state change only for records that existed when
        the transaction began; each click of a user is its own transaction.
        """
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _activities(self, record, xmlid):
        activity_type = self.env.ref(xmlid)
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )

    def assertOpenActivity(self, record, xmlid, users):
        """``users`` have this activity open on the record, and nobody has any other."""
        open_ = self._activities(record, xmlid).filtered("active")
        self.assertEqual(open_.user_id, users, f"open {xmlid} activities of {record.display_name}")
        self.assertEqual(len(open_), len(users), f"one {xmlid} activity per user")
        others = self.env["mail.activity"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id), ("id", "not in", open_.ids)]
        )
        self.assertFalse(others, f"no other open activity on {record.display_name}: {others.mapped('summary')}")

    def assertNoOpenActivity(self, record, xmlid):
        self.assertFalse(self._activities(record, xmlid).filtered("active"), f"no open {xmlid}")

    def assertNoActivityAtAll(self, record):
        """Nobody has an open activity on the record."""
        others = self.env["mail.activity"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])
        self.assertFalse(others, f"no open activity on {record.display_name}: {others.mapped('summary')}")

    def assertSessionVote(self, session, users):
        """``users`` have one open vote activity each on the session, for all its dossiers; nobody else."""
        open_ = self._activities(session, SESSION_VOTE).filtered("active")
        self.assertEqual(open_.user_id, users, f"open vote activities of {session.display_name}")
        self.assertEqual(len(open_), len(users), "one vote activity per member and session")

    def assertTracked(self, record, old, new):
        self._flush_tracking()
        values = record.sudo().message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "state")
        self.assertTrue(
            values.filtered(lambda v: v.old_value_char == old and v.new_value_char == new),
            f"chatter shows {old} → {new}",
        )

    def _decide_manual_criteria(self, registration):
        lines = registration.criterion_line_ids.filtered(lambda line: line.result == "pending")
        lines.with_user(self.user_officer).write({"review_result": "pass", "evidence_note": "Đã kiểm tra hồ sơ."})

    def _nominate(self, registration, user):
        registration.with_user(user).write(
            {
                "achievement_report": PDF,
                "achievement_report_name": "bao-cao-thanh-tich.pdf",
                "unit_minutes": PDF,
                "unit_minutes_name": "bien-ban-binh-xet.pdf",
                "unit_vote_approve": 18,
                "unit_vote_total": 20,
            }
        )
        registration.with_user(user).action_nominate()

    def _session(self, **vals):
        return (
            self.env["kttv.council.session"]
            .with_user(self.user_secretary)
            .create(
                {
                    "name": "Phiên họp Hội đồng TĐKT (kiểm thử)",
                    "phase_id": self.phase.id,
                    "secretary_id": self.user_secretary.id,
                    "member_ids": [Command.set(self.members.ids)],
                    **vals,
                }
            )
        )

    def _vote(self, registration, member, vote="approve", written=False, by=None):
        return (
            self.env["kttv.council.vote"]
            .with_user(by or member)
            .create(
                {
                    "session_id": registration.council_session_id.id,
                    "registration_id": registration.id,
                    "member_id": member.id,
                    "vote": vote,
                    "written": written,
                }
            )
        )

    def _to_council(self, registrations, session):
        """Drive registrations from draft to the council, as the roles do."""
        for registration in registrations:
            registration.with_user(self.user_unit_a).action_submit()
            registration.with_user(self.user_officer).action_accept()
            registration.with_user(self.user_unit_a).write({"title_id": self._title_for(registration).id})
            self._nominate(registration, self.user_unit_a)
            self._decide_manual_criteria(registration)
            registration.with_user(self.user_officer).write({"council_session_id": session.id})
            registration.with_user(self.user_officer).action_send_to_council()
            self._flush_tracking()

    def _cast_ballot(self, session, user, vote="approve", written=False, comment=False):
        """A member's ballot (or an absent member's, through the secretary), every dossier chosen at once."""
        session = session.with_user(user)
        action = session.action_record_written_vote() if written else session.action_open_ballot()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"]).create({})
        wizard.line_ids.write({"vote": vote, "comment": comment})
        return wizard.action_confirm()

    def _title_for(self, registration):
        return self.t_ttldxs if registration.target == "collective" else self.t_cstdcs


@tagged("post_install", "-at_install")
class TestRegistrationWorkflow(KttvWorkflowCase):
    def test_whole_path_with_one_user_per_role(self):
        unit, officer = self.user_unit_a, self.user_officer

        # 1. A unit officer registers a collective and an individual.
        collective = self._register(unit, target="collective", department_id=self.unit_a.id, scope="comprehensive")
        individual = self._register(
            unit, employee_id=self.emp_a.id, scope="specific", scope_aspects="Dự báo mưa lớn", field_of_work="Dự báo"
        )
        both = collective | individual
        self.assertEqual(both.mapped("state"), ["draft", "draft"])
        self.assertEqual((collective.target, individual.target), ("collective", "individual"))
        self.assertEqual(collective.user_id, unit, "the unit officer follows the registration")
        for registration in both:
            self._flush_tracking()
            self.assertTrue(registration.sudo().message_ids, "the chatter records the registration")
            self.assertFalse(
                self.env["mail.activity"].search(
                    [("res_model", "=", registration._name), ("res_id", "=", registration.id)]
                )
            )
        codes = set(individual.criterion_line_ids.criterion_id.mapped("code"))
        self.assertEqual(codes, {"C1", "C2", "C3", "CN1", "CN2", "CN3", "CN4", "CN5", "LD1"})
        self.assertEqual(len(collective.criterion_line_ids), 9, "3 general + 6 collective criteria")
        line = individual.criterion_line_ids.filtered(lambda line: line.criterion_id.code == "CN5")
        self.assertEqual((line.rule_result, line.result), ("pass", "pass"))
        line = collective.criterion_line_ids.filtered(lambda line: line.criterion_id.code == "TT6")
        self.assertEqual((line.rule_result, line.result), ("pass", "pending"), "TT6 needs a reviewer too")

        # 2. Submit: TCCB's officer in charge is asked to review.
        both.with_user(unit).action_submit()
        self.assertEqual(both.mapped("state"), ["submitted", "submitted"])
        for registration in both:
            self.assertTracked(registration, "Draft", "Submitted")
            self.assertOpenActivity(registration, "kttv_emulation.mail_act_registration_review", officer)

        # 3. TCCB accepts for nurturing: the review is done, the unit is asked to nurture.
        both.with_user(officer).action_accept()
        for registration in both:
            self.assertEqual(registration.state, "nurturing")
            self.assertTracked(registration, "Submitted", "Nurturing")
            self.assertNoOpenActivity(registration, "kttv_emulation.mail_act_registration_review")
            done = self._activities(registration, "kttv_emulation.mail_act_registration_review")
            self.assertTrue(done and not done.active, "the review activity is marked done, not deleted")
            self.assertOpenActivity(registration, "kttv_emulation.mail_act_registration_nurture", unit)

        # 4. A nurturing review is written.
        review = (
            self.env["kttv.nurturing.review"]
            .with_user(unit)
            .create(
                {
                    "registration_id": individual.id,
                    "effectiveness": "high",
                    "development_potential": "high",
                    "influence": "medium",
                    "difficulties": "Thiếu số liệu ra đa ở vùng núi.",
                    "support_given": "Tập huấn sử dụng sản phẩm tổ hợp.",
                }
            )
        )
        self.assertEqual(individual.nurturing_review_count, 1)
        self.assertOpenActivity(individual, "kttv_emulation.mail_act_registration_nurture", unit)
        self.assertIn(review, self.env["kttv.nurturing.review"].with_user(officer).search([]))

        # 5. The unit nominates, with its report and the minutes of its own vote.
        for registration in both:
            registration.with_user(unit).write({"title_id": self._title_for(registration).id})
            self._nominate(registration, unit)
            self.assertEqual(registration.state, "nominated")
            self.assertTracked(registration, "Nurturing", "Nominated")
            self.assertNoOpenActivity(registration, "kttv_emulation.mail_act_registration_nurture")
            self.assertOpenActivity(registration, "kttv_emulation.mail_act_registration_check", officer)

        # 6. TCCB decides the remaining criteria and sends both to the council.
        session = self._session()
        for registration in both:
            self._decide_manual_criteria(registration)
            self.assertEqual(registration.criteria_pending_count, 0)
            registration.with_user(officer).write({"council_session_id": session.id})
        both.with_user(officer).action_send_to_council()
        for registration in both:
            self.assertEqual(registration.state, "council")
            self.assertTracked(registration, "Nominated", "Before the council")
            self.assertNoOpenActivity(registration, "kttv_emulation.mail_act_registration_check")
        session.with_user(self.user_secretary).action_open_vote()
        # One ballot per member for the whole session, not one per dossier; the dossiers ask nobody.
        self.assertOpenActivity(session, SESSION_VOTE, self.members)
        for registration in both:
            self.assertNoActivityAtAll(registration)

        # 7. Every member votes on their ballot; the third is absent and votes in writing through the secretary.
        first, second, absent = self.members
        Registration = self.env["kttv.exemplar.registration"]
        for registration in both:
            self.assertTrue(registration.with_user(first).can_vote)
        # "Dossiers to vote on" opens on what the member has still to vote on, and on nothing else once voted.
        self.assertEqual(Registration.with_user(first).search([("can_vote", "=", True)]), both)
        for member in (first, second):
            self._cast_ballot(session, member)
        self.assertFalse(Registration.with_user(first).search([("can_vote", "=", True)]))
        self.assertEqual(Registration.with_user(absent).search([("can_vote", "=", True)]), both)
        self.assertEqual(Registration.with_user(first).search([("id", "in", both.ids), ("can_vote", "=", False)]), both)
        self.assertOpenActivity(session, SESSION_VOTE, absent)
        session.with_user(self.user_secretary).write({"absent_member_ids": [Command.link(absent.id)]})
        self._cast_ballot(session, self.user_secretary, written=True)
        for registration in both:
            vote = self.env["kttv.council.vote"].search(
                [("registration_id", "=", registration.id), ("member_id", "=", absent.id)]
            )
            self.assertEqual((vote.written, vote.recorded_by_id), (True, self.user_secretary))
            self.assertEqual(registration.with_user(first).my_vote, "approve")
            self.assertFalse(registration.with_user(first).can_vote)
        self.assertNoOpenActivity(session, SESSION_VOTE)

        # 8. The secretary closes the vote: counted on all members, TCCB asked to prepare the decision
        # (the Director General is asked to sign the decision, once it is sent for signature).
        session.with_user(self.user_secretary).action_close_vote()
        self.assertEqual(session.state, "closed")
        for registration in both:
            self.assertEqual(registration.state, "council")
            self.assertTrue(registration.vote_passed)
            self.assertEqual((registration.vote_approve_count, registration.vote_member_count), (3, 3))
            self.assertEqual(registration.vote_percent, 100.0)
            # The Director General is asked to sign by the decision (one activity per decision), not here.
            self.assertNoActivityAtAll(registration)
            self.assertTrue(
                registration.sudo().message_ids.filtered(lambda m: "The council approved" in (m.body or ""))
            )
        self.assertOpenActivity(session, "kttv_emulation.mail_act_council_session_decision", officer)
        self.assertEqual(individual.vote_threshold, 80.0, "CSTĐCS: secret ballot, 80% of all members")
        self.assertEqual(collective.vote_threshold, 50.0, "no secret ballot: more than half")

    def test_vote_below_threshold_refuses_the_dossier(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        session = self._session()
        self._to_council(registration, session)
        session.with_user(self.user_secretary).action_open_vote()
        first, second, _absent = self.members
        self._vote(registration, first)
        self._vote(registration, second, vote="reject")
        # The absent member never votes: counted as not approving.
        session.with_user(self.user_secretary).action_close_vote()
        self.assertEqual(registration.state, "refused")
        self.assertEqual(registration.vote_percent, 33.33)
        self.assertFalse(registration.vote_passed)
        self.assertIn("did not reach the threshold", registration.refuse_reason)
        self.assertNoOpenActivity(session, SESSION_VOTE)
        self.assertNoActivityAtAll(registration)
        self.assertTracked(registration, "Before the council", "Refused")

    def test_return_with_reason_then_resubmit(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        registration.with_user(self.user_unit_a).action_submit()
        action = registration.with_user(self.user_officer).action_return()
        self.assertEqual(action["res_model"], "kttv.registration.reason.wizard")
        wizard = Form(
            self.env["kttv.registration.reason.wizard"].with_user(self.user_officer).with_context(**action["context"])
        )
        wizard.reason = "Bổ sung minh chứng về sáng kiến."
        wizard.save().action_confirm()
        self.assertEqual(registration.state, "draft")
        self.assertEqual(registration.return_reason, "Bổ sung minh chứng về sáng kiến.")
        self.assertOpenActivity(registration, "kttv_emulation.mail_act_registration_revise", self.user_unit_a)
        self.assertTrue(registration.sudo().message_ids.filtered(lambda m: "Bổ sung minh chứng" in (m.body or "")))
        registration.with_user(self.user_unit_a).write({"model_summary": "Mô hình đã bổ sung minh chứng."})
        registration.with_user(self.user_unit_a).action_submit()
        self.assertNoOpenActivity(registration, "kttv_emulation.mail_act_registration_revise")
        self.assertOpenActivity(registration, "kttv_emulation.mail_act_registration_review", self.user_officer)

    def test_refuse_and_cancel_ask_for_a_reason(self):
        refused = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        refused.with_user(self.user_unit_a).action_submit()
        self.assertEqual(refused.with_user(self.user_officer).action_refuse()["context"]["default_action"], "refuse")
        self.env["kttv.registration.reason.wizard"].with_user(self.user_officer).create(
            {"registration_ids": [Command.set(refused.ids)], "action": "refuse", "reason": "Không đủ tiêu chuẩn."}
        ).action_confirm()
        self.assertEqual((refused.state, refused.refuse_reason), ("refused", "Không đủ tiêu chuẩn."))
        self.assertNoOpenActivity(refused, "kttv_emulation.mail_act_registration_review")

        cancelled = self._register(self.user_unit_a, employee_id=self.emp_a_child.id)
        self.env["kttv.registration.reason.wizard"].with_user(self.user_unit_a).create(
            {"registration_ids": [Command.set(cancelled.ids)], "action": "cancel", "reason": "Chuyển công tác."}
        ).action_confirm()
        self.assertEqual(cancelled.state, "cancelled")
        # A cancelled registration does not block registering the same subject again.
        self.assertTrue(self._register(self.user_unit_a, employee_id=self.emp_a_child.id))


@tagged("post_install", "-at_install")
class TestRegistrationRefusals(KttvWorkflowCase):
    def test_wrong_role_is_refused_on_the_server(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        registration.with_user(self.user_unit_a).action_submit()
        with self.assertRaises(AccessError):
            registration.with_user(self.user_unit_a).action_accept()
        with self.assertRaises(AccessError):
            registration.with_user(self.user_unit_a).action_return()
        with self.assertRaises(AccessError):
            registration.with_user(self.user_council).action_accept()
        with self.assertRaises(AccessError):
            self.env["kttv.registration.reason.wizard"].with_user(self.user_unit_a).create(
                {"registration_ids": [Command.set(registration.ids)], "action": "refuse", "reason": "x"}
            ).action_confirm()
        self.assertEqual(registration.state, "submitted")
        with self.assertRaises(UserError):
            registration.with_user(self.user_officer).write({"state": "recognized"})
        with self.assertRaises(UserError):
            registration.with_user(self.user_unit_a).write({"model_summary": "sửa sau khi gửi"})

    def test_wrong_state_is_refused(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        with self.assertRaisesRegex(UserError, "cannot be nominated"):
            registration.with_user(self.user_unit_a).action_nominate()
        with self.assertRaises(UserError):
            registration.with_user(self.user_officer).action_accept()
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        with self.assertRaisesRegex(UserError, "cannot be nominated without"):
            registration.with_user(self.user_unit_a).action_nominate()
        registration.with_user(self.user_unit_a).write({"title_id": self.t_cstdcs.id})
        self._nominate(registration, self.user_unit_a)
        registration.with_user(self.user_officer).write({"council_session_id": self._session().id})
        with self.assertRaisesRegex(UserError, "undecided criteria"):
            registration.with_user(self.user_officer).action_send_to_council()
        self.assertEqual(registration.state, "nominated")

    def test_council_votes_are_one_per_member_and_own(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        session = self._session()
        self._to_council(registration, session)
        first, second, _third = self.members
        with self.assertRaisesRegex(UserError, "not open"):
            self._vote(registration, first)
        session.with_user(self.user_secretary).action_open_vote()
        self._vote(registration, first)
        with self.assertRaisesRegex(ValidationError, "already voted"):
            self._vote(registration, first, vote="reject")
        with self.assertRaises(AccessError):
            self._vote(registration, second, by=first)
        with self.assertRaises(AccessError):
            self._vote(registration, second, written=True, by=first)
        with self.assertRaises(AccessError):
            self._vote(registration, second, written=True, by=self.user_officer)
        outsider = new_test_user(self.env, "kttv_t_outsider", groups=COUNCIL)
        with self.assertRaisesRegex(ValidationError, "not a member"):
            self._vote(registration, outsider)
        vote = self.env["kttv.council.vote"].search([("registration_id", "=", registration.id)])
        self.assertEqual(vote.member_id, first)
        with self.assertRaises(AccessError):
            vote.with_user(first).write({"vote": "reject"})
        with self.assertRaises(AccessError):
            vote.with_user(self.user_secretary).unlink()
        # Secret ballot: a member reads their own vote only.
        self._vote(registration, second)
        self.assertEqual(self.env["kttv.council.vote"].with_user(first).search([]), vote)

    def test_only_the_secretary_closes_the_vote(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        session = self._session()
        self._to_council(registration, session)
        with self.assertRaises(AccessError):
            session.with_user(self.user_officer).action_open_vote()
        session.with_user(self.user_secretary).action_open_vote()
        for user in (self.user_officer, self.user_council, self.user_unit_a, self.user_manager):
            with self.assertRaises(AccessError):
                session.with_user(user).action_close_vote()
        self.assertEqual(session.state, "voting")
        session.with_user(self.user_secretary).action_close_vote()
        self.assertEqual(session.state, "closed")
        with self.assertRaises(UserError):
            session.with_user(self.user_secretary).action_close_vote()

    def test_one_registration_per_subject_and_phase(self):
        self._register(self.user_unit_a, employee_id=self.emp_a.id)
        before = self.env["kttv.exemplar.registration"].search_count([])
        with self.assertRaisesRegex(ValidationError, "already registered"), self.env.cr.savepoint():
            self._register(self.user_unit_a, employee_id=self.emp_a.id)
        self.assertEqual(self.env["kttv.exemplar.registration"].search_count([]), before)

    def test_a_unit_registers_its_own_people_only(self):
        with self.assertRaisesRegex(ValidationError, "does not belong to"), self.env.cr.savepoint():
            self._register(self.user_officer, employee_id=self.emp_b.id)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self._register(self.user_unit_a, employee_id=self.emp_b.id, registering_unit_id=self.unit_b.id)
        # A sub-unit's employee is the unit's own.
        self.assertTrue(self._register(self.user_unit_a, employee_id=self.emp_a_child.id))

    def test_submitted_registrations_cannot_be_deleted(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        registration.with_user(self.user_unit_a).action_submit()
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            registration.with_user(self.user_officer).unlink()
        draft = self._register(self.user_unit_a, employee_id=self.emp_a_child.id)
        draft.with_user(self.user_unit_a).unlink()
        self.assertFalse(draft.exists())


@tagged("post_install", "-at_install")
class TestRegistrationAccess(KttvWorkflowCase):
    def test_unit_officer_cannot_read_another_units_registrations(self):
        mine = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        theirs = self._register(self.user_officer, employee_id=self.emp_b.id, registering_unit_id=self.unit_b.id)
        Registration = self.env["kttv.exemplar.registration"].with_user(self.user_unit_a)
        self.assertEqual(Registration.search([("id", "in", (mine | theirs).ids)]), mine)
        self.assertEqual(Registration.search_count([("employee_id", "=", self.emp_b.id)]), 0)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).write({"field_of_work": "x"})
        groups = Registration.read_group([], ["registering_unit_id"], ["registering_unit_id"])
        self.assertEqual([g["registering_unit_id"][0] for g in groups], [self.unit_a.id])
        self.assertFalse(Registration.name_search(theirs.name))
        lines = self.env["kttv.registration.criterion"].with_user(self.user_unit_a)
        self.assertFalse(lines.search([("registration_id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            theirs.criterion_line_ids[:1].with_user(self.user_unit_a).read(["result"])

    def test_the_pickers_offer_only_what_the_user_may_choose(self):
        Registration = self.env["kttv.exemplar.registration"]
        mine = Registration.with_user(self.user_unit_a).new({}).allowed_registering_unit_ids._origin
        self.assertIn(self.unit_a, mine)
        self.assertNotIn(self.unit_b, mine)
        self.assertFalse(Registration.with_user(self.user_unit_a).new({}).may_register_any_unit)
        self.assertTrue(Registration.with_user(self.user_officer).new({}).may_register_any_unit, "TCCB: any unit")
        # The subject pickers follow the registering unit, as the check on save does.
        arch = Registration.with_user(self.user_unit_a).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("[('department_id', 'child_of', registering_unit_id)]", arch)
        self.assertIn("[('id', 'child_of', registering_unit_id)]", arch)
        self.assertIn("else [('id', 'in', allowed_registering_unit_ids)]", arch)
        Employee = self.env["hr.employee"].with_user(self.user_unit_a)
        offered = Employee.search([("department_id", "child_of", self.unit_a.id)])
        self.assertIn(self.emp_a, offered)
        self.assertNotIn(self.emp_b, offered)

    def test_council_reads_only_its_sessions_dossiers(self):
        in_session = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        other = self._register(self.user_unit_a, employee_id=self.emp_a_child.id)
        session = self._session()
        self._to_council(in_session, session)
        Registration = self.env["kttv.exemplar.registration"].with_user(self.user_council)
        self.assertEqual(Registration.search([("id", "in", (in_session | other).ids)]), in_session)
        self.assertTrue(in_session.with_user(self.user_council).criterion_line_ids)
        with self.assertRaises(AccessError):
            other.with_user(self.user_council).read(["name"])
        with self.assertRaises(AccessError):
            in_session.with_user(self.user_council).write({"field_of_work": "x"})
        with self.assertRaises(AccessError):
            self.env["kttv.exemplar.registration"].with_user(self.user_council).create(
                {"phase_id": self.phase.id, "registering_unit_id": self.unit_a.id, "employee_id": self.emp_a.id}
            )

    def test_employee_sees_no_registration(self):
        self._register(self.user_unit_a, employee_id=self.emp_self.id)
        with self.assertRaises(AccessError):
            self.env["kttv.exemplar.registration"].with_user(self.user_employee).search([])

    def test_unit_officer_evidence_but_no_decision(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        line = registration.criterion_line_ids.filtered(lambda line: line.criterion_id.code == "CN2")
        line.with_user(self.user_unit_a).write({"evidence_note": "Sáng kiến cấp cơ sở năm 2024."})
        with self.assertRaises(AccessError):
            line.with_user(self.user_unit_a).write({"review_result": "pass"})
        line.with_user(self.user_officer).write({"review_result": "pass"})
        self.assertEqual((line.result, line.reviewer_id), ("pass", self.user_officer))


@tagged("post_install", "-at_install")
class TestCriteriaInBatch(KttvWorkflowCase):
    def test_rules_run_a_constant_number_of_queries(self):
        employees = self.env["hr.employee"].create(
            [{"name": f"Ứng viên {i}", "department_id": self.unit_a_child.id} for i in range(30)]
        )
        self.env["kttv.achievement"].create(
            [
                {"employee_id": e.id, "year": y, "title_id": self.t_cstdcs.id}
                for e in employees[:20]
                for y in (2023, 2024)
            ]
        )
        self.env["kttv.annual.rating"].create(
            [{"employee_id": e.id, "year": y, "rating": "excellent"} for e in employees for y in (2023, 2024)]
        )
        registrations = self.env["kttv.exemplar.registration"].create(
            [{"phase_id": self.phase.id, "registering_unit_id": self.unit_a.id, "employee_id": e.id} for e in employees]
        )
        met = registrations.criterion_line_ids.filtered(lambda line: line.criterion_id.code == "CN5")
        self.assertEqual(met.mapped("result").count("pass"), 20)
        self.assertEqual(met.mapped("result").count("fail"), 10)
        few = registrations[:3]
        Line = self.env["kttv.registration.criterion"]
        Line._evaluate_criteria(few)  # warm the ORM caches
        for batch in (few, registrations):
            self.env.invalidate_all()
            with self.assertQueryCount(15):
                Line._evaluate_criteria(batch)
        self.assertIn("2023", met.filtered(lambda line: line.result == "fail")[0].rule_detail)
