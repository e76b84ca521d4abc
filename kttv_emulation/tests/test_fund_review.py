from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_decision import KttvDecisionCase


class KttvFundCase(KttvDecisionCase):
    def setUp(self):
        super().setUp()
        # Two reward payments from one decision: CSTĐCS 2,340,000 and Giấy khen 710,000.
        self.decision = self._decision(number="20/QĐ-TCKTTV")
        self.decision.registration_ids = self.individual | self.station
        self.decision.with_user(self.user_manager).action_sign()
        self.fund = self.decision.fund_line_ids.fund_id
        self.env["kttv.reward.fund.line"].with_user(self.user_officer).create(
            {"fund_id": self.fund.id, "kind": "allocation", "amount": 50_000_000, "description": "Phân bổ quỹ năm 2027"}
        )

    def _activity(self, cost, user=None, **vals):
        Activity = self.env["kttv.replication.activity"].with_user(user or self.user_unit_a)
        activity = Activity.create(
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
        activity.with_user(user or self.user_unit_a).action_done()
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
                {"activity_id": too_much.id, "reason": "x"}
            )
        self.env["kttv.fund.override.wizard"].with_user(self.user_manager).create(
            {"activity_id": too_much.id, "reason": "Hội nghị điển hình tiên tiến lần thứ V cần thêm kinh phí."}
        ).action_confirm()
        line = too_much.fund_line_id
        self.assertEqual((line.amount, line.override_by_id), (1_000_000, self.user_manager))
        self.assertEqual(line.override_reason, "Hội nghị điển hình tiên tiến lần thứ V cần thêm kinh phí.")
        self.assertEqual(self.fund.replication_remaining, -500_000)
        logged = self.fund.message_ids.filtered(lambda m: "approved 500,000 VND over the share" in (m.body or ""))
        self.assertEqual(logged.author_id, self.user_manager.partner_id)

    def test_amounts_are_computed_never_typed(self):
        Line = self.env["kttv.reward.fund.line"].with_user(self.user_officer)
        with self.assertRaisesRegex(UserError, "not by hand"):
            Line.create({"fund_id": self.fund.id, "kind": "reward", "amount": 1, "description": "x"})
        with self.assertRaisesRegex(UserError, "not by hand"):
            self.decision.fund_line_ids[:1].with_user(self.user_officer).write({"amount": 1})
        with self.assertRaisesRegex(UserError, "never deleted"):
            self.decision.fund_line_ids[:1].unlink()
        self.assertFalse(self.fund._fields["balance"].readonly is False)

    def test_cancelling_a_charged_activity_returns_its_cost(self):
        activity = self._activity(2_000_000)
        activity.with_user(self.user_officer).action_charge_cost()
        self.assertEqual(self.fund.activity_spent, 2_000_000)
        with self.assertRaises(AccessError):
            activity.with_user(self.user_unit_a).action_cancel()
        activity.with_user(self.user_officer).action_cancel()
        self.assertEqual(self.fund.activity_spent, 0)
        with self.assertRaisesRegex(UserError, "cancelled, not deleted"):
            activity.unlink()


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
            self.fund.with_user(user).write({"replication_percent": 20})


