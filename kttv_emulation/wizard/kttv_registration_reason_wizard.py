from odoo import fields, models


class KttvRegistrationReasonWizard(models.TransientModel):
    """Why a registration is returned, refused or cancelled: asked before the move."""

    _name = "kttv.registration.reason.wizard"
    _description = "Reason for returning, refusing or cancelling a registration"

    registration_ids = fields.Many2many("kttv.exemplar.registration", required=True)
    # Each key is a step of the registration's life cycle, taken with the reason.
    action = fields.Selection(
        [("return", "Return to the unit"), ("refuse", "Refuse"), ("cancel", "Cancel")], required=True
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.registration_ids._kttv_run(self.action, self.reason)
        return {"type": "ir.actions.act_window_close"}
