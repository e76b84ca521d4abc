import contextlib
import importlib.util
import os

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import COUNCIL
from .test_registration_workflow import KttvWorkflowCase

VOTE = "kttv_emulation.mail_act_council_session_vote"
DECISION = "kttv_emulation.mail_act_council_session_decision"


class KttvCouncilCase(KttvWorkflowCase):
    """Sessions whose dossiers are put before the council in bulk, and ballots cast as the members do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls.env["hr.employee"].create(
            [{"name": f"Viên chức kiểm thử {index}", "department_id": cls.unit_a.id} for index in range(120)]
        )

    def setUp(self):
        super().setUp()
        self._used = 0

    def _dossiers(self, session, count, title=None):
        """``count`` registrations before ``session``, as TCCB leaves them after sending them to the council."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        staff = self.staff[self._used : self._used + count]
        self._used += count
        registrations = (
            env["kttv.exemplar.registration"]
            .sudo()
            .create(
                [
                    {
                        "phase_id": session.phase_id.id,
                        "registering_unit_id": self.unit_a.id,
                        "employee_id": employee.id,
                        "target": "individual",
                        "title_id": (title or self.t_cstdcs).id,
                        "model_summary": "Mô hình dự báo mưa lớn.",
                    }
                    for employee in staff
                ]
            )
        )
        registrations.write({"state": "council", "council_session_id": session.id})
        self._flush_tracking()
        return registrations.with_env(self.env)

    def _open_vote_activities(self, session):
        return self._activities(session, VOTE).filtered("active")


