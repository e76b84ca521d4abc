from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kttv_parent_authority = fields.Char(related="company_id.kttv_parent_authority", readonly=False)
    kttv_organisation = fields.Char(related="company_id.kttv_organisation", readonly=False)
    kttv_symbol = fields.Char(related="company_id.kttv_symbol", readonly=False)
    kttv_place = fields.Char(related="company_id.kttv_place", readonly=False)
    kttv_director_id = fields.Many2one(related="company_id.kttv_director_id", readonly=False)
    kttv_director_title = fields.Char(related="company_id.kttv_director_title", readonly=False)
    kttv_require_digital_signature = fields.Boolean(related="company_id.kttv_require_digital_signature", readonly=False)
    kttv_seal_image = fields.Binary(related="company_id.kttv_seal_image", readonly=False)
    kttv_registration_required = fields.Boolean(related="company_id.kttv_registration_required", readonly=False)
    kttv_registration_deadline_days = fields.Integer(
        related="company_id.kttv_registration_deadline_days", readonly=False
    )
