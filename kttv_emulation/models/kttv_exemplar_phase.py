from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KttvExemplarPhase(models.Model):
    """A phase of a plan (giai đoạn), e.g. 2021-2023."""

    _name = "kttv.exemplar.phase"
    _inherit = ["kttv.workflow.mixin"]
    _description = "Exemplar plan phase"
    _order = "plan_id, sequence, date_start, id"

    name = fields.Char(required=True)
    plan_id = fields.Many2one("kttv.exemplar.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    registration_deadline = fields.Date(
        help="Units submit their plan for the phase and their registrations by this date."
    )
    assessed_year_from = fields.Integer(
        "Assessed from year",
        aggregator=None,
        help="First year of the history the criteria rules read (the phase's years already rated).",
    )
    assessed_year_to = fields.Integer("Assessed to year", aggregator=None)
    milestone_ids = fields.One2many("kttv.exemplar.milestone", "phase_id", string="Milestones")
    unit_plan_ids = fields.One2many("kttv.unit.plan", "phase_id", string="Unit plans")
    registration_ids = fields.One2many("kttv.exemplar.registration", "phase_id", string="Registrations")
    unit_plan_count = fields.Integer(compute="_compute_counts")
    unit_plan_submitted_count = fields.Integer("Unit plans submitted", compute="_compute_counts")
    unit_plan_missing_count = fields.Integer(
        "Unit plans not submitted", compute="_compute_counts", help="Units whose plan is still a draft."
    )
    registration_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("dates_order", "check(date_start <= date_end)", "A phase ends after it starts."),
    ]

    @api.depends("plan_id.name", "name")
    def _compute_display_name(self):
        for phase in self:
            phase.display_name = phase.name

    @api.constrains("date_start", "date_end", "assessed_year_from", "assessed_year_to")
    def _check_dates(self):
        for phase in self:
            if phase.date_start > phase.date_end:
                raise ValidationError(_("%(phase)s ends before it starts.", phase=phase.name))
            if (phase.assessed_year_from or 0) > (phase.assessed_year_to or 0):
                raise ValidationError(_("%(phase)s: the assessed years end before they start.", phase=phase.name))

    def _compute_counts(self):
        UnitPlan = self.env["kttv.unit.plan"]
        plans = UnitPlan._read_group([("phase_id", "in", self.ids)], ["phase_id", "state"], ["__count"])
        registrations = dict(
            self.env["kttv.exemplar.registration"]._read_group(
                [("phase_id", "in", self.ids)], ["phase_id"], ["__count"]
            )
        )
        for phase in self:
            by_state = {state: count for ph, state, count in plans if ph == phase}
            phase.unit_plan_count = sum(by_state.values())
            phase.unit_plan_submitted_count = by_state.get("submitted", 0)
            phase.unit_plan_missing_count = by_state.get("draft", 0)
            phase.registration_count = registrations.get(phase, 0)

    def action_create_unit_plans(self):
        """A draft plan for every subordinate unit that has none yet.

        From then on TCCB sees at a glance which units have not submitted.
        """
        self._kttv_require("kttv_emulation.group_emulation_officer", _("prepare the units' plans"))
        units = self.env["hr.department"].search([("kttv_is_unit", "=", True)])
        existing = {(plan.phase_id.id, plan.department_id.id) for plan in self.unit_plan_ids}
        vals_list = [
            {"phase_id": phase.id, "department_id": unit.id}
            for phase in self
            for unit in units
            if (phase.id, unit.id) not in existing
        ]
        self.env["kttv.unit.plan"].create(vals_list)
        return self.action_open_unit_plans()

    def action_open_unit_plans(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_unit_plan_action")
        action["domain"] = [("phase_id", "in", self.ids)]
        action["context"] = {"search_default_group_state": 1}
        return action

    def action_open_registrations(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_exemplar_registration_action")
        action["domain"] = [("phase_id", "in", self.ids)]
        return action