@tagged("post_install", "-at_install")
class TestPhaseReview(KttvFundCase):
    def test_figures_match_the_records_and_stay_frozen(self):
        self.env["kttv.nurturing.review"].with_user(self.user_unit_a).create(
            {
                "registration_id": self._nurtured().id,
                "effectiveness": "medium",
                "development_potential": "high",
                "influence": "low",
            }
        )
        charged = self._activity(3_000_000)
        charged.with_user(self.user_officer).action_charge_cost()
        self._activity(0, name="Bài viết trên Tạp chí KTTV", kind="publicity", channel="journal")
        self.env["kttv.unit.plan"].create({"phase_id": self.phase.id, "department_id": self.unit_a.id})

        review = (
            self.env["kttv.plan.review"]
            .with_user(self.user_officer)
            .create({"name": "Sơ kết giai đoạn 1 (kiểm thử)", "phase_id": self.phase.id, "kind": "interim"})
        )
        Registration = self.env["kttv.exemplar.registration"]
        phase = [("phase_id", "=", self.phase.id)]
        self.assertEqual(review.registration_count, Registration.search_count(phase))
        self.assertEqual(review.registration_count, 4)
        self.assertEqual((review.collective_count, review.individual_count), (1, 3))
        self.assertEqual(review.recognized_count, 2)
        self.assertEqual(review.in_progress_count, 2)
        self.assertEqual(review.nurturing_review_count, self.env["kttv.nurturing.review"].search_count(phase))
        self.assertEqual((review.replication_count, review.replication_cost), (2, 3_000_000))
        self.assertEqual(review.reward_paid, 3_050_000)
        self.assertEqual((review.unit_plan_count, review.unit_plan_missing_count), (1, 1))
        line = review.line_ids.filtered(lambda line: line.department_id == self.unit_a)
        self.assertEqual((line.registration_count, line.recognized_count), (4, 2))

        review.with_user(self.user_officer).action_done()
        # Records change afterwards: the review keeps the figures of its day.
        self._register(self.user_unit_a, employee_id=self._newcomer("Đinh Thu Hà").id)
        self._activity(500_000).with_user(self.user_officer).action_charge_cost()
        review.invalidate_recordset()
        self.assertEqual(review.registration_count, 4)
        self.assertEqual(review.replication_cost, 3_000_000)
        with self.assertRaisesRegex(UserError, "stay as they were"):
            review.with_user(self.user_officer).action_refresh()
        with self.assertRaisesRegex(UserError, "kept as it was written"):
            review.with_user(self.user_officer).write({"lessons": "<p>sửa</p>"})
        # A new review sees the new records.
        later = (
            self.env["kttv.plan.review"]
            .with_user(self.user_officer)
            .create({"name": "Tổng kết (kiểm thử)", "phase_id": self.phase.id, "kind": "final"})
        )
        self.assertEqual((later.registration_count, later.replication_cost), (5, 3_500_000))

    def _newcomer(self, name):
        return self.env["hr.employee"].create({"name": name, "department_id": self.unit_a.id})

    def _nurtured(self):
        registration = self._register(self.user_unit_a, employee_id=self._newcomer("Hoàng Minh Tâm").id)
        registration.with_user(self.user_unit_a).action_submit()
        registration.with_user(self.user_officer).action_accept()
        return registration

    def test_figures_take_a_constant_number_of_queries(self):
        review = (
            self.env["kttv.plan.review"]
            .with_user(self.user_officer)
            .create({"name": "Sơ kết (kiểm thử)", "phase_id": self.phase.id})
        )
        review.sudo()._compute_figures()  # warm the ORM caches
        for count in (0, 12):
            self.env["kttv.replication.activity"].with_user(self.user_unit_a).create(
                [
                    {"name": f"Hoạt động {i}", "organising_unit_id": self.unit_a.id, "phase_id": self.phase.id}
                    for i in range(count)
                ]
            )
            self.env.invalidate_all()
            # One grouped query per kind of record (registrations, reviews, activities,
            # payments, achievements, unit plans) and the records they group by.
            with self.assertQueryCount(8):
                review.sudo()._compute_figures()

    def test_a_unit_reviews_its_own_work(self):
        review = (
            self.env["kttv.plan.review"]
            .with_user(self.user_unit_a)
            .create(
                {
                    "name": "Sơ kết của Đài A",
                    "phase_id": self.phase.id,
                    "scope": "unit",
                    "department_id": self.unit_a.id,
                }
            )
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

    def test_review_report_renders(self):
        review = (
            self.env["kttv.plan.review"]
            .with_user(self.user_officer)
            .create(
                {
                    "name": "Sơ kết giai đoạn 1 (kiểm thử)",
                    "phase_id": self.phase.id,
                    "lessons": "<p>Phát hiện sớm nhân tố mới.</p>",
                }
            )
        )
        html, _type = self.env["ir.actions.report"]._render_qweb_html("kttv_emulation.report_plan_review", review.ids)
        text = html.decode()
        for needle in (
            "Sơ kết giai đoạn 1 (kiểm thử)",
            "Đài Khí tượng Thủy văn A",
            "Phát hiện sớm nhân tố mới.",
            "3.050.000",
        ):
            self.assertIn(needle, text)


@tagged("post_install", "-at_install")
class TestDashboard(KttvFundCase):
    def test_dashboard_data(self):
        data = self.env["kttv.exemplar.phase"].with_user(self.user_manager).get_dashboard_data(self.phase.id)
        self.assertEqual(data["phase"]["id"], self.phase.id)
        self.assertEqual(data["registration_count"], 3)
        counts = {state["key"]: state["count"] for state in data["states"]}
        self.assertEqual((counts["recognized"], counts["council"]), (2, 1))
        unit = next(row for row in data["units"] if row["id"] == self.unit_a.id)
        self.assertEqual((unit["total"], unit["recognized"]), (3, 2))
        self.assertEqual(data["fund"]["reward_paid"], 3_050_000)
        self.assertEqual(data["fund"]["share"], 10_000_000)
        with self.assertRaises(AccessError):
            self.env["kttv.exemplar.phase"].with_user(self.user_unit_a).get_dashboard_data(self.phase.id)
