from odoo import api, fields, models


class KttvFundOverrideWizard(models.TransientModel):
    """The Director General approves costs over the replication share or the balance, with a reason."""

    _name = "kttv.fund.override.wizard"
    _description = "Approve a cost over the share"

    activity_ids = fields.Many2many(
        "kttv.replication.activity",
        string="Activities",
        required=True,
        help="The whole batch being charged: approved and charged together.",
    )
    cost = fields.Monetary(compute="_compute_cost", help="The cost of every activity approved.")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    reason = fields.Text(required=True)

    @api.depends("activity_ids.cost")
    def _compute_cost(self):
        for wizard in self:
            wizard.cost = sum(wizard.activity_ids.mapped("cost"))

    def action_confirm(self):
        self.ensure_one()
        self.activity_ids._kttv_charge_over_share(self.reason)
        return {"type": "ir.actions.act_window_close"}
