from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import UNIT, KttvCase

HOME = "kttv_emulation.kttv_home_action"


@tagged("post_install", "-at_install")
class TestHomeScreen(KttvCase):
    """Where an emulation user starts: their own tasks, by kind, each opening exactly those records."""

    def _activity(self, record, user, deadline, type_xmlid="mail.mail_activity_data_todo"):
        return self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "activity_type_id": self.env.ref(type_xmlid).id,
                "user_id": user.id,
                "date_deadline": deadline,
            }
        )

    def test_emulation_users_land_on_it_and_others_keep_their_home(self):
        home = self.env.ref(HOME)
        for user in (self.user_unit_a, self.user_officer, self.user_council, self.user_manager):
            self.assertEqual(user.action_id.id, home.id, user.name)
        self.assertFalse(self.user_employee.action_id, "a plain employee is not an emulation user")
        # Given the role later, they land on it too; a home chosen already is kept.
        self.user_employee.write({"groups_id": [(4, self.env.ref(UNIT).id)]})
        self.assertEqual(self.user_employee.action_id.id, home.id)
        discuss = self.env.ref("mail.action_discuss")
        chosen = new_test_user(self.env, "kttv_t_chosen", groups="base.group_user", action_id=discuss.id)
        chosen.write({"groups_id": [(4, self.env.ref(UNIT).id)]})
        self.assertEqual(chosen.action_id.id, discuss.id)
        root = self.env.ref("kttv_emulation.kttv_emulation_menu_root")
        self.assertEqual(root.action.id, home.id, "the app opens on it")

    def test_tasks_by_kind_open_their_records_and_done_ones_never_count(self):
        plan = self.env["kttv.exemplar.plan"].create(
            {"name": "Kế hoạch (kiểm thử)", "year_start": 2026, "year_end": 2030}
        )
        phase = self.env["kttv.exemplar.phase"].create(
            {"plan_id": plan.id, "name": "Giai đoạn 1", "date_start": "2026-01-01", "date_end": "2028-12-31"}
        )
        units = self.env["kttv.unit.plan"].create(
            [{"phase_id": phase.id, "department_id": unit.id} for unit in (self.unit_a, self.unit_a_child)]
        )
        late = self._activity(units[0], self.user_unit_a, "2026-01-05")
        self._activity(units[1], self.user_unit_a, "2999-01-05")
        done = self._activity(plan, self.user_unit_a, "2026-01-01")
        done.action_feedback(feedback="Xong")  # kept as done (archived) or deleted: either way not a task
        self._activity(units[0], self.user_unit_b, "2026-01-05")  # someone else's
        self._activity(self.user_unit_a.partner_id, self.user_unit_a, "2026-01-05")  # not emulation work
        data = self.env["res.users"].with_user(self.user_unit_a).get_kttv_home_data()
        self.assertEqual(len(data["tasks"]), 1)
        task = data["tasks"][0]
        self.assertEqual(
            (task["model"], task["ids"], task["count"], task["overdue"], task["deadline"]),
            ("kttv.unit.plan", units.ids, 2, 1, "2026-01-05"),
        )
        self.assertEqual(task["type"], late.activity_type_id.with_user(self.user_unit_a).name)
        self.assertFalse(data["late_units"], "the late units are TCCB's")
        self.assertFalse(data["is_officer"])
        officer = self.env["res.users"].with_user(self.user_officer).get_kttv_home_data()
        self.assertTrue(officer["is_officer"])
        self.assertEqual(set(officer["late_units"]), {"phase_id", "phase", "overdue", "missing"})

    def test_it_costs_a_fixed_number_of_queries(self):
        plan = self.env["kttv.exemplar.plan"].create(
            {"name": "Kế hoạch (kiểm thử)", "year_start": 2026, "year_end": 2030}
        )
        Users = self.env["res.users"].with_user(self.user_officer)
        queries = []
        # The first size warms the caches of the record rules and groups, as earlier requests would.
        for count in (2, 5, 50):
            self.env["mail.activity"].search([("user_id", "=", self.user_officer.id)]).unlink()
            for _index in range(count):
                self._activity(plan, self.user_officer, "2026-01-05")
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            data = Users.get_kttv_home_data()
            queries.append(self.env.cr.sql_log_count - before)
            self.assertEqual(sum(task["count"] for task in data["tasks"]), count)
        self.assertEqual(queries[1:], [queries[1]] * 2, "the same queries at 5 and 50 tasks")
        # Two groupings of the activities, the models' names, the milestones, the phase and its plans.
        self.assertLessEqual(queries[1], 20)

    def test_an_employee_sees_their_streaks_what_they_are_close_to_and_prints_their_record(self):
        this_year = fields.Date.context_today(self.env.user).year
        for year in (this_year - 1, this_year):
            self._achievement(self.emp_self, year, self.t_cstdcs, decision_number=f"{year - 2000}/QĐ-KTTV")
        # An award of another kind (ad hoc) counts for no streak (Decree 152/2025 art. 4).
        self._achievement(self.emp_self, this_year - 2, self.t_cstdcs, award_kind="ad_hoc")
        Users = self.env["res.users"].with_user(self.user_employee)
        record = Users.get_kttv_home_data()["my_record"]
        self.assertEqual(record["employee"], self.emp_self.name)
        self.assertEqual(
            (record["title"], record["title_streak"], record["streak_year"]), (self.t_cstdcs.name, 2, this_year)
        )
        self.assertEqual(len(record["close_to"]), 1, record["close_to"])
        self.assertIn(self.t_cstd_bo.name, record["close_to"][0])
        self.assertIn("2 of the 3 in a row", record["close_to"][0])
        self.assertIn("1 more to go", record["close_to"][0])
        self.assertEqual([row["year"] for row in record["achievements"]], [this_year, this_year - 1, this_year - 2])

        action = Users.action_kttv_print_my_record()
        self.assertEqual(
            (action["type"], action["report_name"]), ("ir.actions.report", "kttv_emulation.report_my_history")
        )
        self.assertEqual(action["context"]["active_ids"], self.emp_self.ids)
        Report = self.env["ir.actions.report"].with_user(self.user_employee)
        html = Report._render_qweb_html("kttv_emulation.report_my_history", self.emp_self.ids)[0].decode()
        self.assertIn(self.emp_self.name, html)
        self.assertIn(f"{this_year - 2000}/QĐ-KTTV", html)
        with self.assertRaises(AccessError):
            Report._render_qweb_html("kttv_emulation.report_my_history", self.emp_a.ids)

        # A user without an employee has no record, and is told why it cannot be printed.
        self.assertFalse(self.env["res.users"].with_user(self.user_officer).get_kttv_home_data()["my_record"])
        with self.assertRaisesRegex(UserError, "linked to no employee"):
            self.env["res.users"].with_user(self.user_officer).action_kttv_print_my_record()
