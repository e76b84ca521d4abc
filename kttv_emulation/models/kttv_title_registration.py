import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import LazyTranslate

from .kttv_workflow_mixin import ALL, DONE, OFFICER, UNIT, Step

_lt = LazyTranslate(__name__)

REVIEW_ACTIVITY = "kttv_emulation.mail_act_title_registration_review"
# What a nomination counts as registered (when the setting asks for it).
REGISTERED_STATES = ("submitted", "accepted")


class KttvTitleRegistration(models.Model):
    """A unit's registration for a year (đăng ký thi đua), made at the start of the year.

    Its lines name, for each collective and individual, the title aimed for.
    The unit submits it to TCCB before the deadline of the year's regular
    movement (or of the settings); TCCB accepts it or returns it.
    """

    _name = "kttv.title.registration"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Title registration"
    _order = "year desc, department_id, id"

    _kttv_workflow_fields = frozenset({"state", "date_submitted", "is_late"})
    _kttv_create_defaults = {"state": "draft"}
    _kttv_writable = {
        "draft": {UNIT: ALL},
        "submitted": {OFFICER: {"note"}},
        "accepted": {OFFICER: {"note"}},
    }
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "submit": Step(("draft",), (UNIT,), _lt("submit a title registration"), access="write"),
        "accept": Step(("submitted",), (OFFICER,), _lt("accept a title registration")),
        "return": Step(("submitted", "accepted"), (OFFICER,), _lt("return a title registration to its unit")),
    }
    _kttv_activity_types = {REVIEW_ACTIVITY: DONE}

    name = fields.Char(compute="_compute_name", store=True)
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('kttv_is_unit', '=', True)]",
    )
    year = fields.Integer(
        required=True,
        index=True,
        aggregator=None,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    movement_id = fields.Many2one(
        "kttv.emulation.movement",
        string="Movement",
        index=True,
        ondelete="restrict",
        domain="[('year', '=', year), ('state', '!=', 'draft')]",
        help="The movement the unit responds to: by default the year's regular movement.",
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        help="The movement's registration deadline, or the one of the settings.",
    )
    line_ids = fields.One2many("kttv.title.registration.line", "registration_id", string="Lines", copy=True)
    line_count = fields.Integer("Subjects registered", compute="_compute_line_count")
    note = fields.Text()
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("accepted", "Accepted")],
        string="Status",
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_submitted = fields.Date(readonly=True, copy=False)
    is_late = fields.Boolean("Late", readonly=True, copy=False, help="Submitted after the deadline.")
    can_submit = fields.Boolean(compute="_compute_kttv_can")
    can_accept = fields.Boolean(compute="_compute_kttv_can")
    can_return = fields.Boolean(compute="_compute_kttv_can")

    _sql_constraints = [
        ("one_per_unit_year", "unique(department_id, year)", "A unit registers once a year."),
    ]

    @api.depends("department_id", "year")
    def _compute_name(self):
        for registration in self:
            registration.name = f"{registration.department_id.name or ''} – {registration.year or ''}"

    @api.depends("movement_id.registration_deadline", "year")
    def _compute_deadline(self):
        for registration in self:
            registration.deadline = registration.movement_id.registration_deadline or self._kttv_default_deadline(
                registration.year
            )

    @api.depends("line_ids")
    def _compute_line_count(self):
        for registration in self:
            registration.line_count = len(registration.line_ids)

    @api.model
    def _kttv_default_deadline(self, year):
        """The deadline of the settings: so many days into ``year``."""
        if not year:
            return False
        days = self.env.company.kttv_registration_deadline_days or 31
        return datetime.date(year, 1, 1) + datetime.timedelta(days=days - 1)

    @api.model
    def _kttv_regular_movement(self, year):
        return (
            self.env["kttv.emulation.movement"]
            .sudo()
            .search([("year", "=", year), ("kind", "=", "regular"), ("state", "!=", "draft")], limit=1)
        )

    @api.model
    def _kttv_deadline_of_year(self, year):
        return self._kttv_regular_movement(year).registration_deadline or self._kttv_default_deadline(year)

    @api.model_create_multi
    def create(self, vals_list):
        movements = {}
        for vals in vals_list:
            if not vals.get("movement_id") and vals.get("year"):
                if vals["year"] not in movements:
                    movements[vals["year"]] = self._kttv_regular_movement(vals["year"]).id
                vals["movement_id"] = movements[vals["year"]] or False
        self._kttv_check_own_units(vals_list)
        self._kttv_check_unique(vals_list)
        return super().create(vals_list)

    def _kttv_check_own_units(self, vals_list):
        """A unit officer registers their own units only: said before anything of another unit is looked up."""
        if self.env.su or self._kttv_has_group(OFFICER):
            return
        self.browse().check_access("create")
        mine = self.env["hr.department"].search([("id", "child_of", self.env.user.kttv_unit_ids.ids)])
        for vals in vals_list:
            if vals.get("department_id") not in mine.ids:
                raise AccessError(_("You register the titles of your own units only."))

    def _kttv_check_unique(self, vals_list):
        """One registration per unit and year, said with the unit's name before the insert."""
        keys = [(vals.get("department_id"), vals.get("year")) for vals in vals_list]
        seen = set()
        existing = {
            (registration.department_id.id, registration.year)
            for registration in self.sudo().search_fetch(
                [("department_id", "in", [key[0] for key in keys]), ("year", "in", [key[1] for key in keys])],
                ["department_id", "year"],
            )
        }
        for key in keys:
            if key in seen or key in existing:
                raise UserError(
                    _(
                        "%(unit)s has already registered for %(year)s.",
                        unit=self.env["hr.department"].browse(key[0]).sudo().display_name,
                        year=key[1],
                    )
                )
            seen.add(key)

    @api.constrains("year")
    def _check_year(self):
        for registration in self:
            self.env["kttv.subject.mixin"]._check_year_value(registration.year)

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def _kttv_step_condition(self, step):
        if step == "submit":
            return self.filtered("line_ids")
        return self

    def _kttv_step_refusal(self, step):
        if step == "submit":
            return _("%(registration)s has no lines: register the titles first.", registration=self.display_name)
        return super()._kttv_step_refusal(step)

    def action_submit(self):
        """The unit submits its registration to TCCB (marked late after the deadline)."""
        return self._kttv_run("submit")

    def _do_submit(self):
        today = fields.Date.context_today(self)
        late = self.filtered(lambda registration: registration.deadline and today > registration.deadline)
        on_time = self - late
        if on_time:
            on_time._kttv_move("submitted", {"date_submitted": today, "is_late": False})
        if late:
            late._kttv_move(
                "submitted",
                {"date_submitted": today, "is_late": True},
                body={
                    registration.id: self.env._(
                        "Submitted after the deadline of %(deadline)s.",
                        deadline=fields.Date.to_string(registration.deadline),
                    )
                    for registration in late
                },
            )

    def action_accept(self):
        """TCCB accepts the registrations."""
        return self._kttv_run("accept")

    def _do_accept(self):
        self._kttv_move("accepted")

    def action_return(self):
        """TCCB returns the registrations to their unit (back to draft)."""
        return self._kttv_run("return")

    def _do_return(self, reason=None):
        self._kttv_move(
            "draft", {"date_submitted": False, "is_late": False}, body=reason or self.env._("Returned to the unit.")
        )

    def _kttv_expected_activities(self):
        submitted = self.filtered(lambda registration: registration.state == "submitted")
        if not submitted:
            return []
        tccb = self._kttv_tccb_officers()
        return [
            (
                registration,
                REVIEW_ACTIVITY,
                tccb,
                self.env._(
                    "%(unit)s registers its titles for %(year)s.",
                    unit=registration.department_id.name,
                    year=registration.year,
                ),
            )
            for registration in submitted
        ]

    # ------------------------------------------------------------------
    # Consolidation: who is late
    # ------------------------------------------------------------------

    @api.model
    def _kttv_late_units(self, year):
        """The units with no submitted registration for ``year`` once its deadline has passed."""
        deadline = self._kttv_deadline_of_year(year)
        if not deadline or fields.Date.context_today(self) <= deadline:
            return self.env["hr.department"]
        movement = self._kttv_regular_movement(year)
        units = movement.target_department_ids or self.env["hr.department"].search([("kttv_is_unit", "=", True)])
        registered = self.sudo()._read_group(
            [("year", "=", year), ("state", "in", REGISTERED_STATES), ("department_id", "in", units.ids)],
            ["department_id"],
        )
        return units - self.env["hr.department"].union(*(department for (department,) in registered))

    @api.model
    def action_open_late_units(self):
        """TCCB: the units that have not submitted this year's registration, once the deadline has passed."""
        self._kttv_require(OFFICER, _lt("see the units late with their registration"))
        year = fields.Date.context_today(self).year
        late = self._kttv_late_units(year)
        return {
            "type": "ir.actions.act_window",
            "name": _("Units late with their %(year)s registration", year=year),
            "res_model": "hr.department",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", late.ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # What nominations read
    # ------------------------------------------------------------------

    @api.model
    def _kttv_registered_keys(self, keys):
        """The ``(employee id, department id, year, title id)`` of ``keys`` found in a submitted or
        accepted registration, in one query."""
        keys = list(keys)
        if not keys:
            return set()
        lines = (
            self.env["kttv.title.registration.line"]
            .sudo()
            .search_fetch(
                [
                    ("registration_state", "in", REGISTERED_STATES),
                    ("year", "in", list({key[2] for key in keys})),
                    ("title_id", "in", list({key[3] for key in keys})),
                    "|",
                    ("employee_id", "in", [key[0] for key in keys if key[0]]),
                    ("department_id", "in", [key[1] for key in keys if key[1]]),
                ],
                ["employee_id", "department_id", "year", "title_id"],
            )
        )
        found = {(line.employee_id.id, line.department_id.id, line.year, line.title_id.id) for line in lines}
        return {key for key in keys if key in found}
