from odoo import fields, models


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "kttv.history.mixin"]

    kttv_code = fields.Char(
        "Employee code",
        copy=False,
        index=True,
        help="The code the organisation gives the employee (số hiệu cán bộ); spreadsheets find employees by it.",
    )

    _sql_constraints = [("kttv_code_unique", "unique(kttv_code)", "Two employees cannot share an employee code.")]

    kttv_rating_ids = fields.One2many(
        "kttv.annual.rating",
        "employee_id",
        string="Annual ratings",
        groups="kttv_emulation.group_emulation_unit",
    )
    kttv_achievement_ids = fields.One2many(
        "kttv.achievement", "employee_id", string="Achievements", groups="kttv_emulation.group_emulation_unit"
    )