@tagged("post_install", "-at_install")
class TestCouncilSession(KttvCouncilCase):
    def test_opening_freezes_the_members_and_each_dossiers_rules(self):
        session = self._session()
        secret = self._dossiers(session, 2)
        open_ballot = self._dossiers(session, 1, title=self.t_ldtt)
        self.assertIs(session.with_user(self.user_secretary).action_open_vote(), True)
        self.assertEqual(session.state, "voting")
        lines = {line.registration_id: line for line in session.dossier_ids}
        self.assertEqual(set(lines), set(secret | open_ballot))
        for registration in secret:
            line = lines[registration]
            self.assertEqual(
                (line.title_id, line.secret_vote, line.threshold, line.member_count), (self.t_cstdcs, True, 80.0, 3)
            )
        line = lines[open_ballot]
        self.assertEqual((line.secret_vote, line.threshold), (False, 50.0), "no secret ballot: more than half")
        # The members are those of the opening.
        with self.assertRaisesRegex(UserError, "cannot change once the vote is open"):
            session.with_user(self.user_secretary).write({"member_ids": [Command.unlink(self.members[0].id)]})
        with self.assertRaisesRegex(UserError, "cannot change once the vote is open"):
            session.with_user(self.user_secretary).write({"secretary_id": self.user_officer.id})
        # One ballot per member for the session, none per dossier.
        self.assertOpenActivity(session, VOTE, self.members)
        for registration in secret | open_ballot:
            self.assertFalse(
                self.env["mail.activity"]
                .search([("res_model", "=", registration._name), ("res_id", "=", registration.id)])
                .filtered(lambda activity: activity.user_id in self.members)
            )

    def test_a_threshold_edited_during_the_vote_does_not_change_the_result(self):
        session = self._session()
        lowered = self._dossiers(session, 1)  # CSTĐCS: secret ballot, 80% of all members
        unsecret = self._dossiers(session, 1, title=self.t_cstd_bo)  # CSTĐ cấp bộ: secret, 90%
        session.with_user(self.user_secretary).action_open_vote()
        first, second, _third = self.members
        self._cast_ballot(session, first)
        self._cast_ballot(session, second)
        # Mid-vote, TCCB edits the catalog: 2 of 3 members (66.67%) would now pass both.
        self.t_cstdcs.with_user(self.user_officer).write({"vote_threshold": 60})
        self.t_cstd_bo.with_user(self.user_officer).write({"secret_vote": False})
        self.assertIs(session.with_user(self.user_secretary).action_close_vote(), True)
        for registration, threshold in ((lowered, 80.0), (unsecret, 90.0)):
            self.assertEqual(registration.state, "refused")
            self.assertEqual((registration.vote_approve_count, registration.vote_percent), (2, 66.67))
            self.assertEqual(registration.vote_threshold, threshold, "counted on the threshold frozen at opening")
            self.assertIn("did not reach the threshold", registration.refuse_reason)

    def test_refusal_without_secret_ballot_says_more_than_half(self):
        fourth = new_test_user(self.env, "kttv_t_member_3", groups=COUNCIL, name="Ủy viên Hội đồng 4")
        session = self._session(member_ids=[Command.set((self.members | fourth).ids)])
        half = self._dossiers(session, 1, title=self.t_ldtt)
        session.with_user(self.user_secretary).action_open_vote()
        self._cast_ballot(session, self.members[0])
        self._cast_ballot(session, self.members[1])
        self._cast_ballot(session, self.members[2], vote="reject")
        session.with_user(self.user_secretary).action_close_vote()
        # 2 of 4 is half, not more than half.
        self.assertEqual((half.state, half.vote_percent, half.vote_passed), ("refused", 50.0, False))
        self.assertIn("more than half", half.refuse_reason)
        self.assertNotIn("threshold", half.refuse_reason)
        self._flush_tracking()
        self.assertTrue(half.sudo().message_ids.filtered(lambda m: "more than half" in (m.body or "")))

    def test_closing_with_missing_votes_warns_the_secretary_with_the_names(self):
        session = self._session()
        self._dossiers(session, 2)
        first, second, third = self.members
        secretary = session.with_user(self.user_secretary)
        self.assertFalse(secretary.missing_vote_warning, "nothing to warn of before the vote opens")
        secretary.action_open_vote()
        self._cast_ballot(session, first)
        secretary.invalidate_recordset(["missing_vote_warning"])
        warning = secretary.missing_vote_warning
        self.assertIn("2 of 3 members", warning)
        self.assertIn(f"{second.name} (2 left)", warning)
        self.assertIn(f"{third.name} (2 left)", warning)
        self.assertNotIn(first.name, warning)
        self.assertIn("counts as not approving", warning)
        self._cast_ballot(session, second)
        self._cast_ballot(session, third)
        secretary.invalidate_recordset(["missing_vote_warning"])
        self.assertFalse(secretary.missing_vote_warning, "everyone voted: no warning")

    def test_the_secretary_sees_who_voted_never_when_nor_what(self):
        session = self._session()
        registrations = self._dossiers(session, 2)
        session.with_user(self.user_secretary).action_open_vote()
        for member, comment in zip(self.members, ("Tốt.", "Cần bổ sung.", "Đồng ý."), strict=True):
            self._cast_ballot(session, member, comment=comment)
        votes = self.env["kttv.council.vote"].with_user(self.user_secretary).search([("session_id", "=", session.id)])
        self.assertEqual(len(votes), 6)
        self.assertEqual(votes.member_id, self.members, "who has voted stays visible, to chase the others")
        # The order of arrival, read next to the comments, would tell who wrote which.
        for field in ("vote", "comment", "date", "create_date", "write_date"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                votes.read([field])
        comments = registrations[0].with_user(self.user_secretary).council_comments
        self.assertEqual(comments, "– Cần bổ sung.\n– Tốt.\n– Đồng ý.", "sorted by their text, not by vote")

    def test_the_council_is_warned_of_dossiers_that_fail_a_criterion(self):
        session = self._session()
        registrations = self._dossiers(session, 3)
        registrations.criterion_line_ids.sudo().write({"review_result": "pass"})
        secretary = session.with_user(self.user_secretary)
        self.assertFalse(secretary.failed_criteria_warning, "every criterion met: nothing to warn of")
        failing = registrations[1]
        failing.criterion_line_ids[:1].sudo().write({"review_result": "fail"})
        secretary.invalidate_recordset(["failed_criteria_warning"])
        warning = secretary.failed_criteria_warning
        self.assertIn("1 of 3 dossiers do not meet all their criteria", warning)
        self.assertIn(failing.display_name, warning)
        self.assertNotIn(registrations[0].display_name, warning)
        secretary.action_open_vote()
        secretary.invalidate_recordset(["failed_criteria_warning"])
        self.assertIn(failing.display_name, secretary.failed_criteria_warning, "still said while the vote is open")

    def test_written_votes_only_for_members_marked_absent(self):
        session = self._session()
        registration = self._dossiers(session, 1)
        first, second, absent = self.members
        secretary = session.with_user(self.user_secretary)
        with self.assertRaisesRegex(UserError, "while the vote is open"):
            secretary.write({"absent_member_ids": [Command.link(absent.id)]})
        secretary.action_open_vote()
        # Nobody is absent yet: no written vote, whichever the route.
        self.assertFalse(secretary.can_record_written_vote)
        with self.assertRaisesRegex(UserError, "mark the absent members first"):
            secretary.action_record_written_vote()
        with self.assertRaisesRegex(UserError, "not marked absent"):
            self._vote(registration, absent, written=True, by=self.user_secretary)
        # Only the secretary marks who is absent; whoever voted was there.
        with self.assertRaises(AccessError):
            session.with_user(self.user_officer).write({"absent_member_ids": [Command.link(absent.id)]})
        with self.assertRaises(AccessError):
            session.with_user(first).write({"absent_member_ids": [Command.link(absent.id)]})
        self._cast_ballot(session, first)
        with (
            self.assertRaisesRegex(ValidationError, "a member who has voted cannot be marked absent"),
            self.env.cr.savepoint(),
        ):
            secretary.write({"absent_member_ids": [Command.link(first.id)]})
        secretary.write({"absent_member_ids": [Command.link(absent.id)]})
        with self.assertRaisesRegex(UserError, "not marked absent"):
            self._vote(registration, second, written=True, by=self.user_secretary)
        with self.assertRaisesRegex(UserError, "not marked absent"), self.env.cr.savepoint():
            self.env["kttv.vote.wizard"].with_user(self.user_secretary).create(
                {"session_id": session.id, "written": True, "member_id": second.id}
            )
        self.assertTrue(secretary.can_record_written_vote)
        action = secretary.action_record_written_vote()
        self.assertEqual((action["res_model"], action["context"]["default_member_id"]), ("kttv.vote.wizard", absent.id))
        self._cast_ballot(session, self.user_secretary, written=True)
        vote = self.env["kttv.council.vote"].search([("member_id", "=", absent.id)])
        self.assertEqual((vote.written, vote.recorded_by_id), (True, self.user_secretary))
        with self.assertRaisesRegex(ValidationError, "stay marked absent"), self.env.cr.savepoint():
            secretary.write({"absent_member_ids": [Command.unlink(absent.id)]})

    def test_a_dossier_of_another_phase_is_refused_on_the_server(self):
        other_phase = self.env["kttv.exemplar.phase"].create(
            {
                "plan_id": self.plan.id,
                "name": "Giai đoạn 2 (2029-2030)",
                "date_start": "2029-01-01",
                "date_end": "2030-12-31",
                "assessed_year_from": 2026,
                "assessed_year_to": 2028,
            }
        )
        session = self._session()
        elsewhere = self._session(phase_id=other_phase.id)
        registration = self._register(self.user_unit_a, employee_id=self.emp_a.id)
        with self.assertRaisesRegex(ValidationError, "it cannot be put before"), self.env.cr.savepoint():
            registration.with_user(self.user_officer).write({"council_session_id": elsewhere.id})
        registration.with_user(self.user_officer).write({"council_session_id": session.id})
        with self.assertRaisesRegex(ValidationError, "it cannot be put before"), self.env.cr.savepoint():
            session.with_user(self.user_secretary).write({"phase_id": other_phase.id})
        # A dossier linked before the check existed is refused when the vote opens.
        dossier = self._dossiers(elsewhere, 1)
        self.env.cr.execute(
            "UPDATE kttv_exemplar_registration SET phase_id = %s WHERE id = %s", (self.phase.id, dossier.id)
        )
        dossier.invalidate_recordset(["phase_id"])
        with self.assertRaisesRegex(ValidationError, "it cannot be put before"):
            elsewhere.with_user(self.user_secretary).action_open_vote()
        self.assertEqual(elsewhere.state, "draft")

    def test_the_ballot_lists_what_is_left_and_casts_it_at_once(self):
        session = self._session()
        registrations = self._dossiers(session, 3)
        first = self.members[0]
        session.with_user(self.user_secretary).action_open_vote()
        self.assertEqual(session.with_user(first).my_remaining_count, 3)
        action = session.with_user(first).action_open_ballot()
        wizard = self.env["kttv.vote.wizard"].with_user(first).with_context(**action["context"]).create({})
        self.assertEqual(wizard.member_id, first)
        self.assertEqual(wizard.line_ids.registration_id, registrations)
        # Exemplar dossiers only: the ballot shows no empty column of title nominations.
        self.assertTrue(wizard.has_registrations)
        self.assertFalse(wizard.has_nominations)
        with self.assertRaisesRegex(UserError, "at least one dossier"):
            wizard.action_confirm()
        wizard.line_ids[0].comment = "Cần thêm minh chứng."
        with self.assertRaisesRegex(UserError, "a comment goes with a vote"):
            wizard.action_confirm()
        wizard.line_ids[0].vote = "reject"
        wizard.line_ids[1].vote = "approve"
        self.assertEqual(wizard.action_confirm(), {"type": "ir.actions.act_window_close"})
        votes = self.env["kttv.council.vote"].search([("member_id", "=", first.id)])
        self.assertEqual(votes.registration_id, registrations[:2])
        self.assertEqual(
            votes.filtered(lambda v: v.registration_id == registrations[0]).comment, "Cần thêm minh chứng."
        )
        # One dossier left: the ballot stays to do, and lists that one only.
        self.assertEqual(session.with_user(first).my_remaining_count, 1)
        self.assertOpenActivity(session, VOTE, self.members)
        action = session.with_user(first).action_open_ballot()
        wizard = self.env["kttv.vote.wizard"].with_user(first).with_context(**action["context"]).create({})
        self.assertEqual(wizard.line_ids.registration_id, registrations[2])
        wizard.line_ids.vote = "approve"
        wizard.action_confirm()
        self.assertOpenActivity(session, VOTE, self.members[1:])
        done = self._activities(session, VOTE).filtered(lambda activity: activity.user_id == first)
        self.assertTrue(done and not done.active, "the ballot activity is marked done, not deleted")
        with self.assertRaisesRegex(UserError, "voted on every dossier"):
            session.with_user(first).action_open_ballot()
        # A ballot is its member's own, and lists only the session's dossiers left.
        second = self.members[1]
        with self.assertRaises(AccessError):
            self.env["kttv.vote.wizard"].with_user(second).create(
                {"session_id": session.id, "member_id": first.id, "written": False}
            )
        stranger = self._dossiers(self._session(), 1)
        with self.assertRaisesRegex(ValidationError, "is not on the ballot"), self.env.cr.savepoint():
            self.env["kttv.vote.wizard"].with_user(second).create(
                {"session_id": session.id, "line_ids": [Command.create({"registration_id": stranger.id})]}
            )
        with self.assertRaises(AccessError):
            session.with_user(self.user_secretary).action_open_ballot()

    def test_a_ballot_is_read_by_its_member_only_and_gone_once_cast(self):
        session = self._session()
        self._dossiers(session, 2)
        session.with_user(self.user_secretary).action_open_vote()
        first, second, _third = self.members
        action = session.with_user(first).action_open_ballot()
        wizard = self.env["kttv.vote.wizard"].with_user(first).with_context(**action["context"]).create({})
        wizard.line_ids.write({"vote": "reject", "comment": "Chưa thuyết phục."})
        lines = wizard.line_ids
        for user in (second, self.user_secretary, self.user_manager):
            for record in (wizard, lines):
                with self.subTest(user=user.login, model=record._name):
                    with self.assertRaises(AccessError):
                        record.with_user(user).read(["create_uid"])
                    with self.assertRaises(AccessError):
                        record.with_user(user).write({})
                    with self.assertRaises(AccessError):
                        record.with_user(user).unlink()
                    self.assertFalse(record.with_user(user).search([("id", "in", record.ids)]))
        wizard.action_confirm()
        self.assertFalse(wizard.sudo().exists(), "nothing of a cast ballot stays")
        self.assertFalse(lines.sudo().exists())
        self.assertEqual(
            self.env["kttv.council.vote"].sudo().search([("member_id", "=", first.id)]).mapped("vote"),
            ["reject", "reject"],
        )

    def test_one_ballot_activity_per_member_per_session_and_none_left_after_close(self):
        session = self._session()
        registrations = self._dossiers(session, 5)
        session.with_user(self.user_secretary).action_open_vote()
        self.assertOpenActivity(session, VOTE, self.members)
        first, second, third = self.members
        self._cast_ballot(session, first)
        self._cast_ballot(session, second)
        self.assertOpenActivity(session, VOTE, third)
        session.with_user(self.user_secretary).action_close_vote()
        self.assertFalse(self._open_vote_activities(session))
        left = self._activities(session, VOTE)
        self.assertEqual(left.user_id, first | second, "the ballot not cast is withdrawn, the others stay done")
        self.assertFalse(left.filtered("active"))
        # 2 of 3 members: CSTĐCS needs 80%, every dossier is refused, no decision to prepare.
        self.assertEqual(set(registrations.mapped("state")), {"refused"})
        self.assertFalse(self._activities(session, DECISION))

    def test_closing_asks_tccb_to_prepare_the_decision_once(self):
        session = self._session()
        passed = self._dossiers(session, 2)
        refused = self._dossiers(session, 1, title=self.t_cstd_bo)
        session.with_user(self.user_secretary).action_open_vote()
        for member in self.members:
            action = session.with_user(member).action_open_ballot()
            wizard = self.env["kttv.vote.wizard"].with_user(member).with_context(**action["context"]).create({})
            for line in wizard.line_ids:
                line.vote = "reject" if line.registration_id == refused and member == self.members[0] else "approve"
            wizard.action_confirm()
        session.with_user(self.user_secretary).action_close_vote()
        self.assertEqual(passed.mapped("state"), ["council", "council"])
        self.assertTrue(all(passed.mapped("vote_passed")))
        self.assertEqual((passed.mapped("vote_approve_count"), passed.mapped("vote_percent")), ([3, 3], [100.0, 100.0]))
        self.assertEqual((refused.state, refused.vote_percent), ("refused", 66.67))
        self._flush_tracking()
        for registration in passed:
            self.assertTrue(
                registration.sudo().message_ids.filtered(lambda m: "The council approved: 3 of 3" in (m.body or ""))
            )
        self.assertTrue(refused.sudo().message_ids.filtered(lambda m: "Refused: The council did not" in (m.body or "")))
        self.assertTracked(refused, "Before the council", "Refused")
        self.assertOpenActivity(session, DECISION, self.user_officer)
        self.assertTrue(
            session.sudo().message_ids.filtered(lambda m: "2 dossiers approved, 1 refused" in (m.body or ""))
        )
        # Done once, it is not asked again.
        self._activities(session, DECISION).action_feedback()
        session._kttv_activity_update()
        self.assertFalse(self._activities(session, DECISION).filtered("active"))

    def test_a_dossier_sent_to_a_session_voting_joins_each_ballot(self):
        session = self._session()
        self._dossiers(session, 1)
        session.with_user(self.user_secretary).action_open_vote()
        first = self.members[0]
        self._cast_ballot(session, first)
        self.assertOpenActivity(session, VOTE, self.members[1:])
        late = self._dossiers(session, 1, title=self.t_cstd_bo)
        # What the registration calls when it sends dossiers to a session already voting.
        session._kttv_freeze_dossiers(late)
        line = session.dossier_ids.filtered(lambda line: line.registration_id == late)
        self.assertEqual((line.threshold, line.member_count), (90.0, 3))
        self.assertOpenActivity(session, VOTE, self.members)
        self.assertEqual(session.with_user(first).my_remaining_count, 1)
        session._kttv_freeze_dossiers(late)
        self.assertEqual(len(session.dossier_ids), 2, "frozen once")

    def test_what_each_role_writes_in_each_state(self):
        session = self._session()
        secretary = session.with_user(self.user_secretary)
        # In preparation, everything but who is absent (an AllBut declaration).
        secretary.write({"name": "Phiên họp (đổi tên)", "member_ids": [Command.set(self.members[:2].ids)]})
        session.with_user(self.user_officer).write({"date": "2026-11-30"})
        self.assertEqual(len(session.member_ids), 2)
        with self.assertRaises(UserError):
            secretary.write({"state": "closed"})
        with self.assertRaises(AccessError):
            session.with_user(self.members[0]).write({"name": "x"})
        self._dossiers(session, 1)
        secretary.action_open_vote()
        secretary.write({"minutes": "UERGLTEuNA==", "minutes_name": "bien-ban.pdf", "date": "2026-12-01"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            secretary.write({"phase_id": self.phase.id})
        secretary.action_close_vote()
        secretary.write({"minutes_name": "bien-ban-hop.pdf"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            secretary.write({"name": "Phiên họp khác"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            secretary.unlink()
        draft = self._session()
        draft.with_user(self.user_secretary).unlink()
        self.assertFalse(draft.exists())

    def test_existing_sessions_voting_get_their_rules_and_ballots(self):
        session = self._session()
        registrations = self._dossiers(session, 2)
        # A session opened before this version: voting, with nothing frozen and no ballot activity.
        session.sudo().with_context(mail_notrack=True).write({"state": "voting"})
        self.assertFalse(session.dossier_ids)
        # Their members were asked to vote per dossier then.
        old_vote = self.env.ref("kttv_emulation.mail_act_registration_vote", raise_if_not_found=False)
        if old_vote:
            registrations[0].activity_schedule(old_vote.get_external_id()[old_vote.id], user_id=self.members[0].id)
        path = os.path.join(get_module_path("kttv_emulation"), "migrations", "18.0.1.2.0", "post-council-activities.py")
        spec = importlib.util.spec_from_file_location("kttv_post_council_activities", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(session.dossier_ids.registration_id, registrations)
        self.assertEqual(set(session.dossier_ids.mapped("threshold")), {80.0})
        self.assertOpenActivity(session, VOTE, self.members)
        if old_vote:
            self.assertNoOpenActivity(registrations[0], old_vote.get_external_id()[old_vote.id])
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(len(session.dossier_ids), 2, "running it twice changes nothing")
        self.assertOpenActivity(session, VOTE, self.members)


@tagged("post_install", "-at_install", "is_query_count")
class TestCouncilBatch(KttvCouncilCase):
    """The council's steps in a number of queries that does not grow with the dossiers (issue 12).

    Measured as in production: tracking and chatter on, the members' ballots of
    another session open, the deferred tracking flushed inside the block.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.council = cls.members
        for index in range(3, 15):
            cls.council |= new_test_user(
                cls.env, f"kttv_t_member_{index}", groups=COUNCIL, name=f"Ủy viên Hội đồng {index + 1}"
            )

    def setUp(self):
        super().setUp()
        # Open activities of another session, as real data has them.
        busy = self._session(name="Phiên họp đang bỏ phiếu", member_ids=[Command.set(self.council.ids)])
        self._dossiers(busy, 2)
        busy.with_user(self.user_secretary).action_open_vote()

    def _voting(self, count):
        session = self._session(name=f"Phiên họp {count} hồ sơ", member_ids=[Command.set(self.council.ids)])
        registrations = self._dossiers(session, count // 2)
        registrations |= self._dossiers(session, count - count // 2, title=self.t_ldtt)
        return session, registrations

    def _counting(self, queries):
        """``assertQueryCount(queries)``, or nothing for a warm-up round."""
        return self.assertQueryCount(queries) if queries is not None else contextlib.nullcontext()

    def _flushed(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _assert_open_vote(self, count, queries=None):
        session, registrations = self._voting(count)
        self.env.invalidate_all()
        with self._counting(queries):
            session.with_user(self.user_secretary).action_open_vote()
            self._flushed()
        self.assertEqual(len(session.dossier_ids), count)
        self.assertOpenActivity(session, VOTE, self.council)
        return session, registrations

    def test_open_vote_in_a_constant_number_of_queries(self):
        self._assert_open_vote(2)  # warms the caches of the step
        # +1 / +3 / +2 since the council also votes the titles of the year (kttv.title.nomination).
        self._assert_open_vote(5, 116)
        self._assert_open_vote(50, 116)

    def _assert_ballot(self, count, queries=None):
        session, _registrations = self._voting(count)
        session.with_user(self.user_secretary).action_open_vote()
        member = self.council[0]
        self._flushed()
        self.env.invalidate_all()
        with self._counting(queries):
            self._cast_ballot(session, member, comment="Đồng ý.")
            self._flushed()
        self.assertEqual(len(self.env["kttv.council.vote"].search([("session_id", "=", session.id)])), count)
        self.assertOpenActivity(session, VOTE, self.council[1:])

    def test_a_members_ballot_in_a_constant_number_of_queries(self):
        self._assert_ballot(2)  # warms the caches of the step
        # The ballot is checked again when confirmed (its lines may come on their own over RPC): 4 of these.
        self._assert_ballot(5, 45)
        self._assert_ballot(50, 45)

    def _assert_close(self, count, queries=None):
        session, registrations = self._voting(count)
        session.with_user(self.user_secretary).action_open_vote()
        # Ten of fifteen approve: the CSTĐCS dossiers (80%) are refused, the others pass.
        for member in self.council[:10]:
            self._cast_ballot(session, member)
        self._flushed()
        self.env.invalidate_all()
        with self._counting(queries):
            session.with_user(self.user_secretary).action_close_vote()
            self._flushed()
        self.assertEqual(
            registrations.filtered(lambda r: r.title_id == self.t_cstdcs).mapped("state"), ["refused"] * (count // 2)
        )
        self.assertTrue(all(registrations.filtered(lambda r: r.title_id == self.t_ldtt).mapped("vote_passed")))
        self.assertFalse(self._open_vote_activities(session))

    def test_close_vote_in_a_constant_number_of_queries(self):
        self._assert_close(2)  # warms the caches of the step
        # The same count at both sizes: one statement per kind of row, whatever the number of dossiers.
        self._assert_close(5, 96)
        self._assert_close(50, 96)
