from odoo import fields, models


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
