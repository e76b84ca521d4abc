from math import ceil

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import INSERT_BATCH_SIZE
from odoo.tests import tagged

from .common import KttvCase

REVIEW = "kttv_emulation.mail_act_initiative_review"


class KttvInitiativeCase(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Initiative = cls.env["kttv.initiative"]

    def _initiative(self, user=None, authors=None, **vals):
        authors = authors if authors is not None else [(self.emp_a, 60), (self.emp_self, 40)]
        return (
            self.Initiative.with_user(user or self.user_unit_a)
            .create(
                {
                    "name": vals.pop("name", "Dự báo mưa lớn bằng mô hình tổ hợp"),
                    "department_id": vals.pop("department_id", self.unit_a.id),
                    "year": vals.pop("year", 2026),
                    "author_ids": [
                        Command.create({"employee_id": employee.id, "share": share}) for employee, share in authors
                    ],
                    **vals,
                }
            )
            .with_user(self.env.user)
        )

    def _recognized(self, scope="unit", **vals):
        initiative = self._initiative(**vals)
        initiative.with_user(self.user_unit_a).action_submit()
        initiative.with_user(self.user_officer).write(
            {"scope": scope, "decision_number": "12/QĐ-KTTV", "decision_date": "2026-11-20"}
        )
        initiative.with_user(self.user_officer).action_recognize()
        return initiative

    def _open_activities(self, records):
        return self.env["mail.activity"].search([("res_model", "=", "kttv.initiative"), ("res_id", "in", records.ids)])


@tagged("post_install", "-at_install")
class TestInitiativeWorkflow(KttvInitiativeCase):
    def test_unit_submits_tccb_recognises_with_activity_and_chatter(self):
        initiative = self._initiative()
        self.assertEqual(initiative.state, "draft")
        self.assertEqual(initiative.author_share_total, 100)
        self.assertTrue(initiative.with_user(self.user_unit_a).can_submit)
        self.assertFalse(initiative.with_user(self.user_unit_a).can_recognize)

        self.assertIs(initiative.with_user(self.user_unit_a).action_submit(), True)
        self.assertEqual(initiative.state, "submitted")
        activity = self._open_activities(initiative)
        self.assertEqual(activity.activity_type_id, self.env.ref(REVIEW))
        self.assertIn(self.user_officer, activity.user_id)

        officer = initiative.with_user(self.user_officer)
        self.assertTrue(officer.can_recognize)
        with self.assertRaisesRegex(UserError, "recognised scope"):
            officer.action_recognize()
        officer.write({"scope": "unit", "decision_number": "12/QĐ-KTTV", "decision_date": "2026-11-20"})
        self.assertIs(officer.action_recognize(), True)
        self.assertEqual(initiative.state, "recognized")
        self.assertFalse(self._open_activities(initiative), "the review activity is done")
        tracked = initiative.message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "state")
        self.assertEqual(len(tracked), 2, "submit and recognise are in the chatter")

    def test_submit_needs_authors_whose_shares_make_100(self):
        initiative = self._initiative(authors=[(self.emp_a, 60)])
        with self.assertRaisesRegex(UserError, "60.0%, not 100%"):
            initiative.with_user(self.user_unit_a).action_submit()
        alone = self._initiative(authors=[])
        with self.assertRaisesRegex(UserError, "no author"):
            alone.with_user(self.user_unit_a).action_submit()
        with self.assertRaisesRegex(ValidationError, "more than 100%"):
            self._initiative(authors=[(self.emp_a, 60), (self.emp_self, 50)])
        self.assertEqual(initiative.state, "draft")

    def test_return_refuse_cancel_and_reopen(self):
        initiative = self._initiative()
        initiative.with_user(self.user_unit_a).action_submit()
        initiative.with_user(self.user_officer).action_return()
        self.assertEqual(initiative.state, "draft")
        self.assertFalse(initiative.date_submitted)
        initiative.with_user(self.user_unit_a).action_submit()
        initiative.with_user(self.user_officer).action_refuse()
        self.assertEqual(initiative.state, "refused")
        self.assertFalse(self._open_activities(initiative))
        initiative.with_user(self.user_unit_a).action_reset()
        self.assertEqual(initiative.state, "draft")
        initiative.with_user(self.user_unit_a).action_cancel()
        self.assertEqual(initiative.state, "cancelled")

    def test_only_tccb_cancels_a_recognised_initiative(self):
        initiative = self._recognized()
        with self.assertRaisesRegex(UserError, "only TCCB may cancel it"):
            initiative.with_user(self.user_unit_a).action_cancel()
        initiative.with_user(self.user_officer).action_cancel()
        self.assertEqual(initiative.state, "cancelled")


