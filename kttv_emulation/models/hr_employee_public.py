from odoo import fields, models


class HrEmployeePublic(models.Model):
    """The employee form of users without HR rights: unit officers, TCCB, the Director General.

    Odoo shows them ``hr.employee.public`` instead of ``hr.employee``; the
    history, the streaks and the employee code must be there too.
    """

    _name = "hr.employee.public"
    _inherit = ["hr.employee.public", "kttv.history.mixin"]

    kttv_code = fields.Char("Employee code", readonly=True)
    kttv_rating_ids = fields.One2many(
        "kttv.annual.rating",
        "employee_id",
        string="Annual ratings",
        groups="kttv_emulation.group_emulation_unit",
    )
    kttv_achievement_ids = fields.One2many(
        "kttv.achievement", "employee_id", string="Achievements", groups="kttv_emulation.group_emulation_unit"
    )
