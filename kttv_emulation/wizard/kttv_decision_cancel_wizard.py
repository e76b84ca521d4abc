from odoo import fields, models


class KttvDecisionCancelWizard(models.TransientModel):
    """Why a decision is cancelled: asked before anything is undone."""

    _name = "kttv.decision.cancel.wizard"
    _description = "Reason for cancelling a decision"

    decision_ids = fields.Many2many("kttv.emulation.decision", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.decision_ids._kttv_run("cancel", self.reason)
        return {"type": "ir.actions.act_window_close"}
