"""Query counts of the plan's workflow steps, pinned at two sizes.

Each step runs with tracking and chatter on, with open activities on the
records (as real data has them), and the work Odoo defers to the end of the
request (tracking values, followers, recomputations) flushed inside the count.
"""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import UNIT, KttvCase

TODO = "mail.mail_activity_data_todo"
REVIEW = "kttv_emulation.mail_act_unit_plan_review"
SUBMIT = "kttv_emulation.mail_act_unit_plan_submit"
MILESTONE = "kttv_emulation.mail_act_milestone"


class KttvBatchCase(KttvCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.kttv_director_id = cls.user_manager
        # Only the units of these tests are subordinate units.
        cls.env["hr.department"].search([]).kttv_is_unit = False
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
        # One unit officer for every unit: the root and all below it.
        cls.user_unit_all = new_test_user(cls.env, "kttv_t_unit_all", groups=UNIT, name="Cán bộ mọi đơn vị")
        cls.user_unit_all.kttv_unit_ids = cls.root

    def _units(self, count, prefix):
        return self.env["hr.department"].create(
            [{"name": f"{prefix} {index}", "parent_id": self.root.id, "kttv_is_unit": True} for index in range(count)]
        )

    def _todo(self, records, user):
        """An open activity of someone else's on each record, as real data has."""
        model_id = self.env["ir.model"]._get_id(records._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": self.env.ref(TODO).id,
                    "user_id": user.id,
                    "summary": "Theo dõi",
                }
                for record in records
            ]
        )

    def _flush(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.flush_all()

    def _queries(self, step):
        """The queries ``step`` takes from a cold cache, what it defers included."""
        self._flush()
        # From a cold cache: each size loads what it uses.
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        step()
        self._flush()
        return self.env.cr.sql_log_count - before

    def _pin(self, expected, sizes, prepare):
        """``prepare(size)`` makes the records and returns the step: the step takes ``expected`` queries at each size.

        A first run at the smallest size warms the caches of the registry
        (record rules, views of the e-mails) as the requests before it would have.
        """
        self._queries(prepare(sizes[0]))
        counts = []
        for size in sizes:
            step = prepare(size)
            with self.assertQueryCount(expected):
                counts.append(self._queries(step))
        self.assertEqual(counts, [expected] * len(sizes), f"queries for {sizes} records")

    def _activities(self, records, xmlid, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                    ("active", "=", active),
                ]
            )
        )


