from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..lib.criteria import RECOGNISED_STATES
from .common import COUNCIL, UNIT
from .test_decision import KttvDecisionCase


class KttvFundCase(KttvDecisionCase):
    def setUp(self):
        super().setUp()
        # Two reward payments from one decision: CSTĐCS 2,340,000 and Giấy khen 710,000.
        self.decision = self._decision(number="20/QĐ-TCKTTV")
        self.decision.registration_ids = self.individual | self.station
        self.decision.with_user(self.user_manager).action_sign()
        self.fund = self.decision.fund_line_ids.fund_id
        self.allocation = (
            self.env["kttv.reward.fund.line"]
            .with_user(self.user_officer)
            .create(
                {
                    "fund_id": self.fund.id,
                    "kind": "allocation",
                    "amount": 50_000_000,
                    "description": "Phân bổ quỹ năm 2027",
                }
            )
        )

    def _activity(self, cost, user=None, held=True, **vals):
        user = user or self.user_unit_a
        activity = (
            self.env["kttv.replication.activity"]
            .with_user(user)
            .create(
                {
                    "name": vals.pop("name", f"Trao đổi kinh nghiệm {cost:,}"),
                    "kind": "exchange",
                    "date": "2027-05-10",
                    "organising_unit_id": self.unit_a.id,
                    "registration_ids": [Command.set(self.individual.ids)],
                    "cost": cost,
                    **vals,
                }
            )
        )
        if held:
            activity.with_user(user).action_done()
        return activity


