from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, LazyTranslate, format_date

from .kttv_workflow_mixin import ALL, DONE, OFFICER, UNIT, AllBut, Step

_lt = LazyTranslate(__name__)

REVIEW_ACTIVITY = "kttv_emulation.mail_act_unit_plan_review"
SUBMIT_ACTIVITY = "kttv_emulation.mail_act_unit_plan_submit"


class KttvUnitPlan(models.Model):
    """A unit's own plan for a phase (kế hoạch của đơn vị, plan III.1 and IV.1)."""

    _name = "kttv.unit.plan"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Unit plan"
    _order = "phase_id, department_id"

    # The life cycle: submitted by the unit, returned by TCCB.
    _kttv_workflow_fields = frozenset({"state", "date_submitted"})
    _kttv_create_defaults = {"state": "draft"}
    # The unit writes its draft, the deadline apart; TCCB writes drafts and
    # grants deadlines, a submitted plan's too (as the form allows).
    _kttv_writable = {
        "draft": {UNIT: AllBut({"deadline_extension"}), OFFICER: ALL},
        "submitted": {OFFICER: {"deadline_extension"}},
    }
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "submit": Step(("draft",), (UNIT,), _lt("submit a unit plan"), access="write"),
        "return": Step(("submitted",), (OFFICER,), _lt("return a unit plan")),
    }
    # The unit is reminded of an overdue draft, once; TCCB reviews what is submitted.
    _kttv_activity_types = {SUBMIT_ACTIVITY: DONE, REVIEW_ACTIVITY: DONE}
    _kttv_activity_once = frozenset({SUBMIT_ACTIVITY})

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
    registration_count = fields.Integer(compute="_compute_registration_count")
    can_submit = fields.Boolean(compute="_compute_kttv_can")
    can_return = fields.Boolean(compute="_compute_kttv_can")

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

    def _kttv_registrations_by_plan(self):
        """``{(phase id, unit id): [registration ids]}``: each plan's unit, its sub-units' included, in its phase.

        One query for every plan: a registration belongs to the plans of its
        phase whose unit lies on the path (``parent_path``) of its registering
        unit; among those the user may read (record rules).
        """
        Registration = self.env["kttv.exemplar.registration"]
        Department = self.env["hr.department"]
        # New records (a form being filled in) are matched on their phase and unit.
        keys = {
            (plan.phase_id.id, plan.department_id.id)
            for plan in self
            if isinstance(plan.phase_id.id, int) and isinstance(plan.department_id.id, int)
        }
        found = defaultdict(list)
        if keys:
            phase_ids = list({phase_id for phase_id, _unit in keys})
            unit_ids = [str(unit_id) for unit_id in {unit_id for _phase, unit_id in keys}]
            readable = Registration._search([("phase_id", "in", phase_ids)])
            rows = self.env.execute_query(
                SQL(
                    """SELECT registration.id, %(phase)s, registering.parent_path
                         FROM kttv_exemplar_registration registration
                         JOIN hr_department registering ON registering.id = %(registering)s
                        WHERE %(phase)s IN %(phase_ids)s
                          AND registration.id IN %(readable)s
                          AND string_to_array(%(path)s, '/') && %(unit_ids)s::text[]
                     ORDER BY registration.id DESC""",
                    phase=SQL.identifier("registration", "phase_id", to_flush=Registration._fields["phase_id"]),
                    phase_ids=tuple(phase_ids),
                    registering=SQL.identifier(
                        "registration", "registering_unit_id", to_flush=Registration._fields["registering_unit_id"]
                    ),
                    readable=readable.subselect(),
                    path=SQL.identifier("registering", "parent_path", to_flush=Department._fields["parent_path"]),
                    unit_ids=unit_ids,
                )
            )
            # The plans of the registration's phase whose unit is on its path.
            for registration_id, phase_id, path in rows:
                for unit_id in path.split("/"):
                    if unit_id and (phase_id, int(unit_id)) in keys:
                        found[phase_id, int(unit_id)].append(registration_id)
        return found

    @api.depends("phase_id", "department_id")
    def _compute_registration_ids(self):
        found = self._kttv_registrations_by_plan()
        Registration = self.env["kttv.exemplar.registration"]
        for plan in self:
            plan.registration_ids = Registration.browse(found.get((plan.phase_id.id, plan.department_id.id), []))

    @api.depends("phase_id", "department_id")
    def _compute_registration_count(self):
        # Counted apart: the list shows the count and needs no recordset per plan.
        found = self._kttv_registrations_by_plan()
        for plan in self:
            plan.registration_count = len(found.get((plan.phase_id.id, plan.department_id.id), ()))

    # ------------------------------------------------------------------
    # Guards: declared above; the messages the unit knows
    # ------------------------------------------------------------------

    def _kttv_check_create(self, vals_list):
        if not self._kttv_has_group(OFFICER) and any(vals.get("deadline_extension") for vals in vals_list):
            raise UserError(_("Only TCCB may change the deadline of a unit plan."))
        return super()._kttv_check_create(vals_list)

    def _kttv_workflow_fields_message(self, names):
        return _("Use the Submit and Return buttons to change the status of a unit plan.")

    def _kttv_locked_message(self, names):
        if self.state == "draft" and "deadline_extension" in names:
            return _("Only TCCB may change the deadline of a unit plan.")
        if self._kttv_has_group(OFFICER):
            return super()._kttv_locked_message(names)
        return _("A submitted unit plan can no longer be changed by the unit.")

    def _kttv_unlink_message(self):
        return _("%(plan)s has been submitted to TCCB: return it before deleting it.", plan=self.display_name)

    @api.ondelete(at_uninstall=False)
    def _unlink_without_registrations(self):
        if self.env.su:
            return
        for plan in self.filtered("registration_ids")[:1]:
            raise UserError(_("%(plan)s has registrations: it cannot be deleted.", plan=plan.display_name))

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def action_submit(self):
        """The unit sends its plans to TCCB."""
        return self._kttv_run("submit")

    def _do_submit(self):
        self._kttv_move("submitted", {"date_submitted": fields.Date.context_today(self)})

    def action_return(self):
        """TCCB gives the plans back to their units, to be completed and submitted again."""
        return self._kttv_run("return")

    def _do_return(self):
        self._kttv_move("draft", {"date_submitted": False})

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    @api.model
    def _kttv_unit_officers(self, departments):
        """``{department: its unit officers}``: those who manage it or a unit above it, in one search."""
        group = self.env.ref(UNIT)
        officers = (
            self.env["res.users"]
            .sudo()
            .search_fetch([("groups_id", "in", group.ids), ("kttv_unit_ids", "!=", False)], ["kttv_unit_ids"])
        )
        managed = [(officer.id, set(officer.kttv_unit_ids.ids)) for officer in officers]
        result = {}
        for department in departments.sudo():
            ancestors = {int(part) for part in (department.parent_path or "").split("/") if part}
            result[department] = self.env["res.users"].browse(
                [officer_id for officer_id, units in managed if units & ancestors]
            )
        return result

    def _kttv_expected_activities(self):
        """An overdue draft reminds its unit's officers; a submitted plan asks TCCB to review it."""
        overdue = self.filtered(lambda plan: plan.state == "draft" and plan.submission_status == "overdue")
        officers = self._kttv_unit_officers(overdue.department_id) if overdue else {}
        overdue_ids = set(overdue.ids)
        tccb = None
        expected = []
        for plan in self:
            if plan.id in overdue_ids:
                note = self.env._("The unit plan was due on %(date)s.", date=format_date(self.env, plan.deadline))
                expected.append((plan, SUBMIT_ACTIVITY, officers[plan.department_id], note))
            elif plan.state == "submitted":
                if not plan.plan_id.officer_id and tccb is None:
                    tccb = self._kttv_tccb_officers()
                note = self.env._("%(unit)s submitted its plan.", unit=plan.department_id.name)
                expected.append((plan, REVIEW_ACTIVITY, plan.plan_id.officer_id or tccb, note))
        return expected

    @api.model
    def _cron_remind_overdue(self):
        """Ask the officers of each unit whose plan is overdue, once: run twice, nothing new."""
        self.search([("submission_status", "=", "overdue")])._kttv_activity_update()
