from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

from .kttv_workflow_mixin import ALL, OFFICER, Step

_lt = LazyTranslate(__name__)


class KttvEmulationMovement(models.Model):
    """An emulation movement (phong trào thi đua), launched by a document.

    The regular movement runs over a year; a thematic one has its own
    period, goal and target units.  Units respond with their own plans and
    registrations; TCCB closes it at the end of its period.
    """

    _name = "kttv.emulation.movement"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Emulation movement"
    _order = "date_start desc, id desc"

    _kttv_workflow_fields = frozenset({"state", "date_launched", "date_closed"})
    _kttv_create_defaults = {"state": "draft"}
    # Launched, TCCB may still correct what the units read; closed, nothing.
    _kttv_writable = {
        "draft": {OFFICER: ALL},
        "launched": {
            OFFICER: {"goal", "target_department_ids", "document", "document_name", "date_end", "registration_deadline"}
        },
    }
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "launch": Step(("draft",), (OFFICER,), _lt("launch an emulation movement")),
        "close": Step(("launched",), (OFFICER,), _lt("close an emulation movement")),
    }

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [("regular", "Regular (yearly)"), ("thematic", "Thematic")],
        required=True,
        default="regular",
        tracking=True,
    )
    year = fields.Integer(
        required=True,
        index=True,
        aggregator=None,
        default=lambda self: fields.Date.context_today(self).year,
        help="The emulation year the movement belongs to.",
    )
    date_start = fields.Date("From", required=True, tracking=True)
    date_end = fields.Date("Until", required=True, tracking=True)
    goal = fields.Html(help="What the movement aims for, and its targets.")
    target_department_ids = fields.Many2many(
        "hr.department",
        "kttv_emulation_movement_department_rel",
        "movement_id",
        "department_id",
        string="Target units",
        help="The units the movement is addressed to; empty: every unit.",
    )
    registration_deadline = fields.Date(
        tracking=True,
        help="Units submit their title registrations for the year by this date (a regular movement); "
        "empty: the deadline of the settings.",
    )
    document_number = fields.Char(
        "Launching document", tracking=True, help="Number and symbol of the document that launches it."
    )
    document_date = fields.Date("Document date", tracking=True)
    document = fields.Binary("Signed document", attachment=True)
    document_name = fields.Char("Signed document file name")
    state = fields.Selection(
        [("draft", "Draft"), ("launched", "Launched"), ("closed", "Closed")],
        string="Status",
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_launched = fields.Date(readonly=True, copy=False)
    date_closed = fields.Date(readonly=True, copy=False)
    can_launch = fields.Boolean(compute="_compute_kttv_can")
    can_close = fields.Boolean(compute="_compute_kttv_can")

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for movement in self:
            if movement.date_start and movement.date_end and movement.date_end < movement.date_start:
                raise ValidationError(
                    _("%(movement)s: the period ends before it starts.", movement=movement.display_name)
                )

    @api.constrains("year")
    def _check_year(self):
        for movement in self:
            self.env["kttv.subject.mixin"]._check_year_value(movement.year)

    @api.onchange("kind", "year")
    def _onchange_year(self):
        if self.kind == "regular" and self.year:
            self.date_start = fields.Date.to_date(f"{self.year}-01-01")
            self.date_end = fields.Date.to_date(f"{self.year}-12-31")

    def _kttv_step_condition(self, step):
        if step == "launch":
            return self.filtered(lambda movement: movement.document_number and movement.document_date)
        return self

    def _kttv_step_refusal(self, step):
        if step == "launch":
            return _(
                "%(movement)s: give the number and the date of the document that launches it first.",
                movement=self.display_name,
            )
        return super()._kttv_step_refusal(step)

    def action_launch(self):
        """TCCB launches the movements: the units now see them."""
        return self._kttv_run("launch")

    def _do_launch(self):
        self._kttv_move("launched", {"date_launched": fields.Date.context_today(self)})

    def action_close(self):
        """TCCB closes the movements at the end of their period."""
        return self._kttv_run("close")

    def _do_close(self):
        self._kttv_move("closed", {"date_closed": fields.Date.context_today(self)})