@tagged("post_install", "-at_install")
class TestRewardFund(KttvFundCase):
    def test_balance_and_the_twenty_percent_share(self):
        self.assertEqual((self.fund.year, self.fund.level), (2027, "administration"))
        self.assertEqual(self.fund.reward_paid, 3_050_000)
        self.assertEqual(self.fund.replication_share, 10_000_000, "20% of 50,000,000")
        for cost in (3_000_000, 4_000_000, 2_500_000):
            self._activity(cost).with_user(self.user_officer).action_charge_cost()
        self.assertEqual(self.fund.activity_spent, 9_500_000)
        self.assertEqual(self.fund.spent, 12_550_000)
        self.assertEqual(self.fund.balance, 37_450_000)
        self.assertEqual(self.fund.replication_remaining, 500_000)
        self.assertEqual(len(self.fund.line_ids.filtered(lambda line: line.kind == "activity")), 3)

        too_much = self._activity(1_000_000, name="Tham quan mô hình tại Đài Nam Bộ")
        with self.assertRaisesRegex(UserError, "only 500,000 VND remain") as refusal:
            too_much.with_user(self.user_officer).action_charge_cost()
        self.assertIn("Tham quan mô hình tại Đài Nam Bộ", str(refusal.exception))
        self.assertFalse(too_much.fund_line_id)
        self.assertEqual(self.fund.activity_spent, 9_500_000, "nothing charged")

        # The Director General may override, with a reason the fund keeps.
        action = too_much.with_user(self.user_manager).action_charge_cost()
        self.assertEqual(action["res_model"], "kttv.fund.override.wizard")
        with self.assertRaises(AccessError):
            self.env["kttv.fund.override.wizard"].with_user(self.user_officer).create(
                {"activity_ids": [Command.set(too_much.ids)], "reason": "x"}
            )
        self.env["kttv.fund.override.wizard"].with_user(self.user_manager).create(
            {
                "activity_ids": [Command.set(too_much.ids)],
                "reason": "Hội nghị điển hình tiên tiến lần thứ V cần thêm kinh phí.",
            }
        ).action_confirm()
        line = too_much.fund_line_id
        self.assertEqual((line.amount, line.override_by_id), (1_000_000, self.user_manager))
        self.assertEqual(line.override_reason, "Hội nghị điển hình tiên tiến lần thứ V cần thêm kinh phí.")
        self.assertEqual(self.fund.replication_remaining, -500_000)
        logged = self._messages(self.fund, "approved 500,000 VND over the share")
        self.assertEqual(logged.author_id, self.user_manager.partner_id)

    def test_amounts_are_computed_never_typed(self):
        Line = self.env["kttv.reward.fund.line"].with_user(self.user_officer)
        with self.assertRaisesRegex(UserError, "not by hand"):
            Line.create({"fund_id": self.fund.id, "kind": "reward", "amount": 1, "description": "x"})
        with self.assertRaisesRegex(UserError, "set by the application"):
            Line.create(
                {"fund_id": self.fund.id, "kind": "allocation", "amount": 1, "description": "x", "cancelled": True}
            )
        payment = self.decision.fund_line_ids[:1]
        with self.assertRaises(AccessError):
            payment.with_user(self.user_officer).write({"amount": 1})
        with self.assertRaises(AccessError):
            payment.with_user(self.user_officer).unlink()
        with self.assertRaisesRegex(UserError, "never deleted"):
            payment.sudo().unlink()
        self.assertFalse(self.fund._fields["balance"].readonly is False)

    def test_allocations_are_cancelled_with_a_reason_never_edited(self):
        self.assertTrue(self._messages(self.fund, "Phân bổ quỹ năm 2027"), "the allocation is logged on the fund")
        for user in (self.user_officer, self.user_manager):
            with self.assertRaises(AccessError):
                self.allocation.with_user(user).write({"amount": 500_000_000})
            with self.assertRaises(AccessError):
                self.allocation.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.fund.with_user(user).write({"line_ids": [Command.update(self.allocation.id, {"amount": 1})]})
        with self.assertRaisesRegex(UserError, "never deleted"):
            self.allocation.sudo().unlink()
        # A payment is cancelled with its decision, not from the fund.
        with self.assertRaisesRegex(UserError, "cancelled with its decision"):
            self.decision.fund_line_ids[:1].with_user(self.user_officer).action_cancel()
        with self.assertRaises(AccessError):
            self.allocation.with_user(self.user_unit_a).action_cancel()

        action = self.allocation.with_user(self.user_officer).action_cancel()
        self.assertEqual(action["res_model"], "kttv.fund.cancel.wizard")
        with self.assertRaises(AccessError):
            self.env["kttv.fund.cancel.wizard"].with_user(self.user_unit_a).create(
                {"line_id": self.allocation.id, "reason": "x"}
            )
        self.env["kttv.fund.cancel.wizard"].with_user(self.user_officer).with_context(**action["context"]).create(
            {"reason": "Nhập sai số tiền: 50.000.000 thay vì 5.000.000."}
        ).action_confirm()
        self.assertTrue(self.allocation.cancelled)
        self.assertEqual(self.fund.allocated, 0)
        logged = self._messages(self.fund, "Nhập sai số tiền")
        self.assertEqual(logged.author_id, self.user_officer.partner_id)
        self.assertIn("Phân bổ quỹ năm 2027", logged.body)
        with self.assertRaisesRegex(UserError, "already cancelled"):
            self.allocation.with_user(self.user_officer).action_cancel()

    def test_year_level_and_share_of_a_fund(self):
        for user in (self.user_officer, self.user_manager):
            with self.assertRaisesRegex(UserError, "year and level can no longer change"):
                self.fund.with_user(user).write({"year": 2028})
            with self.assertRaisesRegex(UserError, "year and level can no longer change"):
                self.fund.with_user(user).write({"level": "ministry"})
        with self.assertRaisesRegex(UserError, "a fund that was used is kept"):
            self.fund.with_user(self.user_officer).unlink()
        # The share is the law's 20%: TCCB cannot raise it to spend more on activities.
        with self.assertRaises(AccessError):
            self.fund.with_user(self.user_officer).write({"replication_percent": 30})
        with self.assertRaises(AccessError):
            self.env["kttv.reward.fund"].with_user(self.user_officer).create(
                {"year": 2029, "level": "administration", "replication_percent": 30}
            )
        self.assertEqual(self.fund.replication_share, 10_000_000)
        self.fund.with_user(self.user_manager).write({"replication_percent": 25})
        self.assertEqual(self.fund.replication_share, 12_500_000)
        self._flush_tracking()
        tracked = self.fund.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "replication_percent"
        )
        self.assertEqual((tracked.old_value_float, tracked.new_value_float), (20, 25))
        self.assertEqual(tracked.mail_message_id.author_id, self.user_manager.partner_id)
        # An empty fund may still be corrected.
        empty = self.env["kttv.reward.fund"].with_user(self.user_officer).create({"year": 2029})
        empty.with_user(self.user_officer).write({"year": 2030})
        self.assertEqual(empty.year, 2030)

    def test_a_cost_beyond_the_balance_is_refused(self):
        # A share of the whole fund, so that the balance, not the share, is what runs out.
        self.fund.with_user(self.user_manager).write({"replication_percent": 100})
        self.assertEqual((self.fund.replication_share, self.fund.balance), (50_000_000, 46_950_000))
        big = self._activity(47_000_000, name="Hội nghị điển hình tiên tiến toàn quốc")
        with self.assertRaisesRegex(UserError, "holds only 46,950,000 VND") as refusal:
            big.with_user(self.user_officer).action_charge_cost()
        self.assertIn("50,000 VND below zero", str(refusal.exception))
        self.assertFalse(big.fund_line_id)
        self.assertEqual(self.fund.balance, 46_950_000)
        action = big.with_user(self.user_manager).action_charge_cost()
        self.assertEqual(action["res_model"], "kttv.fund.override.wizard")
        self.env["kttv.fund.override.wizard"].with_user(self.user_manager).with_context(**action["context"]).create(
            {"reason": "Bổ sung kinh phí từ nguồn năm sau."}
        ).action_confirm()
        self.assertEqual(self.fund.balance, -50_000)
        self.assertEqual(big.fund_line_id.override_by_id, self.user_manager)
        logged = self._messages(self.fund, "approved 50,000 VND beyond the balance")
        self.assertEqual(logged.author_id, self.user_manager.partner_id)
        self.assertIn("Bổ sung kinh phí từ nguồn năm sau.", logged.body)

    def test_a_batch_of_activities_is_charged_as_a_whole(self):
        small, large, last = (self._activity(cost) for cost in (2_000_000, 7_000_000, 3_000_000))
        batch = small | large | last
        # Together they go 2,000,000 over the 10,000,000 share: nothing is charged.
        with self.assertRaisesRegex(UserError, "only 1,000,000 VND remain"):
            batch.with_user(self.user_officer).action_charge_cost()
        self.assertFalse(batch.fund_line_id)
        action = batch.with_user(self.user_manager).action_charge_cost()
        self.assertFalse(batch.fund_line_id, "nothing charged before the Director General confirms")
        wizard = (
            self.env["kttv.fund.override.wizard"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create({"reason": "Chuỗi hoạt động nhân rộng quý II."})
        )
        self.assertEqual((wizard.activity_ids, wizard.cost), (batch, 12_000_000))
        wizard.action_confirm()
        self.assertEqual(len(batch.fund_line_id), 3, "every activity of the batch is charged")
        self.assertEqual(self.fund.activity_spent, 12_000_000)
        self.assertFalse((small | large).fund_line_id.filtered("override_reason"), "they fitted the share")
        self.assertEqual(last.fund_line_id.override_reason, "Chuỗi hoạt động nhân rộng quý II.")
        # A batch that fits is charged whole by TCCB.
        self.fund.with_user(self.user_manager).write({"replication_percent": 50})
        more = self._activity(1_000_000) | self._activity(1_500_000) | self._activity(500_000)
        self.assertIs(more.with_user(self.user_officer).action_charge_cost(), True)
        self.assertEqual(more.mapped("charged_amount"), [1_000_000, 1_500_000, 500_000])
        self.assertEqual(self.fund.activity_spent, 15_000_000)


@tagged("post_install", "-at_install")
class TestFundAndActivityAccess(KttvFundCase):
    def test_units_create_activities_for_their_own_exemplars_only(self):
        other = self._register(self.user_officer, employee_id=self.emp_b.id, registering_unit_id=self.unit_b.id)
        with self.assertRaisesRegex(UserError, "own exemplars only"):
            self._activity(0, registration_ids=[Command.set(other.ids)])
        with self.assertRaises(AccessError):
            self._activity(0, organising_unit_id=self.unit_b.id)
        mine = self._activity(0)
        self.assertEqual(self.individual.replication_count, 1)
        action = self.individual.action_open_replication()
        self.assertEqual(self.env["kttv.replication.activity"].search(action["domain"]), mine)
        # Everyone with a role reads where a model was shown; only its unit changes it.
        self.assertTrue(mine.with_user(self.user_unit_b).name)
        with self.assertRaises(AccessError):
            mine.with_user(self.user_unit_b).write({"participant_count": 30})
        # The unit cannot charge the fund.
        with self.assertRaises(AccessError):
            mine.with_user(self.user_unit_a).action_charge_cost()

    def test_steps_answer_rpc_clients_and_drive_the_buttons(self):
        activity = self._activity(2_000_000, held=False)
        unit, officer = activity.with_user(self.user_unit_a), activity.with_user(self.user_officer)

        def flags(record):
            record.invalidate_recordset()
            return record.can_done, record.can_charge_cost, record.can_cancel_charge, record.can_cancel

        self.assertEqual(flags(unit), (True, False, False, True))
        self.assertIs(unit.action_done(), True)
        self.assertEqual(flags(unit), (False, False, False, True))
        self.assertEqual(flags(officer), (False, True, False, True))
        self.assertIs(officer.action_charge_cost(), True)
        self.assertEqual(flags(unit), (False, False, False, False), "a charged activity is TCCB's to cancel")
        self.assertEqual(flags(officer), (False, False, True, True))
        with self.assertRaisesRegex(UserError, "already charged"):
            officer.action_charge_cost()
        self.assertEqual(officer.action_cancel_charge()["name"], "Cancel the charge to the fund")
        with self.assertRaisesRegex(UserError, "Give the reason"):
            officer._kttv_cancel_charge(" ")
        self.assertIs(officer.action_cancel(), True)
        with self.assertRaisesRegex(UserError, "cannot cancel an activity now"):
            officer.action_cancel()
        free = self._activity(0)
        with self.assertRaisesRegex(UserError, "no cost to charge"):
            free.with_user(self.user_officer).action_charge_cost()
        with self.assertRaisesRegex(UserError, "not charged to the fund"):
            free.with_user(self.user_officer).action_cancel_charge()

    def test_a_council_member_cannot_show_the_dossiers_it_reads(self):
        # Unit B's officer sits on the council: it reads unit A's dossiers, they are not its exemplars.
        member = self.user_council
        member.write(
            {"groups_id": [Command.link(self.env.ref(UNIT).id)], "kttv_unit_ids": [Command.set(self.unit_b.ids)]}
        )
        self.assertTrue(member.has_group(COUNCIL))
        self.assertTrue(self.collective.with_user(member).name, "the council reads the dossier")
        Activity = self.env["kttv.replication.activity"].with_user(member)
        vals = {"name": "Tham quan Đài A", "date": "2027-05-10", "organising_unit_id": self.unit_b.id}
        with self.assertRaisesRegex(UserError, "own exemplars only"):
            Activity.create({**vals, "registration_ids": [Command.set(self.collective.ids)]})
        own = Activity.create(vals)
        with self.assertRaisesRegex(UserError, "own exemplars only"):
            own.write({"registration_ids": [Command.link(self.individual.id)]})
        own.invalidate_recordset()
        self.assertFalse(own.registration_ids, "nothing was written")

    def test_a_charged_cost_and_its_link_are_locked(self):
        activity = self._activity(2_000_000)
        activity.with_user(self.user_officer).action_charge_cost()
        line = activity.fund_line_id
        for user in (self.user_unit_a, self.user_officer):
            with self.assertRaisesRegex(UserError, "buttons of the activity"):
                activity.with_user(user).write({"fund_line_id": False})
            with self.assertRaisesRegex(UserError, "cancels the charge"):
                activity.with_user(user).write({"cost": 500_000})
            with self.assertRaisesRegex(UserError, "cancels the charge"):
                activity.with_user(user).write({"date": "2028-01-10"})
        self.assertEqual((activity.fund_line_id, activity.cost), (line, 2_000_000))
        # The charge, the status and the link are not set by hand at creation either.
        Activity = self.env["kttv.replication.activity"].with_user(self.user_unit_a)
        for vals in ({"fund_line_id": line.id}, {"state": "done"}):
            with self.assertRaisesRegex(UserError, "starts as planned"):
                Activity.create({"name": "x", "organising_unit_id": self.unit_a.id, "cost": 1, **vals})

        # The sanctioned way back: TCCB cancels the charge, with a reason.
        with self.assertRaises(AccessError):
            activity.with_user(self.user_unit_a).action_cancel_charge()
        action = activity.with_user(self.user_officer).action_cancel_charge()
        self.env["kttv.fund.cancel.wizard"].with_user(self.user_officer).with_context(**action["context"]).create(
            {"reason": "Chi phí thực tế thấp hơn dự toán."}
        ).action_confirm()
        self.assertFalse(activity.fund_line_id)
        self.assertTrue(line.cancelled)
        self.assertEqual((self.fund.activity_spent, activity.charged_amount), (0, 0))
        self.assertTrue(self._messages(self.fund, "Chi phí thực tế thấp hơn dự toán."))
        self.assertTrue(self._messages(activity, "Chi phí thực tế thấp hơn dự toán."))
        activity.with_user(self.user_unit_a).write({"cost": 1_500_000})
        activity.with_user(self.user_officer).action_charge_cost()
        self.assertEqual((self.fund.activity_spent, activity.charged_amount), (1_500_000, 1_500_000))
        with self.assertRaisesRegex(UserError, "cancelled, not deleted"):
            activity.unlink()

    def test_cancelling_a_charged_activity_returns_its_cost(self):
        activity = self._activity(2_000_000)
        activity.with_user(self.user_officer).action_charge_cost()
        self.assertEqual(self.fund.activity_spent, 2_000_000)
        with self.assertRaises(AccessError):
            activity.with_user(self.user_unit_a).action_cancel()
        activity.with_user(self.user_officer).action_cancel()
        self.assertEqual((self.fund.activity_spent, activity.charged_amount), (0, 0))
        self.assertTrue(self._messages(self.fund, "Activity cancelled"))
        with self.assertRaisesRegex(UserError, "cancelled, not deleted"):
            activity.unlink()

    def test_only_tccb_and_the_leadership_touch_the_fund(self):
        for user in (self.user_unit_a, self.user_council, self.user_employee):
            with self.assertRaises(AccessError):
                self.fund.with_user(user).read(["balance"])
            with self.assertRaises(AccessError):
                self.env["kttv.reward.fund.line"].with_user(user).create(
                    {"fund_id": self.fund.id, "kind": "allocation", "amount": 1, "description": "x"}
                )
        for user in (self.user_officer, self.user_manager):
            self.assertEqual(self.fund.with_user(user).reward_paid, 3_050_000)
        with self.assertRaises(AccessError):
            self.fund.with_user(self.user_officer).write({"replication_percent": 25})
        self.fund.with_user(self.user_manager).write({"replication_percent": 25})
        self.assertEqual(self.fund.replication_percent, 25)


@tagged("post_install", "-at_install")
class TestPhaseReview(KttvFundCase):
    def _review(self, user=None, **vals):
        return (
            self.env["kttv.plan.review"]
            .with_user(user or self.user_officer)
            .create({"name": "Sơ kết giai đoạn 1 (kiểm thử)", "phase_id": self.phase.id, **vals})
        )

    def test_figures_match_the_records_and_stay_frozen(self):
        self.env["kttv.nurturing.review"].with_user(self.user_unit_a).create(
            {
                "registration_id": self._nurtured().id,
                "effectiveness": "medium",
                "development_potential": "high",
                "influence": "low",
            }
        )
        self._register(self.user_unit_b, employee_id=self.emp_b.id, registering_unit_id=self.unit_b.id)
        charged = self._activity(3_000_000)
        charged.with_user(self.user_officer).action_charge_cost()
        self._activity(0, name="Bài viết trên Tạp chí KTTV", kind="publicity", channel="journal")
        self._activity(2_000_000, held=False, name="Hội nghị dự kiến")
        dropped = self._activity(1_000_000, name="Tham quan bị hủy")
        dropped.with_user(self.user_officer).action_charge_cost()
        dropped.with_user(self.user_officer).action_cancel()
        self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_a.id})
        units = self.env["hr.department"].search_count([("kttv_is_unit", "=", True), ("id", "!=", self.unit_a.id)])
        (self.unit_a | self.unit_b).kttv_is_unit = True

        self.env["hr.employee"].search([("department_id", "child_of", self.unit_a.id)]).write({"gender": "female"})
        self.emp_a_child.gender = "male"
        review = self._review(kind="interim")
        Registration = self.env["kttv.exemplar.registration"]
        phase = [("phase_id", "=", self.phase.id)]
        recognised = Registration.search([*phase, ("state", "in", RECOGNISED_STATES), ("target", "=", "individual")])
        women = recognised.filtered(lambda registration: registration.employee_id.gender == "female")
        self.assertTrue(women, "the case has women among those recognised")
        self.assertEqual(
            (review.recognized_individual_count, review.recognized_women_count), (len(recognised), len(women))
        )
        self.assertAlmostEqual(review.recognized_women_share, 100.0 * len(women) / len(recognised), places=1)
        self.assertEqual(review.registration_count, Registration.search_count(phase))
        self.assertEqual(review.registration_count, 5)
        self.assertEqual((review.collective_count, review.individual_count), (1, 4))
        self.assertEqual(review.recognized_count, 2)
        self.assertEqual(review.in_progress_count, 3)
        self.assertEqual((review.registered_count, review.nurturing_count, review.nominated_count), (1, 1, 1))
        self.assertEqual(review.nurturing_review_count, self.env["kttv.nurturing.review"].search_count(phase))
        # Cost of the activities not cancelled, planned ones included; spent: what the fund paid.
        self.assertEqual((review.replication_count, review.replication_cost), (3, 5_000_000))
        self.assertEqual(review.replication_spent, 3_000_000)
        self.assertEqual(review.reward_paid, 3_050_000)
        self.assertEqual(review.fund_spent, 6_050_000)
        self.assertEqual((review.unit_plan_count, review.unit_plan_missing_count), (1, 1))
        self.assertEqual(review.unit_plan_absent_count, units + 1, "unit B has no plan at all")
        line_a = review.line_ids.filtered(lambda line: line.department_id == self.unit_a)
        self.assertEqual(
            [
                line_a[key]
                for key in (
                    "registration_count",
                    "registered_count",
                    "nurturing_count",
                    "nominated_count",
                    "recognized_count",
                    "closed_count",
                    "replication_count",
                    "replication_cost",
                    "replication_spent",
                )
            ],
            [4, 0, 1, 1, 2, 0, 3, 5_000_000, 3_000_000],
        )
        line_b = review.line_ids.filtered(lambda line: line.department_id == self.unit_b)
        self.assertEqual((line_b.registration_count, line_b.registered_count), (1, 1))

        review.with_user(self.user_officer).action_done()
        # Records change afterwards: the review keeps the figures of its day.
        self._register(self.user_unit_a, employee_id=self._newcomer("Đinh Thu Hà").id)
        self._activity(500_000).with_user(self.user_officer).action_charge_cost()
        review.invalidate_recordset()
        self.assertEqual(review.registration_count, 5)
        self.assertEqual((review.replication_cost, review.replication_spent), (5_000_000, 3_000_000))
        with self.assertRaisesRegex(UserError, "stay as they were"):
            review.with_user(self.user_officer).action_refresh()
        with self.assertRaisesRegex(UserError, "kept as it was written"):
            review.with_user(self.user_officer).write({"lessons": "<p>sửa</p>"})
        # A new review sees the new records.
        later = self._review(name="Tổng kết (kiểm thử)", kind="final")
        self.assertEqual((later.registration_count, later.replication_spent), (6, 3_500_000))

    def test_review_steps_answer_rpc_clients_and_drive_the_buttons(self):
        review = self._review().with_user(self.user_officer)
        self.assertEqual((review.can_refresh, review.can_done), (True, True))
        with self.assertRaises(AccessError):
            review.with_user(self.user_council).action_done()
        self.assertIs(review.action_refresh(), True)
        self.assertIs(review.action_done(), True)
        review.invalidate_recordset()
        self.assertEqual((review.state, review.can_refresh, review.can_done), ("done", False, False))
        with self.assertRaisesRegex(UserError, "already done"):
            review.action_done()
        with self.assertRaisesRegex(UserError, "Use the buttons of the review"):
            review.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            review.unlink()
        # What the form requires, the server does: a unit's review names its unit.
        with self.assertRaisesRegex(ValidationError, "names the unit it reviews"):
            self._review(name="Sơ kết không rõ đơn vị", scope="unit")

    def test_review_figures_are_read_only(self):
        review = self._review()
        line = review.line_ids.filtered(lambda line: line.department_id == self.unit_a)
        self.assertEqual(line.registration_count, 3)
        for user in (self.user_unit_a, self.user_officer, self.user_manager):
            with self.assertRaises(AccessError):
                line.with_user(user).write({"registration_count": 300})
            with self.assertRaises(AccessError):
                self.env["kttv.plan.review.line"].with_user(user).create(
                    {"review_id": review.id, "department_id": self.unit_b.id, "registration_count": 9}
                )
            with self.assertRaises(AccessError):
                line.with_user(user).unlink()
        # Nor through the review, nor by code that does not recompute them.
        with self.assertRaisesRegex(UserError, "computed from the records"):
            review.with_user(self.user_officer).write({"registration_count": 300})
        with self.assertRaisesRegex(UserError, "computed from the records"):
            review.with_user(self.user_officer).write({"line_ids": [Command.update(line.id, {"recognized_count": 9})]})
        with self.assertRaisesRegex(UserError, "computed from the records"):
            self._review(recognized_count=99)
        with self.assertRaisesRegex(UserError, "never typed"):
            line.sudo().write({"registration_count": 300})
        self.assertEqual(line.registration_count, 3)
        # The one way: recompute while the review is a draft.
        self._register(self.user_unit_a, employee_id=self._newcomer("Vũ Thị Lan").id)
        review.with_user(self.user_officer).action_refresh()
        self.assertEqual(review.line_ids.filtered(lambda line: line.department_id == self.unit_a).registration_count, 4)
        review.with_user(self.user_officer).action_done()
        with self.assertRaisesRegex(UserError, "stay as they were"):
            review.sudo()._freeze_figures()
        with self.assertRaisesRegex(UserError, "stay as they were"):
            review.line_ids._kttv_computing().write({"registration_count": 1})
        # A copy computes its own figures.
        copy = review.with_user(self.user_officer).copy()
        self.assertEqual((copy.state, copy.registration_count), ("draft", 4))

    def _newcomer(self, name, unit=None):
        return self.env["hr.employee"].create({"name": name, "department_id": (unit or self.unit_a).id})

    def _nurtured(self):
        registration = self._register(self.user_unit_a, employee_id=self._newcomer("Hoàng Minh Tâm").id)
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        return registration

    def _grow(self, count, offset):
        """``count`` more units, each with a plan, staff, registrations in every state and an activity."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        states = ["draft", "submitted", "nurturing", "council", "recognized", "refused", "cancelled"]
        for index in range(offset, offset + count):
            unit = env["hr.department"].create(
                {"name": f"Đài KTTV tỉnh {index}", "parent_id": self.root.id, "kttv_is_unit": True}
            )
            if index % 2:
                env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": unit.id})
            staff = env["hr.employee"].create(
                [{"name": f"Viên chức {index}-{n}", "department_id": unit.id} for n in range(2)]
            )
            registrations = env["kttv.exemplar.registration"].create(
                [
                    {"phase_id": self.phase.id, "registering_unit_id": unit.id, "employee_id": employee.id}
                    for employee in staff
                ]
            )
            for registration, state in zip(registrations, states[(2 * index) % len(states) :], strict=False):
                registration.write({"state": state})
            self._achievement(staff[0], 2027, self.t_ldtt)
            env["kttv.replication.activity"].create(
                {"name": f"Hoạt động {index}", "organising_unit_id": unit.id, "phase_id": self.phase.id, "cost": 1}
            )

    def test_figures_take_a_constant_number_of_queries(self):
        review = self._review()
        review.sudo()._compute_figures()  # warm the ORM caches
        counts, queries = [], []
        for grow, offset in ((0, 0), (6, 0), (20, 6)):
            self._grow(grow, offset)
            self.env.invalidate_all()
            # One grouped query per kind of record (registrations, reviews, activities, payments,
            # achievements, unit plans, units without a plan), two counts of the individuals
            # recognised and the women among them, the review and its phase.
            with self.assertQueryCount(11):
                before = self.env.cr.sql_log_count
                figures, lines = review.sudo()._compute_figures()
                queries.append(self.env.cr.sql_log_count - before)
            counts.append((figures["registration_count"], len(lines)))
        self.assertEqual(counts, [(3, 1), (15, 7), (55, 27)], "more units and registrations")
        self.assertEqual(queries, [11, 11, 11], "the same queries whatever the size")

    def test_a_unit_reviews_its_own_work(self):
        review = self._review(
            user=self.user_unit_a, name="Sơ kết của Đài A", scope="unit", department_id=self.unit_a.id
        )
        self.assertEqual(review.registration_count, 3)
        with self.assertRaises(AccessError):
            self.env["kttv.plan.review"].with_user(self.user_unit_a).create(
                {"name": "x", "phase_id": self.phase.id, "scope": "unit", "department_id": self.unit_b.id}
            )
        with self.assertRaises(AccessError):
            self.env["kttv.plan.review"].with_user(self.user_unit_a).create(
                {"name": "x", "phase_id": self.phase.id, "scope": "administration"}
            )
        # A draft review can be deleted, its figures with it.
        lines = review.line_ids
        review.with_user(self.user_unit_a).unlink()
        self.assertFalse(lines.exists())

    def test_review_report_renders(self):
        charged = self._activity(3_000_000)
        charged.with_user(self.user_officer).action_charge_cost()
        review = self._review(lessons="<p>Phát hiện sớm nhân tố mới.</p>")
        html, _type = self.env["ir.actions.report"]._render_qweb_html("kttv_emulation.report_plan_review", review.ids)
        text = html.decode()
        for needle in (
            "Sơ kết giai đoạn 1 (kiểm thử)",
            "Đài Khí tượng Thủy văn A",
            "Phát hiện sớm nhân tố mới.",
            "3.050.000",
            "3.000.000",
        ):
            self.assertIn(needle, text)


@tagged("post_install", "-at_install")
class TestDashboard(KttvFundCase):
    def test_dashboard_data(self):
        ministry = self.env["kttv.reward.fund"]._get(2027, "ministry")
        self.env["kttv.reward.fund.line"].with_user(self.user_officer).create(
            {"fund_id": ministry.id, "kind": "allocation", "amount": 80_000_000, "description": "Quỹ cấp Bộ"}
        )
        self._activity(4_000_000).with_user(self.user_officer).action_charge_cost()
        self.unit_b.kttv_is_unit = True
        self.unit_a.kttv_is_unit = True
        self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_a.id})
        missing = self.env["hr.department"].search([("kttv_is_unit", "=", True), ("id", "!=", self.unit_a.id)])

        # What the database already holds in the funds of the phase's years (the demo pays its 2025 titles in
        # January 2026) is on the dashboard too: the expected figures are this test's on top of it.
        def held(level, own):
            funds = self.env["kttv.reward.fund"].search(
                [
                    ("level", "=", level),
                    ("year", ">=", self.phase.date_start.year),
                    ("year", "<=", self.phase.date_end.year),
                    ("id", "not in", own.ids),
                ]
            )
            return {
                name: sum(funds.mapped(name))
                for name in ("allocated", "reward_paid", "activity_spent", "replication_share")
            }

        before = held("administration", self.fund)
        before_ministry = held("ministry", ministry)
        data = self.env["kttv.exemplar.phase"].with_user(self.user_manager).get_dashboard_data(self.phase.id)
        self.assertEqual(data["phase"]["id"], self.phase.id)
        self.assertEqual(data["registration_count"], 3)
        counts = {state["key"]: state["count"] for state in data["states"]}
        self.assertEqual((counts["recognized"], counts["council"]), (2, 1))
        unit = next(row for row in data["units"] if row["id"] == self.unit_a.id)
        self.assertEqual((unit["total"], unit["recognized"]), (3, 2))
        # One line per level, the Administration's first; never added together.
        self.assertEqual([row["level"] for row in data["funds"]], ["administration", "ministry"])
        administration, ministry_row = data["funds"]
        self.assertEqual(data["fund"], administration)
        self.assertEqual(
            (administration["reward_paid"], administration["share"], administration["share_remaining"]),
            (
                3_050_000 + before["reward_paid"],
                10_000_000 + before["replication_share"],
                6_000_000 + before["replication_share"] - before["activity_spent"],
            ),
        )
        self.assertEqual(
            administration["balance"],
            42_950_000 + before["allocated"] - before["reward_paid"] - before["activity_spent"],
        )
        self.assertEqual(
            (ministry_row["share"], ministry_row["balance"]),
            (
                16_000_000 + before_ministry["replication_share"],
                80_000_000
                + before_ministry["allocated"]
                - before_ministry["reward_paid"]
                - before_ministry["activity_spent"],
            ),
        )
        # Units with no plan at all are missing, next to the late ones.
        plans = data["unit_plans"]
        self.assertEqual((plans["total"], plans["missing"]), (1, len(missing)))
        self.assertIn({"key": f"unit-{self.unit_b.id}", "id": False, "unit": self.unit_b.name, "status": "missing",
                       "unit_id": self.unit_b.id, "deadline": False}, plans["rows"])  # fmt: skip
        self.assertNotIn(self.unit_a.name, [row["unit"] for row in plans["rows"] if row["status"] == "missing"])
        with self.assertRaises(AccessError):
            self.env["kttv.exemplar.phase"].with_user(self.user_unit_a).get_dashboard_data(self.phase.id)
