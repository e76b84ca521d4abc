from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KttvCase

REVIEW = "kttv_emulation.mail_act_unit_plan_review"
SUBMIT = "kttv_emulation.mail_act_unit_plan_submit"


@tagged("post_install", "-at_install")
class TestSeededPlan(KttvCase):
    def test_fresh_database_holds_the_2021_2025_plan(self):
        plan = self.env.ref("kttv_emulation.plan_2021_2025")
        self.assertEqual((plan.year_start, plan.year_end), (2021, 2025))
        self.assertEqual(plan.number, "/KH-TCKTTV")
        self.assertEqual(plan.registration_deadline, date(2021, 9, 7))
        self.assertIn("Kế hoạch số 03/KH-BTNMT", plan.basis)
        self.assertEqual(plan.phase_ids.mapped("name"), ["Giai đoạn 1 (2021-2023)", "Giai đoạn 2 (2023-2025)"])
        first, second = plan.phase_ids
        self.assertEqual((first.assessed_year_from, first.assessed_year_to), (2021, 2022))
        self.assertEqual(first.registration_deadline, date(2021, 9, 7))
        self.assertEqual(second.registration_deadline, date(2024, 3, 31))
        milestones = plan.milestone_ids
        self.assertEqual(len(milestones), 12)
        registration = milestones.filtered(lambda m: m.kind == "planning" and m.phase_id == first)
        self.assertEqual((registration.actor, registration.date_deadline), ("units", date(2021, 9, 7)))
        self.assertIn("07 tháng 9 năm 2021", registration.description)
        # A milestone belongs to one phase: the journal's columns run in each.
        journal = milestones.filtered(lambda m: m.actor == "journal")
        self.assertEqual(journal.phase_id, plan.phase_ids)
        self.assertTrue(all(m.phase_id.date_start <= m.date_deadline <= m.phase_id.date_end for m in milestones))
        self.assertEqual(set(milestones.mapped("actor")), {"units", "tccb", "director", "journal"})
        conference = milestones.filtered(lambda m: m.kind == "conference")
        self.assertIn("Hội nghị Thi đua điển hình tiên tiến lần thứ V", conference.name)
        self.assertEqual((conference.date_start, conference.date_deadline), (date(2025, 4, 1), date(2025, 6, 30)))
        recognition = milestones.filtered(lambda m: m.actor == "director")
        self.assertEqual(recognition.date_deadline, date(2023, 12, 31))

    def test_criteria_catalog_from_section_ii_3(self):
        criteria = self.env.ref("kttv_emulation.plan_2021_2025").criterion_ids
        counts = {
            kind: len(criteria.filtered(lambda c, k=kind: c.applies_to == k))
            for kind in ("general", "collective", "individual", "leader")
        }
        self.assertEqual(counts, {"general": 3, "collective": 6, "individual": 5, "leader": 1})
        rules = criteria.filtered(lambda c: c.method == "rule")
        self.assertEqual(set(rules.mapped("code")), {"TT6", "CN5", "LD1"})
        self.assertEqual(self.env.ref("kttv_emulation.criterion_collective_6").rule_title_id, self.t_ttldxs)
        individual = self.env.ref("kttv_emulation.criterion_individual_5")
        self.assertEqual((individual.rule_title_id, individual.rule_rating), (self.t_cstdcs, "excellent"))

    def test_a_new_plan_needs_no_code(self):
        plan = (
            self.env["kttv.exemplar.plan"]
            .with_user(self.user_officer)
            .create({"name": "Kế hoạch giai đoạn 2026-2030", "year_start": 2026, "year_end": 2030})
        )
        phase = (
            self.env["kttv.exemplar.phase"]
            .with_user(self.user_officer)
            .create({"plan_id": plan.id, "name": "Giai đoạn 1", "date_start": "2026-01-01", "date_end": "2028-06-30"})
        )
        self.env["kttv.exemplar.milestone"].with_user(self.user_officer).create(
            {"phase_id": phase.id, "name": "Đăng ký", "date_start": "2026-07-01", "date_deadline": "2026-09-30"}
        )
        self.assertEqual(plan.milestone_ids.phase_id, phase)
        # It is assessed against the catalog's criteria unless TCCB chooses others.
        self.assertEqual(plan.criterion_ids, self.env["kttv.exemplar.criterion"].search([]))
        with self.assertRaises(AccessError):
            self.env["kttv.exemplar.plan"].with_user(self.user_unit_a).create(
                {"name": "x", "year_start": 2026, "year_end": 2030}
            )


