from odoo import api, fields, models


class KttvVoteWizardLine(models.TransientModel):
    """One dossier of a ballot: approve or reject, and a comment."""

    _name = "kttv.vote.wizard.line"
    _description = "Council ballot line"
    _order = "id"

    wizard_id = fields.Many2one("kttv.vote.wizard", string="Ballot", required=True, ondelete="cascade", index=True)
    registration_id = fields.Many2one("kttv.exemplar.registration", string="Dossier", ondelete="cascade")
    # Or a title of the year before the council.
    nomination_id = fields.Many2one("kttv.title.nomination", string="Title nomination", ondelete="cascade")
    title_id = fields.Many2one("kttv.emulation.title", string="Title", compute="_compute_title_id")

    @api.depends("registration_id", "nomination_id")
    def _compute_title_id(self):
        for line in self:
            line.title_id = line.registration_id.sudo().title_id or line.nomination_id.sudo().title_id

    vote = fields.Selection([("approve", "Approve"), ("reject", "Reject")])
    comment = fields.Text()
