from odoo import fields, models


class KttvVoteWizardLine(models.TransientModel):
    """One dossier of a ballot: approve or reject, and a comment."""

    _name = "kttv.vote.wizard.line"
    _description = "Council ballot line"
    _order = "id"

    wizard_id = fields.Many2one("kttv.vote.wizard", string="Ballot", required=True, ondelete="cascade", index=True)
    registration_id = fields.Many2one("kttv.exemplar.registration", string="Dossier", required=True, ondelete="cascade")
    title_id = fields.Many2one(related="registration_id.title_id", string="Title")
    vote = fields.Selection([("approve", "Approve"), ("reject", "Reject")])
    comment = fields.Text()
