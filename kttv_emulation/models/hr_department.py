from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# What the emulation rules, the imports and the figures follow: the tree (own
# units and their children), the unit code (imports match on it), the
# subordinate flag (unit plans, review figures), the manager, the company and
# whether the department is active. Odoo's hr lets every internal user write
# departments; these fields are kept to HR and TCCB officers (DESIGN section 5).
STRUCTURE_FIELDS = ("parent_id", "kttv_code", "kttv_is_unit", "manager_id", "company_id", "active")
# What places a new department in the tree (company and active have defaults).
PLACING_FIELDS = ("parent_id", "kttv_code", "kttv_is_unit", "manager_id")
STRUCTURE_GROUPS = ("hr.group_hr_user", "kttv_emulation.group_emulation_officer")


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

    @api.model
    def _kttv_may_change_structure(self):
        return self.env.su or any(self.env.user.has_group(group) for group in STRUCTURE_GROUPS)

    def _kttv_check_structure(self, names):
        """Refuse a change of the structure fields in ``names`` to users other than HR and TCCB officers."""
        changed = [name for name in STRUCTURE_FIELDS if name in names]
        if not changed or self._kttv_may_change_structure():
            return
        labels = ", ".join(self._fields[name]._description_string(self.env) for name in changed)
        raise AccessError(
            _(
                "Only HR officers and TCCB officers may change these fields of a department: %(fields)s "
                "(%(departments)s). The emulation records each user sees follow the departments' tree, codes "
                "and units.",
                fields=labels,
                departments=", ".join(self.mapped("display_name")) or _("a new department"),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Only HR may create departments (hr's access rights); should another
        # module grant it, a new department still cannot be placed in the tree
        # or given a unit's code, flag or manager by anyone else.
        for vals in vals_list:
            self._kttv_check_structure([name for name in PLACING_FIELDS if vals.get(name)])
        return super().create(vals_list)

    def write(self, vals):
        self._kttv_check_structure(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_kttv_structure(self):
        if not self._kttv_may_change_structure():
            raise AccessError(
                _(
                    "Only HR officers and TCCB officers may delete a department (%(departments)s): the emulation "
                    "records each user sees follow the departments' tree.",
                    departments=", ".join(self.mapped("display_name")),
                )
            )

    def _kttv_officers(self):
        """Unit officers who manage these departments (their units or a parent)."""
        group = self.env.ref("kttv_emulation.group_emulation_unit")
        officers = self.env["res.users"].sudo().search([("groups_id", "in", group.ids), ("kttv_unit_ids", "!=", False)])
        ancestors = {int(part) for department in self for part in department.sudo().parent_path.split("/") if part}
        return officers.filtered(lambda user: set(user.kttv_unit_ids.ids) & ancestors)