@tagged("post_install", "-at_install")
class TestUnitPlans(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.unit_a | cls.unit_b).write({"kttv_is_unit": True})
        cls.plan = cls.env["kttv.exemplar.plan"].create(
            {"name": "Kế hoạch (kiểm thử)", "year_start": 2026, "year_end": 2030, "officer_id": cls.user_officer.id}
        )
        cls.phase = cls.env["kttv.exemplar.phase"].create(
            {
                "plan_id": cls.plan.id,
                "name": "Giai đoạn 1",
                "date_start": "2026-01-01",
                "date_end": "2028-12-31",
                "registration_deadline": "2026-09-07",
            }
        )

    def test_the_plan_prepares_its_units_plans_for_the_phase_in_progress(self):
        later = self.env["kttv.exemplar.phase"].create(
            {"plan_id": self.plan.id, "name": "Giai đoạn 2", "date_start": "2029-01-01", "date_end": "2030-12-31"}
        )
        with self.assertRaises(AccessError):
            self.plan.with_user(self.user_unit_a).action_create_unit_plans()
        with freeze_time("2027-03-01"):
            action = self.plan.with_user(self.user_officer).action_create_unit_plans()
        self.assertEqual(action["domain"], [("phase_id", "in", self.phase.ids)])
        self.assertTrue(self.phase.unit_plan_ids)
        self.assertFalse(later.unit_plan_ids, "the phase in progress only")
        with freeze_time("2028-12-31"):
            self.plan.with_user(self.user_officer).action_create_unit_plans()
        self.assertFalse(later.unit_plan_ids, "still the phase in progress on its last day")
        with freeze_time("2031-06-01"):
            self.plan.with_user(self.user_officer).action_create_unit_plans()
        self.assertEqual(later.unit_plan_ids.department_id, self.phase.unit_plan_ids.department_id, "then the last")
        empty = self.env["kttv.exemplar.plan"].create({"name": "Kế hoạch trống", "year_start": 2031, "year_end": 2035})
        with self.assertRaisesRegex(UserError, "has no phase yet"):
            empty.with_user(self.user_officer).action_create_unit_plans()

    def test_the_milestone_calendar_opens_on_the_phase_in_progress(self):
        Milestone = self.env["kttv.exemplar.milestone"].with_user(self.user_officer)
        with freeze_time("2027-03-01"):
            self.env["kttv.exemplar.phase"].invalidate_model()
            action = Milestone._kttv_calendar_action()
            current = self.env["kttv.exemplar.phase"]._current()
        self.assertEqual(action["res_model"], "kttv.exemplar.milestone")
        self.assertEqual(action["context"]["search_default_phase_id"], current.id)
        self.assertTrue(current.date_start <= date(2027, 3, 1) <= current.date_end)
        self.assertEqual(action["context"]["initial_date"], "2027-03-01", "today, inside the phase under way")
        menu = self.env.ref("kttv_emulation.kttv_exemplar_milestone_menu")
        self.assertEqual(menu.action, self.env.ref("kttv_emulation.kttv_exemplar_milestone_action_calendar"))
        # A phase already over opens on its own last milestone, not on an empty year.
        with freeze_time("2099-01-01"):
            action = Milestone._kttv_calendar_action()
            current = self.env["kttv.exemplar.phase"]._current()
        last = self.env["kttv.exemplar.milestone"].search([("phase_id", "=", current.id)], order="date_deadline desc")
        expected = last[:1].date_deadline or current.date_end
        self.assertEqual(action["context"]["initial_date"], str(expected))

    def test_tccb_prepares_a_plan_for_every_unit_and_sees_who_is_missing(self):
        with self.assertRaises(AccessError):
            self.phase.with_user(self.user_unit_a).action_create_unit_plans()
        units = self.env["hr.department"].search([("kttv_is_unit", "=", True)])
        self.phase.with_user(self.user_officer).action_create_unit_plans()
        self.phase.with_user(self.user_officer).action_create_unit_plans()  # twice: nothing more
        self.assertEqual(self.phase.unit_plan_ids.department_id, units)
        self.assertEqual(self.phase.unit_plan_missing_count, len(units))
        plan_a = self.phase.unit_plan_ids.filtered(lambda p: p.department_id == self.unit_a)
        self.assertEqual(plan_a.deadline, date(2026, 9, 7))
        plan_a.with_user(self.user_unit_a).write({"solutions": "<p>Giải pháp</p>", "expected_individual_count": 3})
        with freeze_time("2026-09-01"):
            plan_a.with_user(self.user_unit_a).action_submit()
            self.assertEqual(plan_a.submission_status, "on_time")
        self.assertEqual(
            (self.phase.unit_plan_submitted_count, self.phase.unit_plan_missing_count), (1, len(units) - 1)
        )
        review = self.env["mail.activity"].search([("res_model", "=", "kttv.unit.plan"), ("res_id", "=", plan_a.id)])
        self.assertEqual(review.user_id, self.user_officer)

    def test_a_plan_submitted_after_its_deadline_shows_as_late(self):
        plan_b = self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_b.id})
        with freeze_time("2026-09-20"):
            self.assertEqual(plan_b.with_user(self.user_unit_b).submission_status, "overdue")
            UnitPlan = self.env["kttv.unit.plan"].with_user(self.user_officer)
            self.assertIn(plan_b, UnitPlan.search([("submission_status", "=", "overdue")]))
            plan_b.with_user(self.user_unit_b).action_submit()
        self.assertTrue(plan_b.is_late)
        self.assertEqual(plan_b.submission_status, "late")
        self.assertEqual(plan_b.date_submitted, date(2026, 9, 20))
        self.assertIn(plan_b, self.env["kttv.unit.plan"].search([("submission_status", "=", "late")]))

    def test_unit_officers_own_plans_only_and_deadline_is_tccbs(self):
        plan_b = self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_b.id})
        with self.assertRaises(AccessError):
            plan_b.with_user(self.user_unit_a).read(["solutions"])
        with self.assertRaises(AccessError):
            plan_b.with_user(self.user_unit_a).action_submit()
        with self.assertRaisesRegex(UserError, "Only TCCB"):
            plan_b.with_user(self.user_unit_b).write({"deadline_extension": "2026-12-31"})
        plan_b.with_user(self.user_officer).write({"deadline_extension": "2026-12-31"})
        # The phase's deadline moves: the unit keeps the one TCCB granted it.
        self.phase.registration_deadline = "2026-10-15"
        self.assertEqual(plan_b.deadline, date(2026, 12, 31))
        plan_b.with_user(self.user_unit_b).action_submit()
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            plan_b.with_user(self.user_unit_b).write({"solutions": "<p>sửa</p>"})
        plan_b.with_user(self.user_officer).action_return()
        self.assertEqual(plan_b.state, "draft")

    def test_steps_answer_rpc_clients_and_drive_the_buttons(self):
        plan = self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_a.id})
        unit, officer = plan.with_user(self.user_unit_a), plan.with_user(self.user_officer)
        self.assertEqual((unit.can_submit, unit.can_return), (True, False))
        with self.assertRaises(AccessError):
            plan.with_user(self.user_council).action_submit()
        self.assertIs(unit.action_submit(), True)
        unit.invalidate_recordset()
        officer.invalidate_recordset()
        self.assertEqual((unit.can_submit, unit.can_return), (False, False))
        self.assertEqual((officer.can_submit, officer.can_return), (False, True))
        with self.assertRaisesRegex(UserError, "cannot submit a unit plan now"):
            unit.action_submit()
        with self.assertRaises(AccessError):
            unit.action_return()
        # What the form keeps read-only once submitted, TCCB does not change either; it may grant a deadline.
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            officer.write({"solutions": "<p>sửa</p>"})
        officer.write({"deadline_extension": "2026-12-31"})
        self.assertIs(officer.action_return(), True)
        self.assertEqual(plan.state, "draft")

    def test_a_plan_returned_after_its_deadline_asks_its_unit_again(self):
        plan_b = self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_b.id})
        Activity = self.env["mail.activity"].with_context(active_test=False)
        domain = [("res_model", "=", "kttv.unit.plan"), ("res_id", "=", plan_b.id)]
        with freeze_time("2026-09-01"):
            plan_b.with_user(self.user_unit_b).action_submit()
        with freeze_time("2026-09-20"):
            plan_b.with_user(self.user_officer).action_return()
            activities = Activity.search(domain)
        review = activities.filtered(lambda a: a.activity_type_id == self.env.ref(REVIEW))
        self.assertEqual((review.user_id, review.active), (self.user_officer, False), "the review is done")
        submit = activities.filtered(lambda a: a.activity_type_id == self.env.ref(SUBMIT))
        self.assertEqual((submit.user_id, submit.active), (self.user_unit_b, True), "the unit is asked to submit")
        self.assertIn("2026", submit.note)


