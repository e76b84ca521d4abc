from math import ceil

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.models import INSERT_BATCH_SIZE
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import COUNCIL
from .test_title_nomination import YEAR, KttvNominationCase


class KttvNominationCouncilCase(KttvNominationCase):
    """The agency's council votes the titles of the year by ballot; the head signs one decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.members = [
            new_test_user(cls.env, f"kttv_t_hd_{index}", groups=COUNCIL, name=f"Ủy viên Hội đồng {index}")
            for index in range(5)
        ]

    def _session(self):
        return (
            self.env["kttv.council.session"]
            .with_user(self.user_officer)
            .create(
                {
                    "name": f"Hội đồng TĐKT bình xét năm {YEAR}",
                    "date": f"{YEAR}-12-15",
                    "secretary_id": self.user_officer.id,
                    "member_ids": [Command.set([member.id for member in self.members])],
                }
            )
            .with_user(self.env.user)
        )

    def _before_council(self, nominations, session, submit=True):
        if submit:
            nominations.with_user(self.user_unit_a).action_submit()
        nominations.with_user(self.user_officer).write({"council_session_id": session.id})
        nominations.with_user(self.user_officer).action_send_council()

    def _ballot(self, session, user, votes=None, default="approve"):
        """``user``'s ballot: ``votes`` ``{nomination: vote}``, the others ``default``."""
        action = session.with_user(user).action_open_ballot()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"]).create({})
        # Titles of the year only: no empty column of exemplar dossiers.
        self.assertEqual((wizard.has_registrations, wizard.has_nominations), (False, True))
        for line in wizard.line_ids:
            line.vote = (votes or {}).get(line.nomination_id, default)
        return wizard.action_confirm()

    def _vote(self, session, approvals, votes=None):
        """The first ``approvals`` members approve (but ``votes``), the others reject."""
        for index, member in enumerate(self.members):
            self._ballot(
                session, member, votes if index < approvals else None, "approve" if index < approvals else "reject"
            )


