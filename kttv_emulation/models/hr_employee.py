from odoo import fields, models


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "kttv.history.mixin"]

    kttv_rating_ids = fields.One2many(
        "kttv.annual.rating",
        "employee_id",
        string="Annual ratings",
        groups="kttv_emulation.group_emulation_unit",
    )
    kttv_achievement_ids = fields.One2many(
        "kttv.achievement", "employee_id", string="Achievements", groups="kttv_emulation.group_emulation_unit"
    )
