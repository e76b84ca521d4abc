import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_registration_workflow import SESSION_VOTE, KttvWorkflowCase

VOTE = SESSION_VOTE


@tagged("post_install", "-at_install")
class TestNoClientWritesTheLifeCycle(KttvWorkflowCase):
    """Buttons are not security: what the steps write, no RPC client writes, whatever its role."""

    def test_a_registration_cannot_be_created_further_down_its_life_cycle(self):
        Registration = self.env["kttv.exemplar.registration"]
        count = Registration.search_count([])
        forged = [
            {"state": "council"},
            {"vote_passed": True, "vote_percent": 100.0},
            {"date_submitted": "2026-01-01"},
            {"name": "ĐK-GIẢ-001"},
        ]
        for user in (self.user_unit_a, self.user_officer):
            for values in forged:
                with self.subTest(user=user.login, values=values), self.assertRaises(UserError):
                    self._register(user, employee_id=self.emp_a.id, **values)
        session = self._session()
        with self.assertRaises(UserError):
            self._register(self.user_unit_a, employee_id=self.emp_a.id, council_session_id=session.id)
        self.assertEqual(Registration.search_count([]), count, "nothing was written")

    def test_vote_results_and_dates_are_not_written_by_hand(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        for user in (self.user_unit_a, self.user_officer, self.user_manager):
            for values in ({"vote_passed": True}, {"date_accepted": "2026-02-02"}, {"refuse_reason": "x"}):
                with self.subTest(user=user.login, values=values), self.assertRaises(UserError):
                    registration.with_user(user).write(values)
        self.assertFalse(registration.vote_passed or registration.date_accepted or registration.refuse_reason)
        with self.assertRaises(AccessError):
            registration.with_user(self.user_unit_a).write({"council_session_id": self._session().id})

    def test_the_dossier_is_frozen_from_the_council_on(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        session = self._session()
        self._to_council(registration, session)
        self.assertEqual(registration.state, "council")
        for values in ({"title_id": self.t_cstd_tq.id}, {"model_summary": "Sửa sau khi trình Hội đồng"}):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "as the council considered it"):
                registration.with_user(self.user_officer).write(values)
        self.assertEqual(registration.title_id, self.t_cstdcs)
        line = registration.criterion_line_ids[:1]
        with self.assertRaises(UserError):
            line.with_user(self.user_officer).write({"review_result": "fail"})
        self.assertEqual(line.result, "pass")

    def test_the_subject_is_fixed_once_submitted(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        registration.with_user(self.user_unit_a).action_submit()
        for user in (self.user_unit_a, self.user_officer):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "no longer change"):
                registration.with_user(user).write({"employee_id": self.emp_a_child.id})
        self.assertEqual(registration.employee_id, self.emp_a)

    def test_sending_again_to_the_council_starts_a_fresh_count(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        self._to_council(registration, self._session())
        registration.sudo().write({"state": "nominated", "vote_passed": True, "vote_percent": 100.0})
        registration.with_user(self.user_officer).write({"council_session_id": self._session().id})
        registration.with_user(self.user_officer).action_send_to_council()
        self.assertEqual((registration.vote_passed, registration.vote_percent), (False, 0.0))

    def test_criterion_results_come_from_the_rule_or_the_reviewer(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        manual = registration.criterion_line_ids.filtered(lambda line: line.method == "manual")[:1]
        self.assertEqual(manual.result, "pending")
        for user in (self.user_unit_a, self.user_officer):
            for values in ({"result": "pass"}, {"rule_result": "pass"}):
                with self.subTest(user=user.login, values=values), self.assertRaises(AccessError):
                    manual.with_user(user).write(values)
        # Nor through the registration's lines, as the form would send them.
        with self.assertRaises(AccessError):
            registration.with_user(self.user_unit_a).write(
                {"criterion_line_ids": [Command.update(manual.id, {"result": "pass"})]}
            )
        with self.assertRaises(AccessError):
            manual.with_user(self.user_unit_a).write({"review_result": "pass"})
        with self.assertRaises(AccessError):
            self.env["kttv.registration.criterion"].with_user(self.user_officer).create(
                {"registration_id": registration.id, "criterion_id": manual.criterion_id.id, "result": "pass"}
            )
        self.assertEqual(manual.result, "pending")
        # What each may write: the unit its evidence, TCCB its decision.
        manual.with_user(self.user_unit_a).write({"evidence_note": "Bằng khen năm 2024."})
        manual.with_user(self.user_officer).write({"review_result": "pass"})
        self.assertEqual((manual.result, manual.reviewer_id), ("pass", self.user_officer))

    def test_a_changed_target_leaves_no_criteria_of_the_other(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        self.assertIn("CN1", registration.criterion_line_ids.criterion_id.mapped("code"))
        registration.with_user(self.user_unit_a).write(
            {"employee_id": False, "department_id": self.unit_a.id, "target": "collective"}
        )
        codes = set(registration.criterion_line_ids.criterion_id.mapped("code"))
        self.assertEqual(codes, {"C1", "C2", "C3", "TT1", "TT2", "TT3", "TT4", "TT5", "TT6"})

    def test_the_target_follows_the_subject(self):
        with self.assertRaises(ValidationError):
            self._register(self.user_unit_a, employee_id=self.emp_a.id, target="collective")
        with self.assertRaises(ValidationError):
            # Giấy khen is for both kinds of subject: only the target is wrong.
            self.env["kttv.achievement"].create(
                {"department_id": self.unit_a.id, "target": "individual", "year": 2020, "title_id": self.c_giay_khen.id}
            )

    def test_one_registration_per_subject_and_phase_holds_in_the_database(self):
        first = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        second = self._register(self.user_unit_a, employee_id=self.emp_a_child.id)
        self.env.flush_all()
        # Past the Python check, as two concurrent requests would be: the index refuses.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(
                "UPDATE kttv_exemplar_registration SET employee_id = %s WHERE id = %s", (self.emp_a.id, second.id)
            )
        # A cancelled registration leaves the place free.
        self.env.cr.execute("UPDATE kttv_exemplar_registration SET state = 'cancelled' WHERE id = %s", (first.id,))
        self.env.cr.execute(
            "UPDATE kttv_exemplar_registration SET employee_id = %s WHERE id = %s", (self.emp_a.id, second.id)
        )


@tagged("post_install", "-at_install")
class TestUnitHeadRuleSettledAfterNomination(KttvWorkflowCase):
    def test_tccb_settles_a_pending_unit_head_rule_before_the_council(self):
        self.unit_a.manager_id = self.emp_a
        collective = self._register(self.user_unit_a, target="collective", department_id=self.unit_a.id)
        head = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        head_rule = head.criterion_line_ids.filtered(lambda line: line.criterion_id.code == "LD1")
        self.assertEqual(head_rule.result, "pending", "the unit's own registration is still open")
        head.with_user(self.user_unit_a).action_submit()
        head.with_user(self.user_officer).action_accept()
        head.with_user(self.user_unit_a).write({"title_id": self.t_cstdcs.id})
        self._nominate(head, self.user_unit_a)
        frozen = head.criterion_line_ids.filtered(lambda line: line.criterion_id.code == "CN5")
        self.assertEqual(frozen.result, "pass")
        # The unit is recognised meanwhile; the history of the head changes too.
        collective.sudo().write({"state": "recognized"})
        self.env["kttv.achievement"].search([("employee_id", "=", self.emp_a.id), ("year", "=", 2023)]).unlink()
        with self.assertRaises(AccessError):
            head.with_user(self.user_unit_a).action_evaluate_criteria()
        head.with_user(self.user_officer).action_evaluate_criteria()
        self.assertEqual(head_rule.result, "pass")
        self.assertEqual(frozen.result, "pass", "what was decided at nomination stays")


@tagged("post_install", "-at_install")
class TestHistoryProvenance(KttvWorkflowCase):
    def test_rows_of_a_decision_are_the_decisions_only(self):
        row = self._achievement(self.emp_a, 2021, self.t_ldtt)
        row.sudo().with_context(kttv_decision_sync=True).write({"source": "decision"})
        for user in (self.user_officer, self.user_manager):
            sync = row.with_user(user).with_context(kttv_decision_sync=True)
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "signed decision"):
                sync.write({"year": 2020})
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "signed decision"):
                sync.unlink()
        self.assertEqual((row.exists(), row.year), (row, 2021))

    def test_nobody_records_a_row_as_coming_from_a_decision(self):
        Achievement = self.env["kttv.achievement"].with_user(self.user_officer)
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        for values in ({"source": "decision"}, {"registration_id": registration.id}):
            with self.subTest(values=values), self.assertRaises(UserError):
                Achievement.create({"employee_id": self.emp_b.id, "year": 2020, "title_id": self.t_ldtt.id, **values})
        row = Achievement.create({"employee_id": self.emp_b.id, "year": 2020, "title_id": self.t_ldtt.id})
        self.assertEqual(row.source, "manual")
        with self.assertRaises(UserError):
            row.write({"source": "import"})


@tagged("post_install", "-at_install")
class TestSecretBallot(KttvWorkflowCase):
    def setUp(self):
        super().setUp()
        self.registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        self.session = self._session()
        self._to_council(self.registration, self.session)
        self.session.with_user(self.user_secretary).action_open_vote()
        first, second, self.absent = self.members
        self._vote(self.registration, first, vote="reject")
        self.env["kttv.council.vote"].with_user(second).create(
            {
                "session_id": self.session.id,
                "registration_id": self.registration.id,
                "member_id": second.id,
                "vote": "approve",
                "comment": "Mô hình có sức lan tỏa rộng.",
            }
        )

    def test_nobody_reads_how_a_member_voted(self):
        votes = self.env["kttv.council.vote"].search([("registration_id", "=", self.registration.id)])
        self.assertEqual(len(votes), 2)
        for user in (self.user_secretary, self.user_manager, self.members[0]):
            mine = votes.with_user(user).search([("id", "in", votes.ids)])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                mine.read(["vote"])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                mine.read(["comment"])
        # Who has voted is known, to chase the others; a member sees their own choice.
        self.assertEqual(votes.with_user(self.user_secretary).mapped("member_id"), self.members[:2])
        self.assertEqual(self.registration.with_user(self.members[0]).my_vote, "reject")
        self.assertEqual(self.registration.with_user(self.members[1]).my_vote, "approve")
        # The comments are read without their authors.
        comments = self.registration.with_user(self.user_manager).council_comments
        self.assertEqual(comments, "– Mô hình có sức lan tỏa rộng.")
        views = self.env["kttv.council.session"].with_user(self.user_secretary).get_views([(False, "form")])
        self.assertNotIn('name="vote"', views["views"]["form"]["arch"])

    def test_the_secretary_records_an_absent_members_written_vote_through_the_ballot(self):
        self.session.with_user(self.user_secretary).write({"absent_member_ids": [Command.link(self.absent.id)]})
        action = self.session.with_user(self.user_secretary).action_record_written_vote()
        self.assertEqual(action["res_model"], "kttv.vote.wizard")
        with self.assertRaises(AccessError):
            self.session.with_user(self.user_officer).action_record_written_vote()
        wizard = (
            self.env["kttv.vote.wizard"]
            .with_user(self.user_secretary)
            .with_context(**action["context"])
            .create({"member_id": self.absent.id})
        )
        self.assertEqual(wizard.line_ids.registration_id, self.registration)
        wizard.line_ids.vote = "approve"
        wizard.action_confirm()
        vote = self.env["kttv.council.vote"].search(
            [("registration_id", "=", self.registration.id), ("member_id", "=", self.absent.id)]
        )
        self.assertEqual((vote.written, vote.recorded_by_id), (True, self.user_secretary))
        self.assertNoOpenActivity(self.session, SESSION_VOTE)
        self.session.with_user(self.user_secretary).action_close_vote()
        self.assertEqual((self.registration.vote_approve_count, self.registration.state), (2, "refused"))

    def test_the_secretary_is_a_tccb_officer(self):
        with self.assertRaises(ValidationError):
            self._session(secretary_id=self.members[0].id)


@tagged("post_install", "-at_install")
class TestCouncilSeesNominatedDossiersOnly(KttvWorkflowCase):
    def test_a_dossier_linked_before_nomination_stays_hidden(self):
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        session = self._session()
        # TCCB may plan the session early; the members still see nothing before nomination.
        registration.with_user(self.user_officer).write({"council_session_id": session.id})
        member = self.members[0]
        Registration = self.env["kttv.exemplar.registration"].with_user(member)
        self.assertFalse(Registration.search([("id", "=", registration.id)]))
        with self.assertRaises(AccessError):
            registration.with_user(member).read(["model_summary"])
        lines = self.env["kttv.registration.criterion"].with_user(member)
        self.assertFalse(lines.search([("registration_id", "=", registration.id)]))
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        registration.with_user(self.user_unit_a).write({"title_id": self.t_cstdcs.id})
        self._nominate(registration, self.user_unit_a)
        self.assertEqual(Registration.search([("id", "=", registration.id)]), registration)


@tagged("post_install", "-at_install")
class TestUnitPlanIntegrity(KttvWorkflowCase):
    def test_a_unit_plan_is_submitted_by_its_button_only_and_kept_once_submitted(self):
        UnitPlan = self.env["kttv.unit.plan"].with_user(self.user_unit_a)
        base = {"phase_id": self.phase.id, "department_id": self.unit_a.id}
        for values in ({"state": "submitted"}, {"date_submitted": "2026-01-01"}, {"deadline_extension": "2027-01-01"}):
            with self.subTest(values=values), self.assertRaises(UserError):
                UnitPlan.create({**base, **values})
        plan = UnitPlan.create(base)
        plan.action_submit()
        with self.assertRaisesRegex(UserError, "return it before deleting"):
            plan.unlink()
        plan.with_user(self.user_officer).action_return()
        plan.unlink()
        self.assertFalse(plan.exists())

    def test_a_unit_plan_counts_its_sub_units_registrations(self):
        plan = self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_a.id})
        own = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        station = self._register(
            self.user_unit_a, employee_id=self.emp_a_child.id, registering_unit_id=self.unit_a_child.id
        )
        self.assertEqual(plan.registration_ids, own | station)


