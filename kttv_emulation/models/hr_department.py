from odoo import fields, models


class HrDepartment(models.Model):
    _name = "hr.department"
    _inherit = ["hr.department", "kttv.history.mixin"]

    kttv_code = fields.Char(
        "Unit code", help="Short code of the unit, used in spreadsheets, e.g. ĐBB for Đài KTTV khu vực Bắc Bộ."
    )
    kttv_is_unit = fields.Boolean(
        "Subordinate unit",
        help="A unit of the organisation (đơn vị trực thuộc): it makes its own plan "
        "for each phase and registers its exemplars.",
    )
    kttv_rating_ids = fields.One2many(
        "kttv.annual.rating", "department_id", string="Annual ratings", groups="kttv_emulation.group_emulation_unit"
    )
    kttv_achievement_ids = fields.One2many(
        "kttv.achievement", "department_id", string="Achievements", groups="kttv_emulation.group_emulation_unit"
    )

    def _kttv_officers(self):
        """Unit officers who manage these departments (their units or a parent)."""
        group = self.env.ref("kttv_emulation.group_emulation_unit")
        officers = self.env["res.users"].sudo().search([("groups_id", "in", group.ids), ("kttv_unit_ids", "!=", False)])
        ancestors = {int(part) for department in self for part in department.sudo().parent_path.split("/") if part}
        return officers.filtered(lambda user: set(user.kttv_unit_ids.ids) & ancestors)