@tagged("post_install", "-at_install")
class TestInitiativeGuards(KttvInitiativeCase):
    def test_the_unit_cannot_record_the_recognition(self):
        with self.assertRaisesRegex(UserError, "only TCCB records the recognition"):
            self._initiative(scope="ministry")
        initiative = self._initiative()
        with self.assertRaisesRegex(UserError, "only TCCB records the recognition"):
            initiative.with_user(self.user_unit_a).write({"decision_number": "1/QĐ"})
        initiative.with_user(self.user_unit_a).action_submit()
        with self.assertRaises(UserError):
            initiative.with_user(self.user_unit_a).write({"scope": "national"})
        self.assertFalse(initiative.scope)

    def test_no_role_writes_the_state_or_the_use(self):
        initiative = self._initiative()
        for user in (self.user_unit_a, self.user_officer, self.user_manager):
            with self.assertRaisesRegex(UserError, "buttons"):
                initiative.with_user(user).with_context(tracking_disable=True).write({"state": "recognized"})
        achievement = self._achievement(self.emp_a, 2026, self.t_cstdcs)
        with self.assertRaisesRegex(UserError, "never by hand"):
            initiative.with_user(self.user_officer).write({"used_for_id": achievement.id})
        with self.assertRaisesRegex(UserError, "never by hand"):
            self.Initiative.with_user(self.user_officer).create(
                {"name": "X", "department_id": self.unit_a.id, "used_for_id": achievement.id}
            )

    def test_authors_are_locked_once_submitted(self):
        initiative = self._initiative()
        initiative.with_user(self.user_unit_a).action_submit()
        line = initiative.author_ids[:1]
        for user in (self.user_unit_a, self.user_officer):
            with self.assertRaisesRegex(UserError, "authors can no longer be changed"):
                line.with_user(user).write({"share": 10})
            with self.assertRaisesRegex(UserError, "authors can no longer be changed"):
                line.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "authors can no longer be changed"):
                self.env["kttv.initiative.author"].with_user(user).create(
                    {"initiative_id": initiative.id, "employee_id": self.emp_b.id, "share": 1}
                )
        self.assertEqual(initiative.author_share_total, 100)

    def test_a_recognised_initiative_is_not_deleted(self):
        initiative = self._recognized()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            initiative.with_user(self.user_officer).unlink()
        draft = self._initiative()
        draft.with_user(self.user_unit_a).unlink()
        self.assertFalse(draft.exists())


@tagged("post_install", "-at_install")
class TestInitiativeAccess(KttvInitiativeCase):
    def test_a_unit_sees_its_own_units_only(self):
        mine = self._initiative()
        child = self._initiative(department_id=self.unit_a_child.id, authors=[(self.emp_a_child, 100)])
        theirs = self._initiative(user=self.user_unit_b, department_id=self.unit_b.id, authors=[(self.emp_b, 100)])
        found = self.Initiative.with_user(self.user_unit_a).search([("id", "in", (mine | child | theirs).ids)])
        self.assertEqual(found, mine | child)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).write({"name": "Đổi tên"})
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_unit_a).action_submit()
        with self.assertRaises(AccessError):
            self._initiative(department_id=self.unit_b.id, authors=[(self.emp_b, 100)])
        with self.assertRaises(AccessError):
            self.env["kttv.initiative.author"].with_user(self.user_unit_a).create(
                {"initiative_id": theirs.id, "employee_id": self.emp_a.id, "share": 1}
            )
        all_three = self.Initiative.with_user(self.user_officer).search([("id", "in", (mine | child | theirs).ids)])
        self.assertEqual(all_three, mine | child | theirs)

    def test_the_employee_reads_their_own_as_author_and_changes_nothing(self):
        mine = self._initiative()  # emp_self is an author
        other = self._initiative(authors=[(self.emp_a, 100)])
        Initiative = self.Initiative.with_user(self.user_employee)
        self.assertEqual(Initiative.search([("id", "in", (mine | other).ids)]), mine)
        self.assertEqual(mine.with_user(self.user_employee).author_ids.employee_id, self.emp_a | self.emp_self)
        with self.assertRaises(AccessError):
            other.with_user(self.user_employee).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.user_employee).write({"effect": "Tốt hơn"})
        with self.assertRaises(AccessError):
            mine.with_user(self.user_employee).action_submit()
        with self.assertRaises(AccessError):
            mine.author_ids[:1].with_user(self.user_employee).write({"share": 50})
        with self.assertRaises(AccessError):
            Initiative.create({"name": "Của tôi", "department_id": self.unit_a.id})

    def test_council_and_tccb_steps_are_refused_to_a_unit(self):
        initiative = self._initiative()
        initiative.with_user(self.user_unit_a).action_submit()
        for step in ("action_recognize", "action_refuse", "action_return"):
            with self.assertRaises(AccessError):
                getattr(initiative.with_user(self.user_unit_a), step)()
        with self.assertRaises(AccessError):
            initiative.with_user(self.user_council).action_recognize()
        self.assertEqual(initiative.state, "submitted")


