from odoo import fields, models


class HrDepartment(models.Model):
    _name = "hr.department"
    _inherit = ["hr.department", "kttv.history.mixin"]

    kttv_rating_ids = fields.One2many(
        "kttv.annual.rating",
        "department_id",
        string="Annual ratings",
        groups="kttv_emulation.group_emulation_unit",
    )
    kttv_achievement_ids = fields.One2many(
        "kttv.achievement",
        "department_id",
        string="Achievements",
        groups="kttv_emulation.group_emulation_unit",
    )
