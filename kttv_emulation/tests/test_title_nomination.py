from math import ceil

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.models import INSERT_BATCH_SIZE
from odoo.tests import tagged

from .common import KttvCase

YEAR = 2026


class KttvNominationCase(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Nomination = cls.env["kttv.title.nomination"]
        cls.env.company.kttv_director_id = cls.user_manager
        # emp_a and emp_self are the authors of an initiative recognised at unit scope.
        cls.initiative = cls.env["kttv.initiative"].create(
            {
                "name": "Tự động hóa bản tin dự báo",
                "department_id": cls.unit_a.id,
                "year": YEAR,
                "author_ids": [
                    Command.create({"employee_id": cls.emp_a.id, "share": 70}),
                    Command.create({"employee_id": cls.emp_self.id, "share": 30}),
                ],
            }
        )
        cls.initiative.action_submit()
        cls.initiative.write({"scope": "unit", "decision_number": "5/QĐ-KTTV", "decision_date": f"{YEAR}-10-01"})
        cls.initiative.action_recognize()
        for employee in (cls.emp_a, cls.emp_a_child, cls.emp_self):
            cls._rating(employee, YEAR, "excellent")

    def _nominate(self, subject, title, user=None, **vals):
        field = "employee_id" if subject._name == "hr.employee" else "department_id"
        return (
            self.Nomination.with_user(user or self.user_unit_a)
            .create({field: subject.id, "title_id": title.id, "year": YEAR, "vote_members": 20, "vote_for": 18, **vals})
            .with_user(self.env.user)
        )

    def _to_council(self, nominations):
        nominations.with_user(self.user_unit_a).action_submit()
        nominations.with_user(self.user_officer).action_send_council()


@tagged("post_install", "-at_install")
class TestNominationConditions(KttvNominationCase):
    def test_cstdcs_for_the_author_and_refused_for_a_colleague_without_initiative(self):
        author = self._nominate(self.emp_a, self.t_cstdcs)
        colleague = self._nominate(self.emp_a_child, self.t_cstdcs)
        self.assertEqual(author.condition_result, "pass")
        self.assertEqual(author.proposed_initiative_id, self.initiative)
        self.assertIn("Tự động hóa bản tin dự báo", author.condition_html)
        self.assertEqual(colleague.condition_result, "fail")
        self.assertIn("initiative", colleague.condition_reason)
        with self.assertRaisesRegex(UserError, "does not meet the conditions.*initiative"):
            colleague.with_user(self.user_unit_a).action_submit()
        self.assertEqual(colleague.state, "draft")

    def test_ldtt_reads_the_rating(self):
        self._rating(self.emp_b, YEAR, "completed")
        refused = self._nominate(self.emp_b, self.t_ldtt, user=self.user_unit_b)
        self.assertEqual(refused.condition_result, "fail")
        self.assertIn("Rated good or better in 2026", refused.condition_reason)
        self.assertEqual(self._nominate(self.emp_a, self.t_ldtt).condition_result, "pass")

    def test_ttldxs_accepted_at_70_percent_refused_below_with_the_reason(self):
        seventy = self.env["hr.department"].create({"name": "Phòng Dự báo", "parent_id": self.unit_a.id})
        below = self.env["hr.department"].create({"name": "Phòng Mạng lưới", "parent_id": self.unit_a.id})
        for department, members, good in ((seventy, 10, 7), (below, 13, 9)):
            employees = self.env["hr.employee"].create(
                [{"name": f"{department.name} {index}", "department_id": department.id} for index in range(members)]
            )
            for index, employee in enumerate(employees):
                self._rating(employee, YEAR, "good" if index < good else "completed")
            self._achievement(employees[0], YEAR, self.t_cstdcs)
            self._rating(department, YEAR, "excellent")
        accepted = self._nominate(seventy, self.t_ttldxs)
        refused = self._nominate(below, self.t_ttldxs)
        self.assertEqual(accepted.condition_result, "pass", accepted.condition_html)
        self.assertIn("7 of 10 (70.0%)", accepted.condition_html)
        self.assertEqual(refused.condition_result, "fail")
        self.assertIn("At least 70% of the members are Advanced Workers: 9 of 13 (69.2%)", refused.condition_reason)


@tagged("post_install", "-at_install")
class TestNominationWorkflow(KttvNominationCase):
    def test_the_year_from_proposal_to_achievement_spends_the_initiative(self):
        author = self._nominate(self.emp_a, self.t_cstdcs)
        self.assertIs(author.with_user(self.user_unit_a).action_submit(), True)
        self.assertEqual(author.state, "submitted")
        author.with_user(self.user_officer).action_send_council()
        self.assertEqual(author.state, "council")
        with self.assertRaisesRegex(UserError, "decision's number and date"):
            author.with_user(self.user_manager).action_recognize()
        author.with_user(self.user_officer).write({"decision_number": "88/QĐ-KTTV", "decision_date": f"{YEAR}-12-20"})
        with self.assertRaises(AccessError):
            author.with_user(self.user_officer).action_recognize()
        self.assertIs(author.with_user(self.user_manager).action_recognize(), True)
        self.assertEqual(author.state, "recognized")
        achievement = author.achievement_id
        self.assertEqual(achievement.employee_id, self.emp_a)
        self.assertEqual(achievement.title_id, self.t_cstdcs)
        self.assertEqual(achievement.decision_number, "88/QĐ-KTTV")
        self.assertEqual(author.initiative_id, self.initiative)
        self.assertEqual(self.initiative.used_for_id, achievement)
        # The co-author cannot use the same initiative for their own CSTĐCS.
        co_author = self._nominate(self.emp_self, self.t_cstdcs)
        self.assertEqual(co_author.condition_result, "fail")
        self.assertIn("already used for another title", co_author.condition_reason)

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
        nomination = self._nominate(self.emp_a, self.t_cstd_bo)
        self.assertEqual(nomination.condition_result, "pass", nomination.condition_html)
        self.assertFalse(nomination.within_head_authority)
        self._to_council(nomination)
        with self.assertRaisesRegex(UserError, "beyond the head's authority"):
            nomination.with_user(self.user_manager).action_recognize()
        nomination.with_user(self.user_officer).action_propose_ministry()
        self.assertEqual(nomination.state, "ministry_proposed")
        with self.assertRaisesRegex(UserError, "Ministry's decision number"):
            nomination.with_user(self.user_officer).action_ministry_recognize()
        nomination.with_user(self.user_officer).write(
            {"ministry_decision_number": "120/QĐ-BNNMT", "ministry_decision_date": f"{YEAR + 1}-01-15"}
        )
        nomination.with_user(self.user_officer).action_ministry_recognize()
        self.assertEqual(nomination.state, "ministry_recognized")
        self.assertEqual(nomination.achievement_id.decision_number, "120/QĐ-BNNMT")
        self.assertEqual(ministry_wide.used_for_id, nomination.achievement_id)

    def test_return_refuse_and_cancel(self):
        nomination = self._nominate(self.emp_a, self.t_ldtt)
        nomination.with_user(self.user_unit_a).action_submit()
        nomination.with_user(self.user_officer).action_return()
        self.assertEqual(nomination.state, "draft")
        self.assertFalse(nomination.date_submitted)
        nomination.with_user(self.user_unit_a).action_submit()
        nomination.with_user(self.user_officer).action_refuse()
        self.assertEqual(nomination.state, "refused")
        other = self._nominate(self.emp_a_child, self.t_ldtt)
        other.with_user(self.user_unit_a).action_cancel()
        self.assertEqual(other.state, "cancelled")
        # Cancelled, the subject may be proposed again.
        self.assertTrue(self._nominate(self.emp_a_child, self.t_ldtt))

    def test_the_unit_vote_is_needed_and_the_decision_is_tccbs(self):
        nomination = self._nominate(self.emp_a, self.t_ldtt, vote_members=0, vote_for=0)
        with self.assertRaisesRegex(UserError, "unit's vote"):
            nomination.with_user(self.user_unit_a).action_submit()
        with self.assertRaisesRegex(UserError, "recorded by TCCB"):
            self._nominate(self.emp_a_child, self.t_ldtt, decision_number="1/QĐ")
        with self.assertRaises(UserError):
            nomination.with_user(self.user_unit_a).write({"decision_number": "1/QĐ"})
        with self.assertRaisesRegex(UserError, "buttons"):
            nomination.with_user(self.user_manager).write({"state": "recognized"})
        self.assertEqual(nomination.state, "draft")


@tagged("post_install", "-at_install")
class TestNominationAccess(KttvNominationCase):
    def test_units_see_their_own_tccb_all_employee_their_own_council_what_is_before_it(self):
        mine = self._nominate(self.emp_self, self.t_ldtt)
        theirs = self._nominate(self.emp_b, self.t_ldtt, user=self.user_unit_b)
        both = mine | theirs
        self.assertEqual(self.Nomination.with_user(self.user_unit_a).search([("id", "in", both.ids)]), mine)
        self.assertEqual(self.Nomination.with_user(self.user_officer).search([("id", "in", both.ids)]), both)
        self.assertEqual(self.Nomination.with_user(self.user_employee).search([("id", "in", both.ids)]), mine)
        self.assertFalse(self.Nomination.with_user(self.user_council).search([("id", "in", both.ids)]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).read(["state"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).action_submit()
        with self.assertRaises(AccessError):
            mine.with_user(self.user_employee).write({"achievement_report": "x"})
        with self.assertRaises(AccessError):
            self._nominate(self.emp_b, self.t_cstdcs)
        self._rating(self.emp_b, YEAR, "good")
        self._to_council(mine)
        self.assertEqual(self.Nomination.with_user(self.user_council).search([("id", "in", both.ids)]), mine)
        with self.assertRaises(AccessError):
            mine.with_user(self.user_council).write({"council_note": "x"})
        with self.assertRaises(AccessError):
            mine.with_user(self.user_unit_a).action_send_council()


@tagged("post_install", "-at_install", "is_query_count")
class TestNominationConditionQueries(KttvNominationCase):
    """The conditions of 5 and of 50 nominations cost the same queries."""

    def test_conditions_in_a_constant_number_of_queries(self):
        department = self.env["hr.department"].create({"name": "Phòng kiểm thử", "parent_id": self.unit_a.id})
        employees = self.env["hr.employee"].create(
            [{"name": f"Viên chức {index}", "department_id": department.id} for index in range(110)]
        )
        for index, employee in enumerate(employees):
            self._rating(employee, YEAR, "excellent" if index % 2 else "good")
            self._achievement(employee, YEAR - 1, self.t_ldtt)
        self._rating(department, YEAR, "excellent")
        titles = [self.t_ldtt, self.t_cstdcs, self.t_cstd_bo]
        sets = {}
        start = 0
        for size in (2, 5, 50):
            sets[size] = self.Nomination.create(
                [
                    {"employee_id": employee.id, "title_id": titles[index % 3].id, "year": YEAR}
                    for index, employee in enumerate(employees[start : start + size])
                ]
            )
            start += size
        # A collective in each batch too: its members' figures are read with the rest.
        for size in (2, 5, 50):
            collective = self.env["hr.department"].create({"name": f"Tổ {size}", "parent_id": self.unit_a.id})
            members = self.env["hr.employee"].create(
                [{"name": f"Thành viên {size} {index}", "department_id": collective.id} for index in range(10)]
            )
            for member in members:
                self._rating(member, YEAR, "good")
            self._rating(collective, YEAR, "excellent")
            sets[size] |= self.Nomination.create(
                {"department_id": collective.id, "title_id": self.t_ttldxs.id, "year": YEAR}
            )
        self.env.flush_all()
        self.env.invalidate_all()
        sets[2].with_user(self.user_unit_a).mapped("condition_reason")  # caches warm (rules, groups)
        counts = {}
        for size in (5, 50):
            self.env.invalidate_all()
            with self.assertQueryCount(QUERIES):
                before = self.cr.sql_log_count
                results = sets[size].with_user(self.user_unit_a).mapped("condition_reason")
                counts[size] = self.cr.sql_log_count - before
            self.assertEqual(len(results), len(sets[size]))
        self.assertEqual(counts, {5: QUERIES, 50: QUERIES}, "the same queries for 5 and for 50 nominations")
        # The review itself (what bench/bench_year_end.py times at 10,300 nominations): plain rows, one query each.
        for size in (5, 50):
            self.env.invalidate_all()
            with self.assertQueryCount(VERDICT_QUERIES):
                verdicts = sets[size].with_user(self.user_unit_a)._kttv_verdicts()
            self.assertEqual(set(verdicts), set(sets[size].ids))
            # Its 10 members rated good: all Advanced Workers, none a Grassroots Emulation Fighter.
            collective = verdicts[sets[size].filtered("department_id").id]
            self.assertEqual((collective.result, collective.reason.code), ("fail", "has_cstdcs"))
            self.assertEqual(collective.conditions[3].evidence["count"], 10)


QUERIES = 10
# The access check on the nominations (with what their record rules read), then one query each for
# their rows, the collectives' members, the ratings, titles, initiatives and holds.
VERDICT_QUERIES = 10


@tagged("post_install", "-at_install", "is_query_count")
class TestNominationStepQueries(KttvNominationCase):
    """Submit and recognise cost the same queries for 5 and for 50 nominations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.candidates = cls.env["hr.employee"].create(
            [{"name": f"Ứng viên {index}", "department_id": cls.unit_a.id} for index in range(120)]
        )
        for employee in cls.candidates:
            cls._rating(employee, YEAR, "excellent")
        cls.used = 0

    def _prepare(self, size):
        employees = self.candidates[self.used : self.used + size]
        self.used += size
        # Each candidate the author of a recognised initiative: recognising spends it.
        initiatives = self.env["kttv.initiative"].create(
            [
                {
                    "name": f"Sáng kiến của {employee.name}",
                    "department_id": self.unit_a.id,
                    "year": YEAR,
                    "author_ids": [Command.create({"employee_id": employee.id, "share": 100})],
                }
                for employee in employees
            ]
        )
        initiatives.action_submit()
        initiatives.write({"scope": "unit", "decision_number": "3/QĐ-KTTV", "decision_date": f"{YEAR}-10-01"})
        initiatives.action_recognize()
        return self.Nomination.with_user(self.user_unit_a).create(
            [
                {
                    "employee_id": employee.id,
                    "title_id": self.t_cstdcs.id,
                    "year": YEAR,
                    "vote_members": 20,
                    "vote_for": 19,
                }
                for employee in employees
            ]
        )

    def _flush(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _measure(self, queries, prepare, step, per_activity_batch=0):
        """``step`` costs ``queries`` on 5 and on 50 prepared nominations.

        ``per_activity_batch``: the queries the ORM adds per 100 activities it
        inserts (``INSERT_BATCH_SIZE``): a review activity goes to every TCCB
        officer, so 50 nominations may make more than one batch of rows.
        """
        officers = len(self.Nomination._kttv_tccb_officers())
        prepared = {size: prepare(size) for size in (2, 5, 50)}
        self._flush()
        self.env.invalidate_all()
        step(prepared[2])  # caches warm (rules, groups), as a running server has them
        self._flush()
        counts = {}
        expected = {}
        for size in (5, 50):
            expected[size] = queries + per_activity_batch * (ceil(size * officers / INSERT_BATCH_SIZE) - 1)
            self.env.invalidate_all()
            with self.assertQueryCount(expected[size]):
                start = self.cr.sql_log_count
                step(prepared[size])
                self._flush()
                counts[size] = self.cr.sql_log_count - start
        self.assertEqual(counts, expected, "the same queries for 5 and for 50 nominations, per batch of activities")
        return prepared

    def test_submit(self):
        self._measure(
            STEP_QUERIES["submit"],
            self._prepare,
            lambda records: records.with_user(self.user_unit_a).action_submit(),
            per_activity_batch=2,
        )

    def test_recognize(self):
        def prepare(size):
            records = self._prepare(size)
            self._to_council(records)
            records.with_user(self.user_officer).write(
                {"decision_number": "90/QĐ-KTTV", "decision_date": f"{YEAR}-12-25"}
            )
            return records

        prepared = self._measure(
            STEP_QUERIES["recognize"], prepare, lambda records: records.with_user(self.user_manager).action_recognize()
        )
        for records in prepared.values():
            self.assertEqual(set(records.mapped("state")), {"recognized"})
            self.assertEqual(len(records.achievement_id), len(records))
            self.assertTrue(all(records.initiative_id.mapped("is_used")))
            self.assertEqual(len(records.initiative_id), len(records))


# Pinned: the same at 5 and at 50 nominations.
STEP_QUERIES = {"submit": 146, "recognize": 30}


@tagged("post_install", "-at_install")
class TestNominationIdentity(KttvNominationCase):
    """The year's titles name who awarded them from the organisation's identity in force on the decision's date."""

    def test_the_identity_in_force_on_each_decision_date(self):
        Identity = self.env["kttv.organisation.identity"]
        current = Identity._for_date(f"{YEAR}-06-01")
        december = current.copy(
            {
                "date_from": f"{YEAR}-12-01",
                "agency_name": "Cục Khí tượng (tên từ tháng 12)",
                "head_title": "Cục trưởng (tháng 12)",
                "parent_authority": "Bộ chủ quản (tháng 12)",
            }
        )
        next_year = current.copy(
            {
                "date_from": f"{YEAR + 1}-01-10",
                "agency_name": "Cơ quan Khí tượng (tên năm sau)",
                "head_title": "Thủ trưởng (năm sau)",
                "parent_authority": "Bộ chủ quản (năm sau)",
                "symbol": "CQKT",
            }
        )
        # The head recognises two titles, decided on either side of the new name.
        author = self._nominate(self.emp_a, self.t_cstdcs)
        worker = self._nominate(self.emp_self, self.t_ldtt)
        self._to_council(author | worker)
        author.with_user(self.user_officer).write({"decision_number": "80/QĐ-KTTV", "decision_date": f"{YEAR}-11-20"})
        worker.with_user(self.user_officer).write({"decision_number": "95/QĐ-KTTV", "decision_date": f"{YEAR}-12-20"})
        (author | worker).with_user(self.user_manager).action_recognize()
        self.assertEqual(author.achievement_id.authority, f"{current.head_title} {current.agency_name}")
        self.assertEqual(worker.achievement_id.authority, "Cục trưởng (tháng 12) Cục Khí tượng (tên từ tháng 12)")
        self.assertNotEqual(current.agency_name, december.agency_name)

        # A CSTĐ cấp bộ goes to the Ministry in a proposal headed by the identity of its own date,
        # and the Ministry's decision is recorded under the governing body of that decision's date.
        for year in (YEAR - 2, YEAR - 1, YEAR):
            self._achievement(self.emp_b, year, self.t_cstdcs)
        self._rating(self.emp_b, YEAR, "excellent")
        self.env["kttv.initiative"].create(
            {
                "name": "Mạng quan trắc tự động toàn ngành",
                "department_id": self.unit_b.id,
                "year": YEAR,
                "state": "recognized",
                "scope": "ministry",
                "decision_number": "9/QĐ-BNNMT",
                "decision_date": f"{YEAR}-09-01",
                "author_ids": [Command.create({"employee_id": self.emp_b.id, "share": 100})],
            }
        )
        fighter = self._nominate(self.emp_b, self.t_cstd_bo, user=self.user_unit_b)
        self.assertEqual(fighter.condition_result, "pass", fighter.condition_html)
        fighter.with_user(self.user_unit_b).action_submit()
        fighter.with_user(self.user_officer).action_send_council()
        fighter.with_user(self.user_officer).action_propose_ministry()
        proposal = fighter.proposal_id
        for on_date, identity in ((f"{YEAR}-12-05", december), (f"{YEAR + 1}-01-12", next_year)):
            proposal.with_user(self.user_officer).write({"date": on_date})
            self.assertEqual(
                (proposal._kttv_identity_values()["agency_name"], proposal._kttv_symbol()),
                (identity.agency_name, f"TTr-{identity.symbol}"),
            )
        fighter.with_user(self.user_officer).write(
            {"ministry_decision_number": "15/QĐ-BNNMT", "ministry_decision_date": f"{YEAR + 1}-01-15"}
        )
        fighter.with_user(self.user_officer).action_ministry_recognize()
        self.assertEqual(fighter.achievement_id.authority, "Bộ chủ quản (năm sau)")

    def test_a_decision_date_without_an_identity_is_refused_with_the_reason(self):
        worker = self._nominate(self.emp_self, self.t_ldtt)
        self._to_council(worker)
        worker.with_user(self.user_officer).write({"decision_number": "7/QĐ-KTTV", "decision_date": "2001-05-01"})
        with self.assertRaisesRegex(UserError, "No identity of the organisation is in force on 2001-05-01"):
            worker.with_user(self.user_manager).action_recognize()
        self.assertEqual(worker.state, "council")
