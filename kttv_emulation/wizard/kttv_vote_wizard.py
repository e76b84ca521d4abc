from odoo import api, fields, models


class KttvVoteWizard(models.TransientModel):
    """A council member's ballot, or an absent member's written vote entered by the secretary."""

    _name = "kttv.vote.wizard"
    _description = "Council ballot"

    registration_id = fields.Many2one("kttv.exemplar.registration", required=True)
    session_id = fields.Many2one(related="registration_id.council_session_id")
    written = fields.Boolean("Written vote of an absent member")
    member_id = fields.Many2one(
        "res.users",
        string="Member",
        compute="_compute_member_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', allowed_member_ids)]",
    )
    allowed_member_ids = fields.Many2many("res.users", compute="_compute_allowed_member_ids")
    vote = fields.Selection([("approve", "Approve"), ("reject", "Reject")], required=True)
    comment = fields.Text()

    @api.depends("written")
    def _compute_member_id(self):
        for wizard in self:
            if not wizard.written:
                wizard.member_id = self.env.user

    @api.depends("session_id")
    def _compute_allowed_member_ids(self):
        for wizard in self:
            wizard.allowed_member_ids = wizard.session_id.sudo().member_ids

    def action_confirm(self):
        self.ensure_one()
        self.env["kttv.council.vote"].create(
            {
                "session_id": self.session_id.id,
                "registration_id": self.registration_id.id,
                "member_id": self.member_id.id,
                "vote": self.vote,
                "comment": self.comment,
                "written": self.written,
            }
        )
        return {"type": "ir.actions.act_window_close"}