@tagged("post_install", "-at_install")
class TestNominationCouncil(KttvNominationCouncilCase):
    def test_the_council_votes_the_titles_and_the_head_signs_one_decision(self):
        author = self._nominate(self.emp_a, self.t_cstdcs)
        worker = self._nominate(self.emp_self, self.t_ldtt)
        colleague = self._nominate(self.emp_a_child, self.t_ldtt)
        nominations = author | worker | colleague
        session = self._session()
        self._before_council(nominations, session)
        session.with_user(self.user_officer).action_open_vote()
        self.assertEqual(
            set(self.env["kttv.council.dossier"].search([("session_id", "=", session.id)]).nomination_id),
            set(nominations),
        )
        # A member sees the titles on their ballot; a stranger to the council cannot vote.
        with self.assertRaises(AccessError):
            session.with_user(self.user_unit_a).action_open_ballot()
        self._vote(session, 4, votes={colleague: "reject"})
        for member in self.members[:2]:
            self.assertFalse(session.with_user(member).my_remaining_count)
        session.with_user(self.user_officer).action_close_vote()
        # CSTĐCS: secret ballot, 80% of all members; LĐTT: more than half.
        self.assertTrue(author.council_passed)
        self.assertEqual((author.council_approve_count, author.council_member_count), (4, 5))
        self.assertEqual(author.council_threshold, self.t_cstdcs.vote_threshold)
        self.assertTrue(worker.council_passed)
        self.assertEqual(colleague.state, "refused")
        self.assertIn("did not", colleague.message_ids[0].body)
        self.assertEqual((author.state, worker.state), ("council", "council"))
        # TCCB prepares the head's decision from what the council passed: one decision for the year.
        with self.assertRaises(AccessError):
            (author | worker).with_user(self.user_unit_a).action_prepare_decision()
        action = (author | worker).with_user(self.user_officer).action_prepare_decision()
        decision = self.env["kttv.emulation.decision"].browse(action["res_id"])
        self.assertEqual(decision.nomination_ids, author | worker)
        self.assertEqual(
            (decision.authority, decision.award_kind, decision.achievement_year), ("administration", "merit", YEAR)
        )
        with self.assertRaisesRegex(UserError, "already in decision"):
            author.with_user(self.user_officer).action_prepare_decision()
        decision.with_user(self.user_officer).action_to_sign()
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(decision.state, "signed")
        self.assertEqual((author.state, worker.state), ("recognized", "recognized"))
        for nomination in author | worker:
            achievement = nomination.achievement_id
            self.assertEqual(achievement.decision_number, decision.number)
            self.assertEqual(achievement.decision_id, decision)
            self.assertEqual(achievement.award_kind, "merit")
            self.assertEqual(achievement.year, YEAR)
            self.assertEqual(nomination.decision_number, decision.number)
        self.assertEqual(self.initiative.used_for_id, author.achievement_id)
        lines = decision.sudo().fund_line_ids
        self.assertEqual(set(lines.employee_id), {self.emp_a, self.emp_self})
        self.assertTrue(all(amount > 0 for amount in lines.mapped("amount")))
        # Cancelled, the decision undoes it all: the titles wait for a decision again, the initiative is free.
        decision.with_user(self.user_manager)._kttv_run("cancel", "Sai sót trong danh sách")
        self.assertEqual((author.state, worker.state), ("council", "council"))
        self.assertFalse(author.achievement_id)
        self.assertFalse(self.initiative.used_for_id)
        self.assertTrue(all(lines.mapped("cancelled")))

    def test_cstd_bo_goes_to_the_ministry_not_into_the_heads_decision(self):
        for year in (YEAR - 2, YEAR - 1):
            self._achievement(self.emp_a, year, self.t_cstdcs)
        ministry_wide = self.env["kttv.initiative"].create(
            {
                "name": "Hệ thống cảnh báo lũ quét toàn ngành",
                "department_id": self.unit_a.id,
                "year": YEAR,
                "author_ids": [Command.create({"employee_id": self.emp_a.id, "share": 100})],
            }
        )
        ministry_wide.action_submit()
        ministry_wide.write({"scope": "ministry", "decision_number": "7/QĐ-BNNMT", "decision_date": f"{YEAR}-09-01"})
        ministry_wide.action_recognize()
        fighter = self._nominate(self.emp_a, self.t_cstd_bo)
        worker = self._nominate(self.emp_self, self.t_ldtt)
        session = self._session()
        self._before_council(fighter | worker, session)
        session.with_user(self.user_officer).action_open_vote()
        self._vote(session, 5)
        session.with_user(self.user_officer).action_close_vote()
        self.assertTrue(fighter.council_passed)
        with self.assertRaisesRegex(UserError, "beyond the head's authority"):
            (fighter | worker).with_user(self.user_officer).action_prepare_decision()
        action = worker.with_user(self.user_officer).action_prepare_decision()
        decision = self.env["kttv.emulation.decision"].browse(action["res_id"])
        self.assertNotIn(fighter, decision.nomination_ids)
        # Put in by hand, it is refused when the decision goes for signature.
        decision.with_user(self.user_officer).write({"nomination_ids": [Command.link(fighter.id)]})
        with self.assertRaisesRegex(UserError, "cannot be awarded by decision"):
            decision.with_user(self.user_officer).action_to_sign()
        decision.with_user(self.user_officer).write({"nomination_ids": [Command.unlink(fighter.id)]})
        decision.with_user(self.user_officer).action_to_sign()
        decision.with_user(self.user_manager).action_sign()
        self.assertEqual(fighter.state, "council")
        # One proposal to the Ministry; its decision, recorded by TCCB, writes the title.
        action = fighter.with_user(self.user_officer).action_propose_ministry()
        proposal = self.env["kttv.ministry.proposal"].browse(action["res_id"])
        self.assertEqual(proposal.nomination_ids, fighter)
        self.assertEqual(fighter.state, "ministry_proposed")
        proposal.with_user(self.user_officer).action_send()
        action = proposal.with_user(self.user_officer).action_record_decision()
        ministry = self.env["kttv.emulation.decision"].browse(action["res_id"])
        self.assertEqual(ministry.nomination_ids, fighter)
        self.assertFalse(ministry.title_id, "each title of the year keeps its own")
        ministry.with_user(self.user_officer).write({"number_entry": "120/QĐ-BNNMT", "date": f"{YEAR}-11-28"})
        ministry.with_user(self.user_officer).action_sign()
        self.assertEqual(fighter.state, "ministry_recognized")
        self.assertEqual(fighter.achievement_id.decision_number, ministry.number)
        self.assertEqual(fighter.achievement_id.title_id, self.t_cstd_bo)
        self.assertEqual(ministry_wide.used_for_id, fighter.achievement_id)
        self.assertEqual(proposal.state, "decided")


