from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KttvTitleRegistrationLine(models.Model):
    """One subject and the title it aims for, in a unit's registration of the year."""

    _name = "kttv.title.registration.line"
    _inherit = ["kttv.subject.mixin"]
    _description = "Title registration line"
    _order = "registration_id, target desc, title_id, id"

    registration_id = fields.Many2one(
        "kttv.title.registration", string="Registration", required=True, index=True, ondelete="cascade"
    )
    registration_unit_id = fields.Many2one(
        related="registration_id.department_id", store=True, index=True, string="Registering unit"
    )
    year = fields.Integer(related="registration_id.year", store=True, index=True, aggregator=None)
    registration_state = fields.Selection(related="registration_id.state", store=True, string="Registration status")
    title_id = fields.Many2one(
        "kttv.emulation.title",
        string="Title",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('kind', '=', 'title')]",
    )
    note = fields.Char()

    # Uniqueness (one line per subject and title in a registration) is checked by ``_check_lines``.
    def _duplicate_key(self, vals):
        return None

    def _prevalidate(self, vals_list, exclude=None):
        self._check_selection_values(vals_list)
        for vals in vals_list:
            if bool(vals.get("employee_id")) == bool(vals.get("department_id")):
                raise ValidationError(
                    _(
                        "%(record)s: choose either an employee or a department, exactly one of them.",
                        record=self._description,
                    )
                )

    # ------------------------------------------------------------------
    # Guards: lines change with their registration in draft
    # ------------------------------------------------------------------

    def _kttv_check_registration_draft(self, registrations):
        if self.env.su:
            return
        for registration in registrations.sudo():
            if registration.state != "draft":
                raise UserError(
                    _(
                        "%(registration)s is %(state)s: its lines change only while it is a draft.",
                        registration=registration.display_name,
                        state=registration._kttv_state_label(),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        registrations = self.env["kttv.title.registration"].browse(
            {vals["registration_id"] for vals in vals_list if vals.get("registration_id")}
        )
        self._kttv_check_registration_draft(registrations)
        lines = super().create(vals_list)
        lines._check_lines()
        return lines

    def write(self, vals):
        self._kttv_check_registration_draft(self.registration_id)
        if vals.get("registration_id"):
            self._kttv_check_registration_draft(self.env["kttv.title.registration"].browse(vals["registration_id"]))
        result = super().write(vals)
        if {"registration_id", "employee_id", "department_id", "title_id"} & set(vals):
            self._check_lines()
        return result

    def unlink(self):
        self._kttv_check_registration_draft(self.registration_id)
        return super().unlink()

    def _check_lines(self):
        """Each subject of the registering unit, a title for its kind, once per registration: in one query."""
        registrations = self.sudo().registration_id
        titles = self.sudo().title_id
        for line in self.sudo():
            subject = line._subject()
            if line.title_id.kind != "title" or not line.title_id._applies_to(line.target):
                raise ValidationError(
                    _(
                        "%(subject)s: %(title)s is not an emulation title for this kind of subject.",
                        subject=subject.display_name,
                        title=line.title_id.name,
                    )
                )
            unit_path = line.registration_id.department_id.parent_path or ""
            if not (line.unit_id.parent_path or "").startswith(unit_path):
                raise ValidationError(
                    _(
                        "%(subject)s does not belong to %(unit)s: a unit registers its own collectives and people.",
                        subject=subject.display_name,
                        unit=line.registration_id.department_id.display_name,
                    )
                )
        groups = self.sudo()._read_group(
            [("registration_id", "in", registrations.ids), ("title_id", "in", titles.ids)],
            ["registration_id", "employee_id", "department_id", "title_id"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        if groups:
            registration, employee, department, title, _count = groups[0]
            raise ValidationError(
                _(
                    "%(subject)s is registered twice for %(title)s in %(registration)s.",
                    subject=(employee or department).display_name,
                    title=title.name,
                    registration=registration.display_name,
                )
            )
