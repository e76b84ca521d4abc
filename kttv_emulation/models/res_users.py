from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    kttv_unit_ids = fields.Many2many(
        "hr.department",
        "kttv_user_unit_rel",
        "user_id",
        "department_id",
        string="Emulation units",
        help="Units whose emulation records this user manages as a unit officer; their sub-departments are included.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "kttv_unit_ids" in vals:
            # Record rules read these units and are cached per user.
            self.env.registry.clear_cache()
        return res

    def _kttv_managed_units(self):
        """The departments this user manages as a unit officer, sub-units included.

        Archived sub-units stay their unit's: their records (history,
        registrations) still belong to it.
        """
        self.ensure_one()
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        return Department.search([("id", "child_of", self.kttv_unit_ids.ids)])
