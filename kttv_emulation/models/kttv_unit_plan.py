from odoo import _, api, fields, models
from odoo.exceptions import UserError

REVIEW_ACTIVITY = "kttv_emulation.mail_act_unit_plan_review"
SUBMIT_ACTIVITY = "kttv_emulation.mail_act_unit_plan_submit"


class KttvUnitPlan(models.Model):
    """A unit's own plan for a phase (kế hoạch của đơn vị, plan III.1 and IV.1)."""

    _name = "kttv.unit.plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin"]
    _description = "Unit plan"
    _order = "phase_id, department_id"

    phase_id = fields.Many2one("kttv.exemplar.phase", required=True, ondelete="restrict", index=True, tracking=True)
    plan_id = fields.Many2one(related="phase_id.plan_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", string="Unit", required=True, index=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        string="Status",
    )
    deadline_extension = fields.Date(
        "Deadline granted",
        tracking=True,
        help="A deadline TCCB grants this unit instead of the phase's; it stays when the phase's deadline moves.",
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        precompute=True,
        help="The phase's deadline unless TCCB grants this unit another one.",
    )
    date_submitted = fields.Date(readonly=True, copy=False, tracking=True)
    is_late = fields.Boolean(
        "Submitted late", compute="_compute_is_late", store=True, help="Submitted after its deadline."
    )
    submission_status = fields.Selection(
        [("pending", "Not yet due"), ("overdue", "Overdue"), ("on_time", "On time"), ("late", "Late")],
        compute="_compute_submission_status",
        search="_search_submission_status",
    )
    expected_collective_count = fields.Integer(
        "Expected collective exemplars", help="How many collectives the unit plans to nurture into exemplars."
    )
    expected_individual_count = fields.Integer("Expected individual exemplars")
    solutions = fields.Html(help="How the unit will find, nurture and build exemplars.")
    party_responsibility = fields.Html("Responsibility of the party organisation")
    administration_responsibility = fields.Html("Responsibility of the unit's leadership")
    publicity_plan = fields.Html("Publicity", help="How the unit will publicise its exemplars.")
    commendation_plan = fields.Html("Recognition and commendation")
    reporting = fields.Html("Information and reporting")
    document = fields.Binary("Signed unit plan", attachment=True)
    document_name = fields.Char("Signed unit plan file name")
    registration_ids = fields.Many2many(
        "kttv.exemplar.registration", compute="_compute_registration_ids", string="Registrations"
    )
    registration_count = fields.Integer(compute="_compute_registration_ids")

    _sql_constraints = [
        ("phase_unit_unique", "unique(phase_id, department_id)", "A unit has one plan per phase."),
    ]

    @api.depends("phase_id.name", "department_id.name")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = f"{plan.department_id.name or ''} – {plan.phase_id.name or ''}"

    @api.depends("phase_id.registration_deadline", "deadline_extension")
    def _compute_deadline(self):
        for plan in self:
            plan.deadline = plan.deadline_extension or plan.phase_id.registration_deadline

    @api.depends("date_submitted", "deadline")
    def _compute_is_late(self):
        for plan in self:
            plan.is_late = bool(plan.date_submitted and plan.deadline and plan.date_submitted > plan.deadline)

    @api.depends("state", "is_late", "deadline")
    @api.depends_context("uid")
    def _compute_submission_status(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state == "submitted":
                plan.submission_status = "late" if plan.is_late else "on_time"
            elif plan.deadline and plan.deadline < today:
                plan.submission_status = "overdue"
            else:
                plan.submission_status = "pending"

    def _search_submission_status(self, operator, value):
        if operator != "=":
            raise NotImplementedError(operator)
        today = fields.Date.context_today(self)
        return {
            "late": [("state", "=", "submitted"), ("is_late", "=", True)],
            "on_time": [("state", "=", "submitted"), ("is_late", "=", False)],
            "overdue": [("state", "=", "draft"), ("deadline", "<", today)],
            "pending": [("state", "=", "draft"), "|", ("deadline", "=", False), ("deadline", ">=", today)],
        }[value]

    @api.depends("phase_id", "department_id")
    def _compute_registration_ids(self):
        """The registrations of the unit (its sub-units' included) in the phase."""
        registrations = self.env["kttv.exemplar.registration"].search(
            [("phase_id", "in", self.phase_id.ids), ("registering_unit_id", "child_of", self.department_id.ids)]
        )
        units = {
            plan.department_id: self.env["hr.department"].search([("id", "child_of", plan.department_id.ids)])
            for plan in self
        }
        for plan in self:
            plan.registration_ids = registrations.filtered(
                lambda r, p=plan: r.phase_id == p.phase_id and r.registering_unit_id in units[p.department_id]
            )
            plan.registration_count = len(plan.registration_ids)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_client_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if "state" in vals or "date_submitted" in vals:
                raise UserError(_("Use the Submit and Return buttons to change the status of a unit plan."))
            self._check_client_values(vals)
            if not self._is_tccb() and any(plan.state != "draft" for plan in self):
                raise UserError(_("A submitted unit plan can no longer be changed by the unit."))
        return super().write(vals)

    def _is_tccb(self):
        return self.env.user.has_group("kttv_emulation.group_emulation_officer")

    def _check_client_values(self, vals):
        if vals.get("state", "draft") != "draft" or vals.get("date_submitted"):
            raise UserError(_("Use the Submit and Return buttons to change the status of a unit plan."))
        if "deadline_extension" in vals and not self._is_tccb():
            raise UserError(_("Only TCCB may change the deadline of a unit plan."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.env.su:
            return
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    _("%(plan)s has been submitted to TCCB: return it before deleting it.", plan=plan.display_name)
                )
            if plan.registration_ids:
                raise UserError(_("%(plan)s has registrations: it cannot be deleted.", plan=plan.display_name))

    def action_submit(self):
        self._kttv_require("kttv_emulation.group_emulation_unit", _("submit a unit plan"))
        self.check_access("write")
        for plan in self:
            if plan.state != "draft":
                raise UserError(_("%(plan)s is already submitted.", plan=plan.display_name))
        today = fields.Date.context_today(self)
        self.sudo().write({"state": "submitted", "date_submitted": today})
        self.activity_feedback([SUBMIT_ACTIVITY])
        for plan in self:
            reviewer = plan.plan_id.officer_id or self._kttv_tccb_officers()
            plan._kttv_schedule(
                REVIEW_ACTIVITY, reviewer, note=_("%(unit)s submitted its plan.", unit=plan.department_id.name)
            )

    def action_return(self):
        self._kttv_require("kttv_emulation.group_emulation_officer", _("return a unit plan"))
        if any(plan.state != "submitted" for plan in self):
            raise UserError(_("Only a submitted unit plan can be returned."))
        self.sudo().write({"state": "draft", "date_submitted": False})
        self.activity_feedback([REVIEW_ACTIVITY])

    @api.model
    def _cron_remind_overdue(self):
        """Ask the officers of each unit whose plan is overdue, once."""
        overdue = self.search([("submission_status", "=", "overdue")])
        for plan in overdue:
            plan._kttv_schedule(
                SUBMIT_ACTIVITY,
                plan.department_id._kttv_officers(),
                note=_("The unit plan was due on %(date)s.", date=plan.deadline),
                once=True,
            )
