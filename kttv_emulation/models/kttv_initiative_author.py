from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KttvInitiativeAuthor(models.Model):
    """An author of an initiative and their share of it (tỷ lệ đóng góp)."""

    _name = "kttv.initiative.author"
    _description = "Author of an initiative"
    _order = "initiative_id, share desc, id"

    initiative_id = fields.Many2one("kttv.initiative", required=True, index=True, ondelete="cascade")
    employee_id = fields.Many2one("hr.employee", string="Author", required=True, index=True, ondelete="restrict")
    share = fields.Float("Share (%)", required=True, default=100.0, digits=(5, 2))
    state = fields.Selection(related="initiative_id.state")

    _sql_constraints = [
        ("author_unique", "unique(initiative_id, employee_id)", "An employee is an author of an initiative once."),
        ("share_range", "check(share > 0 and share <= 100)", "A share is more than 0% and at most 100%."),
    ]

    @api.depends("employee_id", "share")
    def _compute_display_name(self):
        for author in self:
            author.display_name = f"{author.employee_id.name or ''} ({author.share:g}%)"

    @api.constrains("share", "initiative_id")
    def _check_total(self):
        self.initiative_id._check_author_shares()

    def _check_editable(self, initiatives):
        """Authors change with their initiative's draft only (TCCB's included); ``env.su`` bypasses."""
        if self.env.su:
            return
        initiatives.check_access("write")
        for initiative in initiatives:
            if initiative.state != "draft":
                raise UserError(
                    _(
                        "%(initiative)s is %(state)s: its authors can no longer be changed.",
                        initiative=initiative.display_name,
                        state=initiative._kttv_state_label(),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            share = vals.get("share", 100.0)
            if not 0 < share <= 100:
                raise ValidationError(_("%(value)s%%: a share is more than 0%% and at most 100%%.", value=share))
        self._check_editable(self.env["kttv.initiative"].browse({vals.get("initiative_id") for vals in vals_list}))
        return super().create(vals_list)

    def write(self, vals):
        initiatives = self.initiative_id
        if "initiative_id" in vals:
            initiatives |= self.env["kttv.initiative"].browse(vals["initiative_id"])
        self._check_editable(initiatives)
        return super().write(vals)

    def unlink(self):
        self._check_editable(self.initiative_id)
        return super().unlink()
