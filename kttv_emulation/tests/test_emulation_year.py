from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_title_nomination import YEAR
from .test_title_nomination_council import KttvNominationCouncilCase


@tagged("post_install", "-at_install")
class TestEmulationYear(KttvNominationCouncilCase):
    """One emulation year, each step by the role that takes it."""

    def _propose(self, user, values):
        return self.Nomination.with_user(user).create(values).with_user(self.env.user)

    def _exemplar_registration(self, employee, first, last):
        """``employee`` registered as an exemplar of a phase assessing ``first``..``last``, on a CSTĐCS criterion."""
        criterion = self.env["kttv.exemplar.criterion"].create(
            {
                "name": "Đạt danh hiệu Chiến sĩ thi đua cơ sở mỗi năm được đánh giá",
                "code": "YEAR_CSTDCS_EACH_YEAR",
                "applies_to": "individual",
                "method": "rule",
                "rule": "history",
                "rule_title_id": self.t_cstdcs.id,
            }
        )
        plan = self.env["kttv.exemplar.plan"].create(
            {
                "name": f"Kế hoạch điển hình tiên tiến {YEAR}-{YEAR + 4} (kiểm thử năm thi đua)",
                "year_start": YEAR,
                "year_end": YEAR + 4,
                "officer_id": self.user_officer.id,
                "criterion_ids": [Command.set(criterion.ids)],
            }
        )
        phase = self.env["kttv.exemplar.phase"].create(
            {
                "plan_id": plan.id,
                "name": f"Giai đoạn 1 ({YEAR}-{YEAR + 2})",
                "date_start": f"{YEAR}-01-01",
                "date_end": f"{YEAR + 2}-12-31",
                "registration_deadline": f"{YEAR}-12-31",
                "assessed_year_from": first,
                "assessed_year_to": last,
            }
        )
        return (
            self.env["kttv.exemplar.registration"]
            .with_user(self.user_unit_a)
            .create(
                {
                    "phase_id": phase.id,
                    "registering_unit_id": self.unit_a.id,
                    "employee_id": employee.id,
                    "model_summary": "Dự báo mưa lớn bằng tổ hợp số liệu ra đa.",
                }
            )
            .with_user(self.env.user)
        )

    def test_one_year_as_each_role(self):
        unit_a, unit_b, officer = self.user_unit_a, self.user_unit_b, self.user_officer
        (self.unit_a | self.unit_b).kttv_is_unit = True
        self.env.company.kttv_registration_required = True
        # The author of unit A was already a CSTĐCS last year (imported); an exemplar plan's criterion
        # asks for CSTĐCS in each of its assessed years, last year and this one.
        self._achievement(self.emp_a, YEAR - 1, self.t_cstdcs, source="import")
        exemplar = self._exemplar_registration(self.emp_a, YEAR - 1, YEAR)
        exemplar.with_user(officer).action_evaluate_criteria()
        self.assertEqual(
            (exemplar.criterion_line_ids.rule_result, exemplar.criterion_line_ids.rule_detail),
            ("fail", f"Missing in {YEAR}."),
        )

        # 1. TCCB launches the year's regular movement.
        movement = (
            self.env["kttv.emulation.movement"]
            .with_user(officer)
            .create(
                {
                    "name": f"Phong trào thi đua thường xuyên năm {YEAR}",
                    "year": YEAR,
                    "date_start": f"{YEAR}-01-01",
                    "date_end": f"{YEAR}-12-31",
                    "registration_deadline": f"{YEAR}-12-31",
                    "document_number": "01/KH-KTTV",
                    "document_date": f"{YEAR}-01-05",
                }
            )
        )
        movement.action_launch()
        self.assertEqual(movement.state, "launched")

        # 2. Two units register their titles; TCCB accepts them.
        Registration = self.env["kttv.title.registration"]
        registration_a = Registration.with_user(unit_a).create(
            {
                "department_id": self.unit_a.id,
                "year": YEAR,
                "line_ids": [
                    Command.create({"employee_id": self.emp_a.id, "title_id": self.t_cstdcs.id}),
                    Command.create({"employee_id": self.emp_a_child.id, "title_id": self.t_cstdcs.id}),
                ],
            }
        )
        registration_b = Registration.with_user(unit_b).create(
            {
                "department_id": self.unit_b.id,
                "year": YEAR,
                "line_ids": [Command.create({"employee_id": self.emp_b.id, "title_id": self.t_cstdcs.id})],
            }
        )
        self.assertEqual(registration_a.movement_id, movement)
        registration_a.action_submit()
        registration_b.action_submit()
        self.assertFalse(registration_a.is_late)
        (registration_a | registration_b).with_user(officer).action_accept()

        # 3. An initiative of unit B is recognised at unit scope.
        initiative = (
            self.env["kttv.initiative"]
            .with_user(unit_b)
            .create(
                {
                    "name": "Quy trình kiểm soát số liệu mưa tự động",
                    "department_id": self.unit_b.id,
                    "year": YEAR,
                    "author_ids": [Command.create({"employee_id": self.emp_b.id, "share": 100})],
                }
            )
        )
        initiative.action_submit()
        initiative.with_user(officer).write(
            {"scope": "unit", "decision_number": "12/QĐ-ĐKTTVB", "decision_date": f"{YEAR}-10-20"}
        )
        initiative.with_user(officer).action_recognize()
        self.assertEqual(initiative.state, "recognized")

        # 4. The year's ratings are entered (unit A's in the set-up).
        self.env["kttv.annual.rating"].with_user(officer).create(
            {"employee_id": self.emp_b.id, "year": YEAR, "rating": "excellent"}
        )

        # 5. The review proposes CSTĐCS for the authors, and refuses it, naming the missing condition, for a
        #    colleague rated excellent without an initiative; what was not registered cannot be proposed.
        author_a = self._propose(
            unit_a,
            {
                "employee_id": self.emp_a.id,
                "title_id": self.t_cstdcs.id,
                "year": YEAR,
                "vote_members": 12,
                "vote_for": 11,
            },
        )
        colleague = self._propose(
            unit_a,
            {
                "employee_id": self.emp_a_child.id,
                "title_id": self.t_cstdcs.id,
                "year": YEAR,
                "vote_members": 12,
                "vote_for": 10,
            },
        )
        author_b = self._propose(
            unit_b,
            {
                "employee_id": self.emp_b.id,
                "title_id": self.t_cstdcs.id,
                "year": YEAR,
                "vote_members": 8,
                "vote_for": 8,
            },
        )
        self.assertEqual(author_a.condition_result, "pass")
        self.assertEqual(author_b.condition_result, "pass")
        self.assertEqual(author_b.proposed_initiative_id, initiative)
        self.assertEqual(colleague.condition_result, "fail")
        self.assertIn("initiative", colleague.condition_reason)
        with self.assertRaisesRegex(UserError, "Phạm Thị Dung was not registered for Lao động tiên tiến"):
            self._propose(
                unit_a,
                {
                    "employee_id": self.emp_self.id,
                    "title_id": self.t_ldtt.id,
                    "year": YEAR,
                    "vote_members": 1,
                    "vote_for": 1,
                },
            )

        # 6. The units submit (with their vote); the colleague's proposal is refused with the reason.
        with self.assertRaisesRegex(UserError, "does not meet the conditions.*initiative"):
            colleague.with_user(unit_a).action_submit()
        author_a.with_user(unit_a).action_submit()
        author_b.with_user(unit_b).action_submit()

        # 7. The council votes by secret ballot, counted on all its members.
        session = self._session()
        self._before_council(author_a | author_b, session, submit=False)
        session.with_user(officer).action_open_vote()
        self._vote(session, 5)
        session.with_user(officer).action_close_vote()
        self.assertTrue(all((author_a | author_b).mapped("council_passed")))

        # 8. The head signs one decision for the year's titles of their authority.
        action = (author_a | author_b).with_user(officer).action_prepare_decision()
        decision = self.env["kttv.emulation.decision"].browse(action["res_id"])
        decision.with_user(officer).action_to_sign()
        decision.with_user(self.user_manager).action_sign()

        # 9. The achievements exist with the decision's number.
        achievements = self.env["kttv.achievement"].search([("decision_id", "=", decision.id)])
        self.assertEqual(set(achievements.employee_id), {self.emp_a, self.emp_b})
        self.assertEqual(set(achievements.mapped("decision_number")), {decision.number})
        self.assertEqual(set(achievements.mapped("year")), {YEAR})

        # 10. The next year's streaks read them (the streaks the exemplar criteria read): the author of unit A
        #     has two years of CSTĐCS, last year's imported and this year's decided.
        streaks = self.env["kttv.achievement"]._title_streaks(self.emp_a | self.emp_b, self.t_cstdcs, YEAR)
        self.assertEqual((streaks[self.emp_a.id], streaks[self.emp_b.id]), (2, 1))
        self.assertEqual(self.emp_b.with_user(officer).kttv_streak_title_id, self.t_cstdcs)
        # The exemplar criterion reads the title the decision wrote.
        exemplar.with_user(officer).action_evaluate_criteria()
        self.assertEqual(
            (exemplar.criterion_line_ids.rule_result, exemplar.criterion_line_ids.rule_detail),
            ("pass", f"Every year from {YEAR - 1} to {YEAR}."),
        )

        # 11. The initiative served once: it cannot be used for a second title.
        self.assertEqual(initiative.used_for_id, author_b.achievement_id)
        self.env.company.kttv_registration_required = False
        self._rating(self.emp_b, YEAR + 1, "excellent")
        second = self._propose(
            unit_b,
            {
                "employee_id": self.emp_b.id,
                "title_id": self.t_cstdcs.id,
                "year": YEAR + 1,
                "vote_members": 8,
                "vote_for": 8,
            },
        )
        self.assertEqual(second.condition_result, "fail")
        self.assertIn("already used for another title", second.condition_reason)
        with self.assertRaisesRegex(UserError, "already served"):
            self.env["kttv.initiative"]._kttv_spend([(initiative, author_a.achievement_id)])

        # 12. Next year's review: the author's CSTĐ cấp bộ counts this year's decided CSTĐCS in its streak.
        self._rating(self.emp_a, YEAR + 1, "excellent")
        self.env["kttv.initiative"].create(
            [
                {
                    "name": name,
                    "department_id": self.unit_a.id,
                    "year": YEAR + 1,
                    "state": "recognized",
                    "scope": scope,
                    "decision_number": number,
                    "decision_date": f"{YEAR + 1}-06-01",
                    "author_ids": [Command.create({"employee_id": self.emp_a.id, "share": 100})],
                }
                for name, scope, number in (
                    ("Bản tin dự báo mưa lớn theo ô lưới", "unit", "3/QĐ-ĐKTTVA"),
                    ("Cơ sở dữ liệu khí hậu toàn ngành", "ministry", "4/QĐ-BNNMT"),
                )
            ]
        )
        fighter = self._propose(
            unit_a,
            {
                "employee_id": self.emp_a.id,
                "title_id": self.t_cstd_bo.id,
                "year": YEAR + 1,
                "vote_members": 12,
                "vote_for": 12,
            },
        )
        streak = fighter._kttv_verdicts()[fighter.id].conditions[1]
        self.assertEqual(
            (streak.code, streak.result, streak.evidence["years"], streak.evidence["streak"]),
            ("cstdcs_streak", "pass", [YEAR - 1, YEAR, YEAR + 1], 3),
        )
        self.assertEqual(fighter.condition_result, "pass", fighter.condition_html)
        self.assertIn(
            f"3 consecutive years of Grassroots Emulation Fighter: 3 ({YEAR - 1}, {YEAR}, {YEAR + 1})",
            fighter.condition_html,
        )