@tagged("post_install", "-at_install", "is_query_count")
class TestNominationCouncilBatch(KttvNominationCouncilCase):
    def _prepare(self, size):
        """``size`` LĐTT nominations passed by a closed session (or voting, ``close=False``)."""
        employees = self.env["hr.employee"].create(
            [{"name": f"Viên chức {size}-{index}", "department_id": self.unit_a.id} for index in range(size)]
        )
        for employee in employees:
            self._rating(employee, YEAR, "good")
        nominations = self.Nomination.with_user(self.user_unit_a).create(
            [
                {"employee_id": employee.id, "title_id": self.t_ldtt.id, "year": YEAR, "vote_members": 9, "vote_for": 8}
                for employee in employees
            ]
        )
        session = self._session()
        self._before_council(nominations, session)
        session.with_user(self.user_officer).action_open_vote()
        self._vote(session, 4)
        return session, nominations.with_user(self.env.user)

    def _flush(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _measure(self, queries, prepare, step, per_activity_batch=0, per_record_activities=0):
        prepared = {size: prepare(size) for size in (2, 5, 50)}
        self._flush()
        self.env.invalidate_all()
        step(prepared[2])  # caches warm (rules, groups), as a running server has them
        self._flush()
        counts, expected = {}, {}
        for size in (5, 50):
            expected[size] = queries + per_activity_batch * (
                ceil(size * per_record_activities / INSERT_BATCH_SIZE) - 1 if per_record_activities else 0
            )
            self.env.invalidate_all()
            with self.assertQueryCount(expected[size]):
                start = self.cr.sql_log_count
                step(prepared[size])
                self._flush()
                counts[size] = self.cr.sql_log_count - start
        self.assertEqual(counts, expected, "the same queries for 5 and for 50 nominations")
        return prepared

    def test_close_vote(self):
        prepared = self._measure(
            STEP_QUERIES["close_vote"],
            self._prepare,
            lambda prepared: prepared[0].with_user(self.user_officer).action_close_vote(),
        )
        for _session, nominations in prepared.values():
            self.assertTrue(all(nominations.mapped("council_passed")))

    def test_sign_decision(self):
        def prepare(size):
            session, nominations = self._prepare(size)
            session.with_user(self.user_officer).action_close_vote()
            action = nominations.with_user(self.user_officer).action_prepare_decision()
            decision = self.env["kttv.emulation.decision"].browse(action["res_id"])
            decision.with_user(self.user_officer).action_to_sign()
            return decision, nominations

        prepared = self._measure(
            STEP_QUERIES["sign"], prepare, lambda prepared: prepared[0].with_user(self.user_manager).action_sign()
        )
        for decision, nominations in prepared.values():
            self.assertEqual(set(nominations.mapped("state")), {"recognized"})
            self.assertEqual(len(decision.achievement_ids), len(nominations))
            self.assertEqual(len(decision.sudo().fund_line_ids), len(nominations))


# Pinned: the same at 5 and at 50 nominations.
STEP_QUERIES = {"close_vote": 111, "sign": 187}