@tagged("post_install", "-at_install")
class TestReminders(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.kttv_director_id = cls.user_manager
        (cls.unit_a | cls.unit_b).write({"kttv_is_unit": True})
        # Only the test units count: the demo units are not subordinate units here.
        cls.env["hr.department"].search([("id", "not in", (cls.unit_a | cls.unit_b).ids)]).kttv_is_unit = False
        cls.plan = cls.env["kttv.exemplar.plan"].create(
            {"name": "Kế hoạch (kiểm thử)", "year_start": 2026, "year_end": 2030, "officer_id": cls.user_officer.id}
        )
        cls.phase = cls.env["kttv.exemplar.phase"].create(
            {
                "plan_id": cls.plan.id,
                "name": "Giai đoạn 1",
                "date_start": "2026-01-01",
                "date_end": "2028-12-31",
                "registration_deadline": "2026-03-01",
            }
        )
        Milestone = cls.env["kttv.exemplar.milestone"]
        cls.m_units = Milestone.create(
            {"phase_id": cls.phase.id, "name": "Đăng ký", "date_start": "2026-04-01", "date_deadline": "2026-04-20"}
        )
        cls.m_tccb = Milestone.create(
            {
                "phase_id": cls.phase.id,
                "name": "Tổng hợp",
                "actor": "tccb",
                "date_start": "2026-04-01",
                "date_deadline": "2026-04-22",
            }
        )
        cls.m_director = Milestone.create(
            {
                "phase_id": cls.phase.id,
                "name": "Công nhận",
                "actor": "director",
                "date_start": "2026-04-01",
                "date_deadline": "2026-04-28",
                "reminder_days": 30,
            }
        )
        cls.m_far = Milestone.create(
            {"phase_id": cls.phase.id, "name": "Sơ kết", "date_start": "2026-05-01", "date_deadline": "2026-12-31"}
        )
        cls.m_done = Milestone.create(
            {
                "phase_id": cls.phase.id,
                "name": "Đã xong",
                "date_start": "2026-04-01",
                "date_deadline": "2026-04-15",
                "done": True,
            }
        )
        cls.late_plan = cls.env["kttv.unit.plan"].create({"phase_id": cls.phase.id, "department_id": cls.unit_b.id})

    def _activities(self):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "in", ("kttv.exemplar.milestone", "kttv.unit.plan")), ("res_id", "!=", 0)])
            .filtered(lambda a: a.res_id in (self.phase.milestone_ids.ids + self.late_plan.ids))
        )

    def test_reminders_reach_those_who_act_once(self):
        with freeze_time("2026-04-10"):
            self.env["kttv.exemplar.milestone"]._cron_remind()
            first = self._activities()
            by_record = {(a.res_model, a.res_id): a.user_id for a in first}
            by_record_users = {}
            for activity in first:
                by_record_users.setdefault((activity.res_model, activity.res_id), set()).add(activity.user_id)
            self.assertEqual(
                by_record_users[("kttv.exemplar.milestone", self.m_units.id)], {self.user_unit_a, self.user_unit_b}
            )
            self.assertEqual(by_record[("kttv.exemplar.milestone", self.m_tccb.id)], self.user_officer)
            self.assertEqual(by_record[("kttv.exemplar.milestone", self.m_director.id)], self.user_manager)
            self.assertEqual(by_record[("kttv.unit.plan", self.late_plan.id)], self.user_unit_b)
            self.assertNotIn(("kttv.exemplar.milestone", self.m_far.id), by_record, "not due yet")
            self.assertNotIn(("kttv.exemplar.milestone", self.m_done.id), by_record, "already done")
            self.assertEqual(len(first), 5)
            # Run again the same day, and once the unit marked its reminder done: nothing new.
            first.filtered(lambda a: a.user_id == self.user_unit_a)._action_done()
            self.env["kttv.exemplar.milestone"]._cron_remind()
            self.assertEqual(self._activities(), first)
        with freeze_time("2026-04-12"):
            self.env["kttv.exemplar.milestone"]._cron_remind()
            self.assertEqual(len(self._activities()), 5)

    def test_the_scheduled_action_is_daily_and_active(self):
        cron = self.env.ref("kttv_emulation.ir_cron_kttv_milestone_remind")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.code.strip(), "model._cron_remind()")

    def test_a_milestone_is_done_by_its_button_only(self):
        with freeze_time("2026-04-10"):
            self.env["kttv.exemplar.milestone"]._cron_remind()
        self.assertTrue(self._activities().filtered(lambda a: a.res_id == self.m_tccb.id and a.active))
        officer = self.m_tccb.with_user(self.user_officer)
        with self.assertRaisesRegex(UserError, "with its button"):
            officer.write({"done": True})
        with self.assertRaisesRegex(UserError, "with its button"):
            self.env["kttv.exemplar.milestone"].with_user(self.user_officer).create(
                {
                    "phase_id": self.phase.id,
                    "name": "Đã xong?",
                    "date_start": "2026-04-01",
                    "date_deadline": "2026-04-15",
                    "done": True,
                }
            )
        with self.assertRaises(AccessError):
            self.m_tccb.with_user(self.user_unit_a).action_done()
        self.assertTrue(officer.can_done)
        self.assertIs(officer.action_done(), True)
        self.assertTrue(self.m_tccb.done)
        self.assertFalse(self._activities().filtered(lambda a: a.res_id == self.m_tccb.id), "its reminder is withdrawn")
        with self.assertRaisesRegex(UserError, "is done: you cannot mark a milestone as done now"):
            officer.action_done()
