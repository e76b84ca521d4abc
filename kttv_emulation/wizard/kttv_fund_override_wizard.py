from odoo import _, fields, models

from ..models.kttv_workflow_mixin import MANAGER


class KttvFundOverrideWizard(models.TransientModel):
    """The Director General approves a cost over the replication share, with a reason."""

    _name = "kttv.fund.override.wizard"
    _description = "Approve a cost over the share"

    activity_id = fields.Many2one("kttv.replication.activity", required=True)
    cost = fields.Monetary(related="activity_id.cost")
    currency_id = fields.Many2one(related="activity_id.currency_id")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        activity = self.activity_id
        activity._kttv_require(MANAGER, _("approve a cost over the share"))
        activity._check_chargeable()
        fund = self.env["kttv.reward.fund"]._get(activity.date.year, activity.fund_level)
        activity._charge(fund, override_reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
