from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KttvSubjectHold(models.Model):
    """A subject under discipline or inspection: no award until it ends.

    Decree 152/2025 art. 4: an individual or a collective under discipline,
    or being inspected or investigated, is not proposed for an award until
    the conclusion.  TCCB records the hold; nomination and signing read it.
    """

    _name = "kttv.subject.hold"
    _inherit = ["mail.thread", "kttv.subject.mixin"]
    _description = "Hold on awards (discipline, inspection)"
    _order = "date_from desc, id desc"

    kind = fields.Selection(
        [
            ("discipline", "Disciplinary measure"),
            ("inspection", "Under inspection or investigation"),
        ],
        required=True,
        default="discipline",
        tracking=True,
    )
    date_from = fields.Date("From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(
        "Until", tracking=True, help="The end of the measure, or the date of the conclusion; empty while it holds."
    )
    reason = fields.Text(required=True, tracking=True)
    document = fields.Char("Reference", help="The decision or the conclusion, with its number and date.")
    active = fields.Boolean(default=True)

    def _duplicate_key(self, vals):
        # Holds may overlap: a discipline and an inspection at once.
        return None

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for hold in self:
            if hold.date_to and hold.date_to < hold.date_from:
                raise ValidationError(_("A hold cannot end before it starts."))

    @api.model
    def _holds_on(self, employees, departments, on_date):
        """The holds in force on ``on_date`` on these subjects, in one query."""
        if not employees and not departments:
            return self.browse()
        return self.sudo().search(self._holds_on_domain(employees.ids, departments.ids, on_date))

    @api.model
    def _holds_on_domain(self, employee_ids, department_ids, on_date):
        """What "in force on ``on_date`` on these subjects" means, for ``_holds_on`` and the year-end review's rows."""
        return [
            ("date_from", "<=", on_date),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", on_date),
            "|",
            ("employee_id", "in", employee_ids),
            ("department_id", "in", department_ids),
        ]

    @api.model
    def _check_no_hold(self, employees, departments, on_date, action):
        """Refuse ``action`` for a subject on hold, naming every one of them."""
        holds = self._holds_on(employees, departments, on_date)
        if holds:
            kinds = dict(self._fields["kind"]._description_selection(self.env))
            # Built before the message: a call inside the arguments of _() is not extracted.
            subjects = [
                self.env._(
                    "%(subject)s is on hold since %(date)s (%(kind)s)",
                    subject=hold._subject().display_name,
                    date=fields.Date.to_string(hold.date_from),
                    kind=kinds[hold.kind],
                )
                for hold in holds
            ]
            raise UserError(
                _(
                    "%(action)s is not possible: %(subjects)s (Decree 152/2025 art. 4).",
                    action=action,
                    subjects="; ".join(subjects),
                )
            )
