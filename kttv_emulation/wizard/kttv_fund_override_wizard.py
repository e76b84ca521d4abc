from odoo import _, api, fields, models

from ..models.kttv_workflow_mixin import MANAGER


class KttvFundOverrideWizard(models.TransientModel):
    """The Director General approves costs over the replication share or the balance, with a reason."""

    _name = "kttv.fund.override.wizard"
    _description = "Approve a cost over the share"

    activity_id = fields.Many2one("kttv.replication.activity", help="The activity that goes over.")
    activity_ids = fields.Many2many(
        "kttv.replication.activity",
        string="Activities",
        help="The whole batch being charged: approved and charged together.",
    )
    cost = fields.Monetary(compute="_compute_cost", help="The cost of every activity approved.")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    reason = fields.Text(required=True)

    @api.depends("activity_id", "activity_ids")
    def _compute_cost(self):
        for wizard in self:
            wizard.cost = sum(wizard._activities().mapped("cost"))

    def _activities(self):
        return self.activity_ids | self.activity_id

    def action_confirm(self):
        self.ensure_one()
        activities = self._activities()
        activities._kttv_require(MANAGER, _("approve a cost over the share"))
        for activity in activities:
            activity._check_chargeable()
        Fund = self.env["kttv.reward.fund"]
        for activity in activities:
            activity._charge(Fund._get(activity.date.year, activity.fund_level), override_reason=self.reason)
        return {"type": "ir.actions.act_window_close"}


class KttvFundCancelWizard(models.TransientModel):
    """TCCB cancels an allocation, or the charge of an activity, with a reason the fund keeps."""

    _name = "kttv.fund.cancel.wizard"
    _description = "Cancel a line of the reward fund"

    line_id = fields.Many2one("kttv.reward.fund.line", string="Allocation")
    activity_id = fields.Many2one("kttv.replication.activity", string="Activity")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.activity_id:
            self.activity_id._kttv_cancel_charge(self.reason)
        if self.line_id:
            self.line_id._kttv_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