@tagged("post_install", "-at_install")
class TestInitiativeSpentOnce(KttvInitiativeCase):
    def test_an_initiative_counts_for_one_title_of_one_person(self):
        initiative = self._recognized()
        first = self._achievement(self.emp_a, 2026, self.t_cstdcs)
        self.assertFalse(initiative.is_used)
        self.assertIs(initiative._kttv_spend([(initiative, first)]), True)
        self.assertEqual(initiative.used_for_id, first)
        self.assertEqual(initiative.used_employee_id, self.emp_a)
        self.assertTrue(initiative.is_used)
        self.assertIn(initiative, self.Initiative.search([("is_used", "=", True)]))
        self.assertIn("counts for no other title", initiative.message_ids[:1].body)
        # Neither for a second title of the same author, nor for a co-author.
        second = self._achievement(self.emp_a, 2026, self.t_cstd_bo)
        with self.assertRaisesRegex(UserError, "already served for"):
            initiative._kttv_spend([(initiative, second)])
        co_author = self._achievement(self.emp_self, 2026, self.t_cstdcs)
        with self.assertRaisesRegex(UserError, "already served for"):
            initiative._kttv_spend([(initiative, co_author)])
        self.assertEqual(initiative.used_for_id, first)
        # Spent, it cannot be cancelled either.
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            initiative.with_user(self.user_officer).action_cancel()
        # The title undone, it counts again.
        initiative._kttv_release()
        self.assertFalse(initiative.is_used)
        initiative._kttv_spend([(initiative, co_author)])
        self.assertEqual(initiative.used_employee_id, self.emp_self)

    def test_only_a_recognised_initiative_of_the_author_is_spent(self):
        draft = self._initiative()
        achievement = self._achievement(self.emp_a, 2026, self.t_cstdcs)
        with self.assertRaisesRegex(UserError, "only a recognised initiative"):
            draft._kttv_spend([(draft, achievement)])
        initiative = self._recognized()
        stranger = self._achievement(self.emp_b, 2026, self.t_cstdcs)
        with self.assertRaisesRegex(UserError, "is not an author"):
            initiative._kttv_spend([(initiative, stranger)])
        with self.assertRaisesRegex(UserError, "already served for"):
            initiative._kttv_spend([(initiative, achievement), (initiative, achievement)])
        self.assertFalse(initiative.used_for_id, "nothing written when one pair is refused")


@tagged("post_install", "-at_install", "is_query_count")
class TestInitiativeStepQueries(KttvInitiativeCase):
    """Submit, recognise and spend cost the same queries for 5 and for 50 initiatives."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.authors = cls.env["hr.employee"].create(
            [{"name": f"Tác giả {index}", "department_id": cls.unit_a.id} for index in range(120)]
        )
        cls.used = 0

    def _prepare(self, size):
        authors = self.authors[self.used : self.used + size]
        self.used += size
        return self.Initiative.with_user(self.user_unit_a).create(
            [
                {
                    "name": f"Sáng kiến {author.name}",
                    "department_id": self.unit_a.id,
                    "year": 2026,
                    "author_ids": [Command.create({"employee_id": author.id, "share": 100})],
                }
                for author in authors
            ]
        )

    def _flush(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _measure(self, queries, prepare, step, per_activity_batch=0):
        """``step`` costs ``queries`` on 5 and on 50 prepared initiatives.

        ``per_activity_batch``: the queries the ORM adds per 100 activities it
        inserts (``INSERT_BATCH_SIZE``): a review activity goes to every TCCB
        officer, so 50 initiatives may make more than one batch of rows.
        """
        officers = len(self.Initiative._kttv_tccb_officers())
        prepared = {size: prepare(size) for size in (2, 5, 50)}
        self._flush()
        self.env.invalidate_all()
        step(prepared[2])
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
        self.assertEqual(counts, expected, "the same queries for 5 and for 50 initiatives, per batch of activities")

    def test_submit(self):
        self._measure(
            QUERIES["submit"],
            self._prepare,
            lambda records: records.with_user(self.user_unit_a).action_submit(),
            per_activity_batch=2,
        )

    def test_recognize(self):
        def prepare(size):
            records = self._prepare(size)
            records.with_user(self.user_unit_a).action_submit()
            records.with_user(self.user_officer).write(
                {"scope": "unit", "decision_number": "9/QĐ-KTTV", "decision_date": "2026-11-30"}
            )
            return records

        # Closing the review activities: the ORM updates them 100 rows at a time.
        self._measure(
            QUERIES["recognize"],
            prepare,
            lambda records: records.with_user(self.user_officer).action_recognize(),
            per_activity_batch=1,
        )

    def test_spend(self):
        def prepare(size):
            records = self._prepare(size)
            records.with_user(self.user_unit_a).action_submit()
            records.with_user(self.user_officer).write(
                {"scope": "unit", "decision_number": "9/QĐ-KTTV", "decision_date": "2026-11-30"}
            )
            records.with_user(self.user_officer).action_recognize()
            achievements = self.env["kttv.achievement"].create(
                [
                    {"employee_id": record.author_ids.employee_id.id, "year": 2026, "title_id": self.t_cstdcs.id}
                    for record in records
                ]
            )
            return list(zip(records, achievements, strict=True))

        self._measure(QUERIES["spend"], prepare, self.Initiative._kttv_spend)


# Pinned: the same at 5 and at 50 initiatives.
QUERIES = {"submit": 138, "recognize": 12, "spend": 10}