@tagged("post_install", "-at_install")
class TestEmployeeFormWithoutHrRights(KttvWorkflowCase):
    """Unit officers, TCCB and the Director General rarely hold HR rights: Odoo shows them hr.employee.public."""

    def test_the_history_tab_and_button_are_on_the_public_form(self):
        self.emp_a.kttv_code = "KT-A-001"
        self.env.flush_all()  # hr.employee.public is a view of the table: as in a later request
        for user in (self.user_unit_a, self.user_officer, self.user_manager):
            Employee = self.env["hr.employee"].with_user(user)
            self.assertFalse(Employee.browse().has_access("read"), "no HR rights: the public profile")
            form = Employee.get_views([(False, "form")])["views"]["form"]["arch"]
            for name in ("kttv_achievement_ids", "kttv_rating_ids", "kttv_title_streak", "action_kttv_achievements"):
                self.assertIn(name, form, f"{name} on the form {user.login} opens")
            public = self.env["hr.employee.public"].with_user(user).browse(self.emp_a.id)
            values = public.web_read(
                {
                    "kttv_code": {},
                    "kttv_achievement_count": {},
                    "kttv_title_streak": {},
                    "kttv_streak_title_id": {"fields": {"display_name": {}}},
                    "kttv_rating_streak": {},
                }
            )[0]
            self.assertEqual(values["kttv_code"], "KT-A-001")
            self.assertEqual(values["kttv_achievement_count"], 2)
            self.assertEqual(values["kttv_streak_title_id"]["display_name"], "Chiến sĩ thi đua cơ sở")
            self.assertEqual((values["kttv_title_streak"], values["kttv_rating_streak"]), (2, 2))
            action = public.action_kttv_achievements()
            self.assertEqual(len(self.env["kttv.achievement"].with_user(user).search(action["domain"])), 2)