@tagged("post_install", "-at_install", "is_query_count")
class TestReplicationBatch(KttvBatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fund = cls.env["kttv.reward.fund"]._get(2027, "administration")
        cls.env["kttv.reward.fund.line"].create(
            {"fund_id": fund.id, "kind": "allocation", "amount": 1_000_000_000, "description": "Phân bổ (kiểm thử)"}
        )
        cls.fund = fund

    def _planned(self, count, cost=1_000):
        activities = (
            self.env["kttv.replication.activity"]
            .with_user(self.user_unit_a)
            .create(
                [
                    {
                        "name": f"Trao đổi kinh nghiệm {index}",
                        "date": "2027-05-10",
                        "organising_unit_id": self.unit_a.id,
                        "cost": cost,
                    }
                    for index in range(count)
                ]
            )
        )
        self._todo(activities, self.user_officer)
        return activities

    def _held(self, count, cost=1_000):
        activities = self._planned(count, cost)
        activities.action_done()
        return activities.with_user(self.user_officer)

    def test_charging_costs_takes_the_same_queries_for_10_and_100(self):
        charged = self.env["kttv.replication.activity"]

        def prepare(size):
            nonlocal charged
            batch = self._held(size)
            charged |= batch
            return batch.action_charge_cost

        self._pin(16, (10, 100), prepare)
        self.assertEqual(len(charged.fund_line_id), 120)
        self.assertEqual(self.fund.activity_spent, 120_000)
        self.assertEqual(set(charged.mapped("charged_amount")), {1_000})
        notes = self.env["mail.message"]._read_group(
            [("model", "=", charged._name), ("res_id", "in", charged.ids), ("body", "ilike", "VND charged to")],
            ["res_id"],
            ["__count"],
        )
        self.assertEqual(dict(notes), dict.fromkeys(charged.ids, 1), "one note on each activity, naming the fund")

    def test_holding_takes_constant_queries(self):
        held = self.env["kttv.replication.activity"]

        def prepare(size):
            nonlocal held
            batch = self._planned(size)
            held |= batch
            return batch.action_done

        self._pin(9, (5, 50), prepare)
        self.assertEqual(set(held.mapped("state")), {"done"})

    def test_cancelling_charges_takes_constant_queries(self):
        def prepare(size):
            batch = self._held(size)
            batch.action_charge_cost()
            return lambda: batch._kttv_cancel_charge("Sai dự toán (kiểm thử)")

        self._pin(18, (5, 50), prepare)
        self.assertEqual(self.fund.activity_spent, 0, "every charge cancelled")

    def test_cancelling_charged_activities_takes_constant_queries(self):
        cancelled = self.env["kttv.replication.activity"]

        def prepare(size):
            nonlocal cancelled
            batch = self._held(size)
            batch.action_charge_cost()
            cancelled |= batch
            return batch.action_cancel

        self._pin(20, (5, 50), prepare)
        self.assertEqual(set(cancelled.mapped("state")), {"cancelled"})
        self.assertEqual((self.fund.activity_spent, sum(cancelled.mapped("charged_amount"))), (0, 0))

    def test_approving_a_batch_over_the_share_takes_constant_queries(self):
        self.fund.with_user(self.user_manager).write({"replication_percent": 0})  # every cost is over the share
        approved = self.env["kttv.replication.activity"]

        def prepare(size):
            nonlocal approved
            batch = self._held(size).with_user(self.user_manager)
            self.assertEqual(batch.action_charge_cost()["res_model"], "kttv.fund.override.wizard")
            approved |= batch
            return lambda: batch._kttv_charge_over_share("Lãnh đạo phê duyệt (kiểm thử)")

        self._pin(17, (5, 50), prepare)
        self.assertEqual(set(approved.fund_line_id.mapped("override_reason")), {"Lãnh đạo phê duyệt (kiểm thử)"})
        self.assertEqual(set(approved.fund_line_id.override_by_id), {self.user_manager})


@tagged("post_install", "-at_install", "is_query_count")
class TestUnitPlanBatch(KttvBatchCase):
    def _plans(self, units):
        plans = self.env["kttv.unit.plan"].create([{"phase_id": self.phase.id, "department_id": u.id} for u in units])
        self._todo(plans, self.user_officer)
        return plans

    def _overdue(self, size):
        """``size`` plans past their deadline, their units reminded."""
        plans = self._plans(self._units(size, f"Đài {size}"))
        with freeze_time("2026-04-10"):
            plans._cron_remind_overdue()
        self.assertEqual(len(self._activities(plans, SUBMIT)), size)
        return plans

    def test_submitting_takes_constant_queries(self):
        submitted = self.env["kttv.unit.plan"]

        def prepare(size):
            nonlocal submitted
            plans = self._overdue(size)
            submitted |= plans
            return plans.with_user(self.user_unit_all).action_submit

        self._pin(54, (5, 50), prepare)
        self.assertEqual(set(submitted.mapped("state")), {"submitted"})
        self.assertFalse(self._activities(submitted, SUBMIT), "the reminders are done")
        self.assertEqual(len(self._activities(submitted, SUBMIT, active=False)), len(submitted))
        reviews = self._activities(submitted, REVIEW)
        self.assertEqual((len(reviews), reviews.user_id), (len(submitted), self.user_officer))

    def test_returning_takes_constant_queries(self):
        returned = self.env["kttv.unit.plan"]

        def prepare(size):
            nonlocal returned
            plans = self._overdue(size)
            plans.with_user(self.user_unit_all).action_submit()
            returned |= plans
            return plans.with_user(self.user_officer).action_return

        self._pin(20, (5, 50), prepare)
        self.assertEqual(set(returned.mapped("state")), {"draft"})
        self.assertFalse(self._activities(returned, REVIEW))
        self.assertEqual(len(self._activities(returned, REVIEW, active=False)), len(returned), "kept as done")
        self.assertFalse(self._activities(returned, SUBMIT), "reminded once: not again on return")

    def test_overdue_reminders_take_constant_queries_and_come_once(self):
        Plan = self.env["kttv.unit.plan"]
        reminded = Plan

        def prepare(size):
            nonlocal reminded
            plans = self._plans(self._units(size, f"Đài {size}"))
            reminded |= plans

            def remind():
                with freeze_time("2026-04-10"):
                    Plan._cron_remind_overdue()

            return remind

        self._pin(51, (5, 50), prepare)
        reminders = self._activities(reminded, SUBMIT)
        self.assertEqual((len(reminders), reminders.user_id), (len(reminded), self.user_unit_all))
        # Again, once a reminder is marked done: nothing new, the one done not sent again.
        reminders[:1].action_done()
        with freeze_time("2026-04-10"):
            Plan._cron_remind_overdue()
        self.assertEqual(self._activities(reminded, SUBMIT), reminders[1:])

    def test_the_dashboard_reminds_the_late_units_now_and_once(self):
        plans = self._plans(self._units(3, "Đài nhắc"))
        others = self.env["kttv.unit.plan"].search([("phase_id", "=", self.phase.id)]) - plans
        others.sudo().write({"state": "submitted"})  # only these three are overdue
        phase = self.phase.with_user(self.user_officer).with_context(lang="en_US")
        with freeze_time("2026-04-10"):
            first = phase.action_remind_late_units()
            again = phase.action_remind_late_units()
        reminders = self._activities(plans, SUBMIT)
        self.assertEqual((len(reminders), reminders.user_id), (3, self.user_unit_all))
        self.assertEqual(first["tag"], "display_notification")
        self.assertIn("3 units are overdue: 3 reminders sent", first["params"]["message"])
        self.assertIn("3 units are overdue: 0 reminders sent", again["params"]["message"], "not asked twice")
        with self.assertRaises(AccessError):
            self.phase.with_user(self.user_unit_all).action_remind_late_units()

    def _list_spec(self):
        """The specification the web client sends for the unit plans' list view."""
        UnitPlan = self.env["kttv.unit.plan"]
        arch = UnitPlan.get_views([(False, "list")])["views"]["list"]["arch"]
        fields = UnitPlan.fields_get(attributes=["type"])
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            name = node.get("name")
            spec[name] = {"fields": {"display_name": {}}} if fields[name]["type"] == "many2one" else {}
            if node.get("widget") == "list_activity":
                # The fields the list_activity widget depends on.
                for dependency in (
                    "activity_exception_decoration",
                    "activity_exception_icon",
                    "activity_state",
                    "activity_summary",
                    "activity_type_icon",
                ):
                    spec[dependency] = {}
                spec["activity_type_id"] = {"fields": {"display_name": {}}}
        return spec

    def test_the_list_takes_the_same_queries_for_20_and_80_rows(self):
        """TCCB opens the list: 80 rows among 300 units, with registrations and activities."""
        units = self._units(300, "Đài KTTV tỉnh")
        stations = self.env["hr.department"].create(
            [{"name": f"Trạm {unit.name}", "parent_id": unit.id} for unit in units[:80]]
        )
        employees = self.env["hr.employee"].create(
            [{"name": f"Viên chức {station.name}", "department_id": station.id} for station in stations]
        )
        Registration = self.env["kttv.exemplar.registration"].with_context(tracking_disable=True)
        Registration.create(
            [
                {
                    "phase_id": self.phase.id,
                    "registering_unit_id": unit.id,
                    "target": "collective",
                    "department_id": unit.id,
                }
                for unit in units[:80]
            ]
            + [
                {
                    "phase_id": self.phase.id,
                    "registering_unit_id": employee.department_id.id,
                    "employee_id": employee.id,
                }
                for employee in employees
            ]
        )
        plans = self._plans(units[:80])
        # Every other plan submitted (TCCB asked to review), the others overdue (their unit reminded).
        plans[::2].with_user(self.user_unit_all).action_submit()
        with freeze_time("2026-04-10"):
            plans._cron_remind_overdue()
        spec = self._list_spec()
        self.assertIn("registration_count", spec)
        UnitPlan = self.env["kttv.unit.plan"].with_user(self.user_officer).with_context(bin_size=True)
        domain = [("phase_id", "=", self.phase.id)]
        rows = {}

        def prepare(limit):
            def read():
                result = UnitPlan.web_search_read(domain, spec, limit=limit, count_limit=10001)
                rows[limit] = result["records"]

            return read

        self._pin(14, (20, 80), prepare)
        self.assertEqual((len(rows[20]), len(rows[80])), (20, 80))
        self.assertEqual({row["registration_count"] for row in rows[80]}, {2}, "the unit's own and its station's")
        self.assertEqual({row["state"] for row in rows[20]}, {"draft", "submitted"})


@tagged("post_install", "-at_install", "is_query_count")
class TestMilestoneBatch(KttvBatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.units = cls.env["hr.department"].create(
            [{"name": f"Đài {index}", "parent_id": cls.root.id, "kttv_is_unit": True} for index in range(5)]
        )
        cls.env["kttv.unit.plan"].create({"phase_id": cls.phase.id, "department_id": cls.units[0].id})

    def _milestones(self, count):
        """Milestones due on 20 April 2026, for each kind of actor, some for a given unit."""
        Milestone = self.env["kttv.exemplar.milestone"].with_context(tracking_disable=True)
        actors = ["units", "tccb", "director", "journal", "units"]
        milestones = Milestone.create(
            [
                {
                    "phase_id": self.phase.id,
                    "name": f"Mốc {index}",
                    "actor": actors[index % len(actors)],
                    "date_start": "2026-04-01",
                    "date_deadline": "2026-04-20",
                    "department_ids": [Command.set(self.units[index % 5].ids)] if index % 5 == 4 else [],
                }
                for index in range(count)
            ]
        )
        self._todo(milestones, self.user_employee)
        return milestones

    def _remind(self):
        with freeze_time("2026-04-10"):
            self.env["kttv.exemplar.milestone"]._cron_remind()

    def test_reminders_take_constant_queries_and_come_once(self):
        reminded = self.env["kttv.exemplar.milestone"]

        def prepare(size):
            nonlocal reminded
            reminded |= self._milestones(size)
            return self._remind

        # One e-mail to each of the three people reminded: TCCB, the Director General, the units' officer.
        self._pin(148, (10, 50), prepare)
        reminders = self._activities(reminded, MILESTONE)
        self.assertEqual(set(reminders.mapped("date_deadline")), {date(2026, 4, 20)})
        by_actor = {
            actor: self._activities(reminded.filtered(lambda m, a=actor: m.actor == a), MILESTONE).user_id
            for actor in ("tccb", "director", "journal")
        }
        self.assertEqual(
            by_actor, {"tccb": self.user_officer, "director": self.user_manager, "journal": self.user_officer}
        )
        every_unit = reminded.filtered(lambda m: m.actor == "units" and not m.department_ids)
        self.assertEqual(self._activities(every_unit, MILESTONE).user_id, self.user_unit_all)
        # Again the same day, once a reminder is marked done: nothing new, nothing written.
        reminders[:1].action_done()
        with self.assertQueryCount(28):
            self._queries(self._remind)
        self.assertEqual(self._activities(reminded, MILESTONE), reminders[1:])

    def test_marking_done_takes_constant_queries(self):
        ticked = self.env["kttv.exemplar.milestone"]

        def prepare(size):
            nonlocal ticked
            milestones = self._milestones(size)
            self._remind()
            self.assertTrue(self._activities(milestones, MILESTONE))
            ticked |= milestones
            return milestones.with_user(self.user_officer).action_done

        self._pin(17, (5, 50), prepare)
        self.assertTrue(all(ticked.mapped("done")))
        self.assertFalse(self._activities(ticked, MILESTONE), "the reminders are withdrawn")
