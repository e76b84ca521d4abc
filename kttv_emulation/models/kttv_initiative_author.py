from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .kttv_workflow_mixin import ALL, OFFICER, UNIT


class KttvInitiativeAuthor(models.Model):
    """An author of an initiative and their share of it (tỷ lệ đóng góp)."""

    _name = "kttv.initiative.author"
    _inherit = ["kttv.workflow.mixin"]
    _description = "Author of an initiative"
    _order = "initiative_id, share desc, id"

    # The guard is the workflow mixin's, on the initiative's state: authors
    # change with their initiative's draft only, TCCB's included.
    _kttv_state_from = "initiative_id"
    _kttv_writable = {"draft": {UNIT: ALL, OFFICER: ALL}}
    _kttv_unlink_states = ("draft",)
    _kttv_create_defaults = {}

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

    def _kttv_locked_message(self, names):
        return self._kttv_authors_locked_message()

    def _kttv_unlink_message(self):
        return self._kttv_authors_locked_message()

    def _kttv_authors_locked_message(self):
        initiative = self.sudo().initiative_id[:1]
        if not initiative:  # a new line, refused before it exists
            return _("The initiative is past its draft: its authors can no longer be changed.")
        return _(
            "%(initiative)s is %(state)s: its authors can no longer be changed.",
            initiative=initiative.display_name,
            state=initiative._kttv_state_label() if initiative else "",
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            share = vals.get("share", 100.0)
            if not 0 < share <= 100:
                raise ValidationError(_("%(value)s%%: a share is more than 0%% and at most 100%%.", value=share))
        return super().create(vals_list)
