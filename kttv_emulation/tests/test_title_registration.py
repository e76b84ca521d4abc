import datetime
from math import ceil

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import INSERT_BATCH_SIZE
from odoo.tests import tagged

from .common import KttvCase

YEAR = 2026


class KttvTitleRegistrationCase(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Registration = cls.env["kttv.title.registration"]
        (cls.unit_a | cls.unit_b).kttv_is_unit = True

    def _register(self, unit, lines, user=None, year=YEAR):
        """``lines``: ``[(subject, title)]``."""
        commands = []
        for subject, title in lines:
            field = "employee_id" if subject._name == "hr.employee" else "department_id"
            commands.append(Command.create({field: subject.id, "title_id": title.id}))
        user = user or (self.user_unit_a if unit == self.unit_a else self.user_unit_b)
        return (
            self.Registration.with_user(user)
            .create({"department_id": unit.id, "year": year, "line_ids": commands})
            .with_user(self.env.user)
        )


@tagged("post_install", "-at_install")
class TestTitleRegistration(KttvTitleRegistrationCase):
    def test_unit_registers_submits_tccb_accepts(self):
        registration = self._register(
            self.unit_a,
            [(self.emp_a, self.t_cstdcs), (self.emp_a_child, self.t_ldtt), (self.unit_a, self.t_ttldxs)],
        )
        self.assertEqual(registration.line_count, 3)
        registration.with_user(self.user_unit_a).action_submit()
        self.assertEqual(registration.state, "submitted")
        self.assertTrue(registration.date_submitted)
        self.assertTrue(registration.activity_ids, "TCCB is asked to review it")
        with self.assertRaises(AccessError):
            registration.with_user(self.user_unit_a).action_accept()
        with self.assertRaisesRegex(UserError, "only while it is a draft"):
            registration.line_ids[0].with_user(self.user_unit_a).write({"title_id": self.t_ldtt.id})
        with self.assertRaisesRegex(UserError, "is Submitted: Lines can no longer be changed"):
            registration.with_user(self.user_unit_a).write(
                {"line_ids": [Command.create({"employee_id": self.emp_self.id, "title_id": self.t_ldtt.id})]}
            )
        registration.with_user(self.user_officer).action_accept()
        self.assertEqual(registration.state, "accepted")
        registration.with_user(self.user_officer).action_return()
        self.assertEqual(registration.state, "draft")
        self.assertIn("Returned to the unit", registration.message_ids[0].body)

    def test_an_empty_registration_is_not_submitted(self):
        registration = self._register(self.unit_a, [])
        with self.assertRaisesRegex(UserError, "has no lines"):
            registration.with_user(self.user_unit_a).action_submit()
        self.assertEqual(registration.state, "draft")

    def test_once_per_unit_and_year(self):
        self._register(self.unit_a, [(self.emp_a, self.t_ldtt)])
        with self.assertRaisesRegex(UserError, "already registered for 2026"):
            self._register(self.unit_a, [(self.emp_a_child, self.t_ldtt)])

    def test_lines_are_the_units_own_subjects_and_titles(self):
        # In a request the whole transaction is rolled back: here, a savepoint each.
        for lines, message in (
            ([(self.emp_b, self.t_ldtt)], "Lê Văn Cường does not belong to .*Đài Khí tượng Thủy văn A"),
            ([(self.emp_a, self.t_ttldxs)], "not an emulation title for this kind of subject"),
            ([(self.emp_a, self.t_ldtt), (self.emp_a, self.t_ldtt)], "registered twice"),
        ):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self._register(self.unit_a, lines)
        self.assertFalse(self.Registration.search([("department_id", "=", self.unit_a.id)]))

    def test_record_rules(self):
        mine = self._register(self.unit_a, [(self.emp_a, self.t_ldtt), (self.emp_self, self.t_cstdcs)])
        other = self._register(self.unit_b, [(self.emp_b, self.t_ldtt)])
        Registration = self.Registration.with_user(self.user_unit_a)
        self.assertEqual(Registration.search([("id", "in", (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.user_unit_a).read(["name"])
        with self.assertRaises(AccessError):
            self.Registration.with_user(self.user_unit_a).create({"department_id": self.unit_b.id, "year": YEAR})
        self.assertEqual(
            self.Registration.with_user(self.user_officer).search_count([("id", "in", (mine | other).ids)]), 2
        )
        # The employee sees the line that names them, not their colleagues'.
        Line = self.env["kttv.title.registration.line"].with_user(self.user_employee)
        self.assertEqual(Line.search([("registration_id", "in", (mine | other).ids)]).employee_id, self.emp_self)
        with self.assertRaises(AccessError):
            mine.line_ids.filtered(lambda line: line.employee_id == self.emp_self).with_user(self.user_employee).write(
                {"note": "x"}
            )
        with self.assertRaises(AccessError):
            other.with_user(self.user_employee).read(["name"])

    def test_late_submission_and_late_units(self):
        year = datetime.date.today().year
        movement = self.env["kttv.emulation.movement"].create(
            {
                "name": "Phong trào thi đua thường xuyên",
                "year": year,
                "date_start": f"{year}-01-01",
                "date_end": f"{year}-12-31",
                "document_number": "1/KH-KTTV",
                "document_date": f"{year}-01-02",
                "registration_deadline": datetime.date.today() - datetime.timedelta(days=1),
                "target_department_ids": [Command.set((self.unit_a | self.unit_b).ids)],
            }
        )
        movement.with_user(self.user_officer).action_launch()
        registration = self._register(self.unit_a, [(self.emp_a, self.t_ldtt)], year=year)
        self.assertEqual(registration.movement_id, movement, "the year's regular movement by default")
        self.assertEqual(registration.deadline, movement.registration_deadline)
        self.assertEqual(self.Registration._kttv_late_units(year), self.unit_a | self.unit_b)
        registration.with_user(self.user_unit_a).action_submit()
        self.assertTrue(registration.is_late)
        self.assertIn("after the deadline", registration.message_ids[0].body)
        action = self.Registration.with_user(self.user_officer).action_open_late_units()
        self.assertEqual(action["domain"], [("id", "in", self.unit_b.ids)])
        with self.assertRaises(AccessError):
            self.Registration.with_user(self.user_unit_a).action_open_late_units()
        # Before the deadline nobody is late.
        movement.registration_deadline = datetime.date.today() + datetime.timedelta(days=1)
        self.assertFalse(self.Registration._kttv_late_units(year))

    def test_the_setting_refuses_an_unregistered_title(self):
        Nomination = self.env["kttv.title.nomination"].with_user(self.user_unit_a)
        self._rating(self.emp_a, YEAR, "good")
        values = {
            "employee_id": self.emp_a.id,
            "title_id": self.t_ldtt.id,
            "year": YEAR,
            "vote_members": 10,
            "vote_for": 9,
        }
        self.env.company.kttv_registration_required = True
        registration = self._register(self.unit_a, [(self.emp_a, self.t_ldtt)])
        with self.assertRaisesRegex(UserError, "Nguyễn Văn Ánh was not registered for Lao động tiên tiến in 2026"):
            Nomination.create(values)
        registration.with_user(self.user_unit_a).action_submit()
        nomination = Nomination.create(values)
        # Returned to the unit, the registration no longer counts: the nomination cannot go on.
        registration.with_user(self.user_officer).action_return()
        with self.assertRaisesRegex(UserError, "not registered for Lao động tiên tiến"):
            nomination.action_submit()
        self.assertEqual(nomination.state, "draft")
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        nomination.action_submit()
        self.assertEqual(nomination.state, "submitted")
        # Setting off: anything may be proposed.
        self.env.company.kttv_registration_required = False
        self._rating(self.emp_a_child, YEAR, "good")
        Nomination.create({**values, "employee_id": self.emp_a_child.id})


@tagged("post_install", "-at_install", "is_query_count")
class TestTitleRegistrationBatch(KttvTitleRegistrationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The year's regular movement, its deadline past, whatever the database holds (the demo launches
        # one for 2026): the registrations read its deadline, and are submitted late.
        movement = cls.env["kttv.emulation.movement"].create(
            {
                "name": f"Phong trào thi đua thường xuyên năm {YEAR} (kiểm thử)",
                "year": YEAR,
                "date_start": f"{YEAR}-01-01",
                "date_end": f"{YEAR}-12-31",
                "registration_deadline": f"{YEAR}-01-31",
                "document_number": "01/KH-KTTV",
                "document_date": f"{YEAR}-01-05",
            }
        )
        movement.action_launch()

    def _prepare(self, size):
        units = self.env["hr.department"].create(
            [
                {"name": f"Trạm {size}-{index}", "parent_id": self.unit_a.id, "kttv_is_unit": True}
                for index in range(size)
            ]
        )
        return self.Registration.with_user(self.user_unit_a).create(
            [
                {
                    "department_id": unit.id,
                    "year": YEAR,
                    "line_ids": [Command.create({"department_id": unit.id, "title_id": self.t_ttldtt.id})],
                }
                for unit in units
            ]
        )

    def _measure(self, queries, step, before=None, per_activity_batch=0):
        """``step`` costs ``queries`` on 5 and on 50 registrations (plus the ORM's inserts per 100 activities)."""
        officers = len(self.Registration._kttv_tccb_officers())
        prepared = {size: self._prepare(size) for size in (2, 5, 50)}
        for records in prepared.values():
            if before:
                before(records)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        step(prepared[2])  # caches warm (rules, groups), as a running server has them
        self.env.flush_all()
        counts, expected = {}, {}
        for size in (5, 50):
            expected[size] = queries + per_activity_batch * (ceil(size * officers / INSERT_BATCH_SIZE) - 1)
            self.env.invalidate_all()
            with self.assertQueryCount(expected[size]):
                start = self.cr.sql_log_count
                step(prepared[size])
                self.env.flush_all()
                self.env.cr.precommit.run()
                counts[size] = self.cr.sql_log_count - start
        self.assertEqual(counts, expected, "the same queries for 5 and for 50 registrations, per batch of activities")
        return prepared

    def test_submit(self):
        prepared = self._measure(
            STEP_QUERIES["submit"],
            lambda records: records.with_user(self.user_unit_a).action_submit(),
            per_activity_batch=2,
        )
        for records in prepared.values():
            self.assertEqual(set(records.mapped("state")), {"submitted"})

    def test_accept(self):
        prepared = self._measure(
            STEP_QUERIES["accept"],
            lambda records: records.with_user(self.user_officer).action_accept(),
            before=lambda records: records.with_user(self.user_unit_a).action_submit(),
            # The review activities marked done post their messages, inserted 100 at a time.
            per_activity_batch=1,
        )
        for records in prepared.values():
            self.assertEqual(set(records.mapped("state")), {"accepted"})


# Pinned: the same at 5 and at 50 registrations.
STEP_QUERIES = {"submit": 140, "accept": 14}
