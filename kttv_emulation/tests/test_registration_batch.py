from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..lib import criteria as criteria_rules
from ..models import kttv_exemplar_registration as registration_module
from ..models.kttv_workflow_mixin import OFFICER, UNIT, AllBut
from .test_registration_workflow import PDF, KttvWorkflowCase

REVIEW = "kttv_emulation.mail_act_registration_review"
NURTURE = "kttv_emulation.mail_act_registration_nurture"
REVISE = "kttv_emulation.mail_act_registration_revise"
CHECK = "kttv_emulation.mail_act_registration_check"
STEP_TYPES = (REVIEW, NURTURE, REVISE, CHECK)


class KttvBatchCase(KttvWorkflowCase):
    """Candidates enough for batches, and open activities already waiting, as real data has them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.candidates = cls.env["hr.employee"].create(
            [{"name": f"Ứng viên lô {index}", "department_id": cls.unit_a_child.id} for index in range(60)]
        )
        # Registrations of another unit waiting for TCCB and being nurtured:
        # their open activities must neither be touched nor cost a query each.
        others = cls.env["hr.employee"].create(
            [{"name": f"Ứng viên đơn vị B {index}", "department_id": cls.unit_b.id} for index in range(6)]
        )
        cls.waiting = cls.env["kttv.exemplar.registration"].create(
            [
                {
                    "phase_id": cls.phase.id,
                    "registering_unit_id": cls.unit_b.id,
                    "employee_id": employee.id,
                    "user_id": cls.user_unit_b.id,
                    "model_summary": "Mô hình của đơn vị B.",
                }
                for employee in others
            ]
        )
        cls.waiting.with_user(cls.user_unit_b).action_submit()
        cls.waiting[:3].with_user(cls.user_officer).action_accept()

    def _create(self, size, user=None):
        """``size`` new draft registrations of unit A, each of its own candidate."""
        employees = self.candidates[self.used : self.used + size]
        self.assertEqual(len(employees), size, "enough candidates for the batch")
        self.used += size
        return (
            self.env["kttv.exemplar.registration"]
            .with_user(user or self.user_unit_a)
            .create(
                [
                    {
                        "phase_id": self.phase.id,
                        "registering_unit_id": self.unit_a.id,
                        "employee_id": employee.id,
                        "model_summary": "Mô hình dự báo tổ hợp.",
                    }
                    for employee in employees
                ]
            )
        )

    def setUp(self):
        super().setUp()
        self.used = 0

    def _submitted(self, size):
        registrations = self._create(size)
        registrations.with_user(self.user_unit_a).action_submit()
        return registrations

    def _nurturing(self, size):
        registrations = self._submitted(size)
        registrations.with_user(self.user_officer).action_accept()
        registrations.with_user(self.user_unit_a).write(
            {
                "title_id": self.t_cstdcs.id,
                "achievement_report": PDF,
                "achievement_report_name": "bao-cao.pdf",
                "unit_minutes": PDF,
                "unit_minutes_name": "bien-ban.pdf",
            }
        )
        return registrations

    def _nominated(self, size, session=None):
        registrations = self._nurturing(size)
        registrations.with_user(self.user_unit_a).action_nominate()
        pending = registrations.criterion_line_ids.filtered(lambda line: line.result == "pending")
        pending.with_user(self.user_officer).write({"review_result": "pass"})
        registrations.with_user(self.user_officer).write({"council_session_id": (session or self._session()).id})
        return registrations

    def _open(self, records):
        """``{(record, activity type xml id, user)}`` of the open activities on ``records``."""
        activities = self.env["mail.activity"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )
        xmlids = activities.activity_type_id.get_external_id()
        return {
            (records.browse(activity.res_id), xmlids[activity.activity_type_id.id], activity.user_id)
            for activity in activities
        }

    def assertOnlyOpen(self, records, xmlid, user):
        """On each of ``records``, ``user`` has one open ``xmlid`` activity, and nobody anything else."""
        self.assertEqual(self._open(records), {(record, xmlid, user) for record in records})

    def _clock(self, user, records):
        """What the clock icon opens for ``user`` among ``records`` (mail's activity_user_id domain)."""
        Registration = self.env["kttv.exemplar.registration"].with_user(user)
        return Registration.search([("activity_user_id", "=", user.id), ("id", "in", records.ids)])


@tagged("post_install", "-at_install", "is_query_count")
class TestRegistrationStepQueries(KttvBatchCase):
    """Each step costs the same number of queries for 5 and for 50 registrations.

    Tracking and chatter on, open activities present, the deferred work of the
    request (tracking values, followers) flushed inside the measure.
    """

    def _flush(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _measure(self, queries, prepare, step):
        """``step`` costs ``queries`` queries on 5 and on 50 prepared registrations, exactly."""
        prepared = {size: prepare(size) for size in (2, 5, 50)}
        self._flush()
        self.env.invalidate_all()
        step(prepared[2])  # the registry's caches warm (access rules, groups), as a running server has them
        self._flush()
        counts = {}
        for size in (5, 50):
            self.env.invalidate_all()
            with self.assertQueryCount(queries):
                start = self.cr.sql_log_count
                step(prepared[size])
                self._flush()
                counts[size] = self.cr.sql_log_count - start
        # assertQueryCount fails on more queries only: the count is pinned here.
        self.assertEqual(counts, {5: queries, 50: queries}, "the same queries for 5 and for 50 registrations")

    def test_create(self):
        vals = {}

        def prepare(size):
            employees = self.candidates[self.used : self.used + size]
            self.used += size
            vals[size] = [
                {
                    "phase_id": self.phase.id,
                    "registering_unit_id": self.unit_a.id,
                    "employee_id": employee.id,
                    "model_summary": "Mô hình dự báo tổ hợp.",
                }
                for employee in employees
            ]
            return size

        created = []

        def step(size):
            Registration = self.env["kttv.exemplar.registration"].with_user(self.user_unit_a)
            created.append(Registration.create(vals[size]))

        self._measure(32, prepare, step)
        references = created[-1].mapped("name")
        self.assertEqual(len(set(references)), 50, "one reference each, drawn together")
        self.assertTrue(all(reference.startswith("ĐK") for reference in references))
        self.assertEqual(len(created[-1].criterion_line_ids), 50 * 9, "the plan's criteria, added in batch")

    def test_submit(self):
        self._measure(58, self._create, lambda records: records.with_user(self.user_unit_a).action_submit())

    def test_accept(self):
        self._measure(50, self._submitted, lambda records: records.with_user(self.user_officer).action_accept())

    def test_return(self):
        self._measure(
            50,
            self._submitted,
            lambda records: records.with_user(self.user_officer)._kttv_run("return", "Bổ sung minh chứng."),
        )

    def test_refuse(self):
        self._measure(
            15,
            self._nurturing,
            lambda records: records.with_user(self.user_officer)._kttv_run("refuse", "Không đạt tiêu chí."),
        )

    def test_nominate(self):
        # 76 with the holds of the subjects read at once (issue 13, Decree 152/2025 art. 4).
        self._measure(76, self._nurturing, lambda records: records.with_user(self.user_unit_a).action_nominate())

    def test_send_to_council(self):
        # The undecided criteria are counted in one grouped query (17, was 19
        # reading every criterion line of the dossiers).
        self._measure(
            17, self._nominated, lambda records: records.with_user(self.user_officer)._kttv_run("send_to_council")
        )


@tagged("post_install", "-at_install")
class TestRegistrationActivities(KttvBatchCase):
    def test_only_the_next_actor_is_asked_and_done_work_leaves_the_clock(self):
        unit, officer = self.user_unit_a, self.user_officer
        registrations = self._create(3)
        self.assertFalse(self._open(registrations), "a draft asks nobody")

        registrations.with_user(unit).action_submit()
        self.assertOnlyOpen(registrations, REVIEW, officer)
        self.assertEqual(self._clock(officer, registrations), registrations)

        registrations.with_user(officer).action_accept()
        self.assertOnlyOpen(registrations, NURTURE, unit)
        reviews = self._activities(registrations[0], REVIEW)
        self.assertTrue(reviews and not reviews.active and reviews.date_done, "done: archived with its date")
        self.assertFalse(self._clock(officer, registrations), "done work never opens from the clock icon")
        self.assertEqual(self._clock(unit, registrations), registrations)

        returned = registrations[:1]
        returned.with_user(officer)._kttv_run("return", "Bổ sung số liệu quan trắc.")
        self.assertOnlyOpen(returned, REVISE, unit)
        revise = self._activities(returned, REVISE)
        self.assertIn("Bổ sung số liệu quan trắc.", str(revise.note), "the reason is in the activity")
        self.assertFalse(self._activities(returned, NURTURE).filtered("active"))
        returned.with_user(unit).action_submit()
        self.assertOnlyOpen(returned, REVIEW, officer)
        self.assertFalse(self._activities(returned, REVISE).filtered("active"))
        returned.with_user(officer).action_accept()

        registrations.with_user(unit).write(
            {"title_id": self.t_cstdcs.id, "achievement_report": PDF, "unit_minutes": PDF}
        )
        registrations.with_user(unit).action_nominate()
        self.assertOnlyOpen(registrations, CHECK, officer)
        self.assertFalse(self._clock(unit, registrations))

        pending = registrations.criterion_line_ids.filtered(lambda line: line.result == "pending")
        pending.with_user(officer).write({"review_result": "pass"})
        to_council, refused = registrations[:2], registrations[2:]
        to_council.with_user(officer).write({"council_session_id": self._session().id})
        to_council.with_user(officer).action_send_to_council()
        refused.with_user(officer)._kttv_run("refuse", "Không đạt.")
        self.assertFalse(self._open(registrations), "from the council on, the registration asks nobody")
        self.assertFalse(self._clock(officer, registrations))
        self.assertFalse(self._clock(unit, registrations))
        self.assertEqual(
            len(self._activities(registrations[2], CHECK).filtered(lambda activity: not activity.active)), 1
        )

        # The activities of the other registrations were left as they were.
        self.assertOnlyOpen(self.waiting[3:], REVIEW, officer)
        self.assertOnlyOpen(self.waiting[:3], NURTURE, self.user_unit_b)

    def test_without_a_unit_officer_the_units_officers_are_asked(self):
        registrations = self._create(2, user=self.user_officer)
        self.assertFalse(registrations.user_id, "registered by TCCB: nobody follows it by name")
        registrations.with_user(self.user_officer).action_submit()
        registrations.with_user(self.user_officer).action_accept()
        self.assertOnlyOpen(registrations, NURTURE, self.user_unit_a)

    def test_the_council_and_the_decision_move_registrations_with_the_engine(self):
        registrations = self._nominated(2)
        # As the council and the decisions do, for every state they set.
        registrations._kttv_move("council")
        self.assertFalse(self._open(registrations))
        for state in ("recognized", "ministry_proposed", "ministry_recognized", "council", "refused"):
            registrations._kttv_move(state, body="Chuyển trạng thái (kiểm thử).")
            self.assertFalse(self._open(registrations), f"nobody is asked in {state}")
        registrations._kttv_move("nominated")
        self.assertOnlyOpen(registrations, CHECK, self.user_officer)

    def test_no_vote_nor_sign_activity_on_the_registration_any_more(self):
        for name in ("vote", "sign"):
            self.assertFalse(self.env.ref(f"kttv_emulation.mail_act_registration_{name}", raise_if_not_found=False))
        self.assertEqual(set(self.env["kttv.exemplar.registration"]._kttv_activity_types), set(STEP_TYPES))


@tagged("post_install", "-at_install")
class TestRegistrationSteps(KttvBatchCase):
    def test_the_buttons_follow_the_steps_each_role_may_take(self):
        draft, submitted = self._create(1), self._submitted(1)
        flags = ("can_submit", "can_accept", "can_return", "can_refuse", "can_cancel", "can_nominate")
        expected = {
            (self.user_unit_a, "draft"): {"can_submit", "can_cancel"},
            (self.user_unit_a, "submitted"): {"can_cancel"},
            (self.user_officer, "draft"): {"can_submit", "can_cancel"},
            (self.user_officer, "submitted"): {"can_accept", "can_return", "can_refuse", "can_cancel"},
            (self.user_manager, "submitted"): {"can_accept", "can_return", "can_refuse", "can_cancel"},
        }
        for (user, state), allowed in expected.items():
            record = (draft if state == "draft" else submitted).with_user(user)
            with self.subTest(user=user.login, state=state):
                self.assertEqual({flag for flag in flags if record[flag]}, allowed)
        nurturing = self._nurturing(1)
        self.assertFalse(nurturing.with_user(self.user_unit_a).can_cancel, "a unit no longer cancels once accepted")
        self.assertTrue(nurturing.with_user(self.user_unit_a).can_nominate)
        self.assertTrue(nurturing.with_user(self.user_officer).can_cancel, "TCCB cancels until the nomination")

    def test_a_unit_cancels_what_tccb_has_not_accepted_and_tccb_until_the_nomination(self):
        nurturing = self._nurturing(2)
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            nurturing.with_user(self.user_unit_a).action_cancel()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            nurturing.with_user(self.user_unit_a)._kttv_run("cancel", "Chuyển công tác.")
        self.assertEqual(set(nurturing.mapped("state")), {"nurturing"})
        action = nurturing.with_user(self.user_officer).action_cancel()
        self.assertEqual(action["context"]["default_action"], "cancel")
        nurturing.with_user(self.user_officer)._kttv_run("cancel", "Chuyển công tác.")
        self.assertEqual(set(nurturing.mapped("state")), {"cancelled"})
        self.assertTrue(nurturing[0].sudo().message_ids.filtered(lambda m: "Chuyển công tác." in (m.body or "")))
        council = self._nominated(1)
        council.with_user(self.user_officer).action_send_to_council()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            council.with_user(self.user_officer).action_cancel()
        with self.assertRaises(AccessError):
            self._create(1).with_user(self.user_council).action_cancel()

    def test_sending_to_the_council_refuses_with_the_reason(self):
        registrations = self._nominated(2)
        registrations[1].with_user(self.user_officer).write({"council_session_id": False})
        with self.assertRaisesRegex(UserError, "choose an open council session first"):
            registrations.with_user(self.user_officer)._kttv_run("send_to_council")
        self.assertEqual(set(registrations.mapped("state")), {"nominated"}, "nothing moved")
        with self.assertRaises(AccessError):
            registrations[:1].with_user(self.user_unit_a)._kttv_run("send_to_council")

    def test_sent_to_a_vote_already_open_the_session_freezes_the_dossiers(self):
        session = self._session()
        Session = type(self.env["kttv.council.session"])
        session.with_user(self.user_secretary).action_open_vote()
        self.assertEqual(session.state, "voting")
        late = self._nominated(2, session=session)
        with patch.object(Session, "_kttv_freeze_dossiers", create=True) as freeze:
            late.with_user(self.user_officer).action_send_to_council()
        freeze.assert_called_once()
        self.assertEqual(freeze.call_args.args[0], late)
        self.assertEqual(set(late.mapped("state")), {"council"})

    def test_the_ballot_is_the_sessions_once_it_has_one(self):
        registration = self._nominated(1)
        registration.with_user(self.user_officer).action_send_to_council()
        Session = type(self.env["kttv.council.session"])
        ballot = {"type": "ir.actions.act_window", "res_model": "kttv.council.vote", "name": "ballot"}
        written = {"type": "ir.actions.act_window", "res_model": "kttv.council.vote", "name": "written"}
        with (
            patch.object(Session, "action_open_ballot", create=True, return_value=ballot),
            patch.object(Session, "action_record_written_vote", create=True, return_value=written),
        ):
            self.assertEqual(registration.with_user(self.user_council).action_vote(), ballot)
            self.assertEqual(registration.with_user(self.user_secretary).action_record_written_vote(), written)
        with self.assertRaises(AccessError):
            registration.with_user(self.user_unit_a).action_vote()

    def test_every_public_step_returns_something_rpc_carries(self):
        registrations = self._create(2)
        unit, officer = registrations.with_user(self.user_unit_a), registrations.with_user(self.user_officer)
        self.assertIs(unit.action_evaluate_criteria(), True)
        self.assertIs(unit.action_submit(), True)
        for method in ("action_return", "action_refuse", "action_cancel"):
            action = getattr(officer, method)()
            self.assertEqual(action["res_model"], "kttv.registration.reason.wizard", method)
        wizard = (
            self.env["kttv.registration.reason.wizard"]
            .with_user(self.user_officer)
            .create({"registration_ids": [Command.set(registrations.ids)], "action": "return", "reason": "x"})
        )
        self.assertEqual(wizard.action_confirm(), {"type": "ir.actions.act_window_close"})
        self.assertIs(unit.action_submit(), True)
        self.assertIs(officer.action_accept(), True)
        unit.write({"title_id": self.t_cstdcs.id, "achievement_report": PDF, "unit_minutes": PDF})
        self.assertIs(unit.action_nominate(), True)
        self.assertIs(officer.action_evaluate_criteria(), True)
        registrations.criterion_line_ids.filtered(lambda line: line.result == "pending").with_user(
            self.user_officer
        ).write({"review_result": "pass"})
        officer.write({"council_session_id": self._session().id})
        self.assertIs(officer.action_send_to_council(), True)

    def test_vietnamese_titles_and_state_labels(self):
        registration = self._nurturing(1)
        officer = registration.with_user(self.user_officer).with_context(lang="vi_VN")
        self.assertEqual(officer.action_return()["name"], "Trả lại đơn vị")
        unit = registration.with_user(self.user_unit_a).with_context(lang="vi_VN")
        with self.assertRaises(UserError) as refusal:
            unit.action_cancel()
        message = str(refusal.exception)
        self.assertIn("Đang bồi dưỡng", message)
        self.assertNotIn("Nurturing", message)
        self.assertNotIn("cancelled", message)
        with self.assertRaises(UserError) as locked:
            unit.write({"model_summary": "Sửa khi đang bồi dưỡng"})
        self.assertIn("Đang bồi dưỡng", str(locked.exception))

    def test_what_each_role_writes_in_each_state(self):
        submitted = self._submitted(1)
        submitted.with_user(self.user_officer).write({"field_of_work": "Dự báo"})
        with self.assertRaisesRegex(UserError, "no longer change"):
            submitted.with_user(self.user_officer).write({"employee_id": self.emp_a.id})
        with self.assertRaisesRegex(UserError, "can no longer change it"):
            submitted.with_user(self.user_unit_a).write({"field_of_work": "Dự báo"})
        with self.assertRaises(AccessError):
            submitted.with_user(self.user_unit_a).write({"council_session_id": self._session().id})
        nurturing = self._nurturing(1)
        nurturing.with_user(self.user_unit_a).write({"unit_vote_approve": 20, "unit_vote_total": 22})
        nurturing.with_user(self.user_officer).write({"field_of_work": "Quan trắc", "unit_vote_total": 23})
        self.assertEqual((nurturing.unit_vote_total, nurturing.field_of_work), (23, "Quan trắc"))

    def test_a_roles_rights_are_the_union_of_its_groups_whatever_their_order(self):
        draft = self._create(1)
        session = self._session()
        Registration = type(self.env["kttv.exemplar.registration"])
        reordered = {
            **registration_module.WRITABLE,
            "draft": {UNIT: AllBut({"council_session_id"}), OFFICER: registration_module.ALL},
        }
        with patch.object(Registration, "_kttv_writable", reordered):
            draft.with_user(self.user_officer).write({"council_session_id": session.id})
        self.assertEqual(draft.council_session_id, session)

    def test_recognised_states_are_defined_once(self):
        self.assertIs(registration_module.RECOGNISED_STATES, criteria_rules.RECOGNISED_STATES)
        self.assertEqual(
            registration_module.LOCKED_STATES,
            ("council", *criteria_rules.RECOGNISED_STATES, "refused", "cancelled"),
        )
