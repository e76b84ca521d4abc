from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate

from ..lib.criteria import RECOGNISED_STATES
from .kttv_workflow_mixin import ALL, UNIT, Step

_lt = LazyTranslate(__name__)

MINISTRY = ("ministry_proposed", "ministry_recognized")
# Where each registration stands, in the columns a review reports by unit.
STATE_GROUPS = {
    "registered_count": ("draft", "submitted"),
    "nurturing_count": ("nurturing",),
    "nominated_count": ("nominated", "council"),
    "recognized_count": RECOGNISED_STATES,
    "closed_count": ("refused", "cancelled"),
}
# The figures a review freezes, and the line fields that break them down by unit.
FIGURES = (
    "registration_count",
    "collective_count",
    "individual_count",
    "in_progress_count",
    "registered_count",
    "nurturing_count",
    "nominated_count",
    "recognized_count",
    "ministry_proposed_count",
    "ministry_recognized_count",
    "refused_count",
    "cancelled_count",
    "nurturing_review_count",
    "replication_count",
    "replication_cost",
    "replication_spent",
    "reward_paid",
    "fund_spent",
    "achievement_count",
    "recognized_individual_count",
    "recognized_women_count",
    "unit_plan_count",
    "unit_plan_on_time_count",
    "unit_plan_late_count",
    "unit_plan_missing_count",
    "unit_plan_absent_count",
)
LINE_FIGURES = (
    "registration_count",
    "collective_count",
    "individual_count",
    "registered_count",
    "nurturing_count",
    "nominated_count",
    "recognized_count",
    "ministry_proposed_count",
    "closed_count",
    "nurturing_review_count",
    "replication_count",
    "replication_cost",
    "replication_spent",
)
# Only the review's own computation writes these, and only while it is a draft.
FROZEN = frozenset({*FIGURES, "figures_date", "line_ids"})


class KttvPlanReview(models.Model):
    """An interim or final review of a phase (sơ kết, tổng kết; plan II.1.5 and III)."""

    _name = "kttv.plan.review"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Phase review"
    _order = "date desc, id desc"

    # Written while a draft, closed once: its figures come from the records only.
    _kttv_workflow_fields = frozenset({"state"})
    _kttv_create_defaults = {"state": "draft"}
    # The figures are the computation's, even for code running as superuser.
    _kttv_computed_fields = FROZEN
    _kttv_computed_states = ("draft",)
    _kttv_writable = {"draft": {UNIT: ALL}}
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "refresh": Step(("draft",), (UNIT,), _lt("update a review's figures"), access="write"),
        "done": Step(("draft",), (UNIT,), _lt("close a review"), access="write"),
    }

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [("interim", "Interim review"), ("final", "Final review")], required=True, default="interim", tracking=True
    )
    scope = fields.Selection(
        [("administration", "Administration"), ("unit", "Unit")], required=True, default="administration"
    )
    department_id = fields.Many2one(
        "hr.department", string="Unit", index=True, help="For a unit's own review: the unit, sub-units included."
    )
    phase_id = fields.Many2one("kttv.exemplar.phase", required=True, index=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        string="Status",
    )
    figures_date = fields.Datetime("Figures as of", readonly=True, copy=False)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    registration_count = fields.Integer("Registrations", readonly=True)
    collective_count = fields.Integer("Collectives", readonly=True)
    individual_count = fields.Integer("Individuals", readonly=True)
    in_progress_count = fields.Integer("In progress", readonly=True)
    registered_count = fields.Integer(
        "Registered", readonly=True, help="Drafts and registrations submitted, not yet accepted for nurturing."
    )
    nurturing_count = fields.Integer("Nurturing", readonly=True)
    nominated_count = fields.Integer("Nominated", readonly=True, help="Nominated, or before the council.")
    recognized_count = fields.Integer("Recognised", readonly=True)
    ministry_proposed_count = fields.Integer("Proposed to the Ministry", readonly=True)
    ministry_recognized_count = fields.Integer("Recognised by the Ministry", readonly=True)
    refused_count = fields.Integer("Refused", readonly=True)
    cancelled_count = fields.Integer("Cancelled", readonly=True)
    nurturing_review_count = fields.Integer("Nurturing reviews", readonly=True)
    replication_count = fields.Integer("Replication activities", readonly=True)
    replication_cost = fields.Monetary(
        "Cost of the activities",
        readonly=True,
        help="The costs recorded on the activities not cancelled, held or planned, charged or not.",
    )
    replication_spent = fields.Monetary(
        "Spent on activities",
        readonly=True,
        help="What the reward fund actually paid for the activities: their charges not cancelled.",
    )
    reward_paid = fields.Monetary("Rewards paid", readonly=True)
    fund_spent = fields.Monetary(
        "Fund spent", readonly=True, help="Rewards paid and activity costs charged to the reward fund."
    )
    achievement_count = fields.Integer(
        "Titles and commendations", readonly=True, help="Obtained during the phase's years."
    )
    recognized_individual_count = fields.Integer("Individuals recognised", readonly=True)
    recognized_women_count = fields.Integer(
        "Women recognised",
        readonly=True,
        help="Women among the individuals recognised: they have priority (Decree 152/2025 art. 4).",
    )
    recognized_women_share = fields.Float(
        "Share of women (%)",
        compute="_compute_recognized_women_share",
        digits=(5, 1),
        help="Women among the individuals recognised, in percent.",
    )
    unit_plan_count = fields.Integer("Unit plans", readonly=True)
    unit_plan_on_time_count = fields.Integer("Submitted on time", readonly=True)
    unit_plan_late_count = fields.Integer("Submitted late", readonly=True)
    unit_plan_missing_count = fields.Integer("Not submitted", readonly=True, help="Unit plans still a draft.")
    unit_plan_absent_count = fields.Integer(
        "Units without a plan", readonly=True, help="Subordinate units that have no plan for the phase at all."
    )
    line_ids = fields.One2many("kttv.plan.review.line", "review_id", string="By unit", readonly=True)
    summary = fields.Html("Results")
    strengths = fields.Html()
    weaknesses = fields.Html()
    lessons = fields.Html("Lessons learned")
    proposals = fields.Html("Proposals and next steps")
    can_refresh = fields.Boolean(compute="_compute_kttv_can")
    can_done = fields.Boolean(compute="_compute_kttv_can")

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._freeze_figures()
        return reviews

    @api.constrains("scope", "department_id")
    def _check_unit(self):
        """A unit's review names its unit, as the form requires: its figures are the unit's."""
        for review in self:
            if review.scope == "unit" and not review.department_id:
                raise ValidationError(_("%(review)s: a unit's review names the unit it reviews.", review=review.name))

    def _kttv_check_create(self, vals_list):
        if any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(_("A review starts as a draft; close it with its button."))
        return super()._kttv_check_create(vals_list)

    def _kttv_workflow_fields_message(self, names):
        return _("Use the buttons of the review to change its status.")

    def _kttv_computed_message(self, names):
        return _(
            "The figures of a review are computed from the records (%(fields)s): use Update the figures "
            "while the review is a draft.",
            fields=self._kttv_field_labels(names),
        )

    def _kttv_computed_locked_message(self):
        return _("The figures of a review that is done stay as they were.")

    def _kttv_locked_message(self, names):
        return _("A review that is done is kept as it was written.")

    def _kttv_unlink_message(self):
        return _("A review that is done cannot be deleted.")

    def _kttv_check_step(self, step):
        if self._kttv_has_group(UNIT) and any(review.state != "draft" for review in self):
            if step == "refresh":
                raise UserError(_("The figures of a review that is done stay as they were."))
            raise UserError(_("This review is already done."))
        return super()._kttv_check_step(step)

    def action_refresh(self):
        """Compute the figures again from the records, while the reviews are drafts."""
        return self._kttv_run("refresh")

    def _do_refresh(self):
        self._freeze_figures()

    def action_done(self):
        """Close the reviews: their figures and their text no longer change."""
        return self._kttv_run("done")

    def _do_done(self):
        self._freeze_figures()
        self._kttv_move("done")

    @api.depends("recognized_individual_count", "recognized_women_count")
    def _compute_recognized_women_share(self):
        for review in self:
            individuals = review.recognized_individual_count
            review.recognized_women_share = 100.0 * review.recognized_women_count / individuals if individuals else 0.0

    def _count_women(self, figures):
        """The individuals recognised, and the women among them: two counts."""
        Registration = self.env["kttv.exemplar.registration"]
        domain = [
            *self._domain("registering_unit_id"),
            ("target", "=", "individual"),
            ("state", "in", RECOGNISED_STATES),
        ]
        figures["recognized_individual_count"] = Registration.search_count(domain)
        figures["recognized_women_count"] = Registration.search_count([*domain, ("employee_id.gender", "=", "female")])

    def _domain(self, unit_field):
        self.ensure_one()
        domain = [("phase_id", "=", self.phase_id.id)] if unit_field != "unit_id" else []
        if self.scope == "unit" and self.department_id:
            domain.append((unit_field, "child_of", self.department_id.id))
        return domain

    def _freeze_figures(self):
        for review in self:
            figures, lines = review.sudo()._compute_figures()
            review._kttv_computing().write(
                {
                    **figures,
                    "figures_date": fields.Datetime.now(),
                    "line_ids": [fields.Command.clear()] + [fields.Command.create(line) for line in lines],
                }
            )

    def _compute_figures(self):
        """Every figure from the records, in one grouped query per kind of record."""
        self.ensure_one()
        env = self.env
        figures = dict.fromkeys(FIGURES, 0)
        by_unit = defaultdict(lambda: dict.fromkeys(LINE_FIGURES, 0))
        phase = self.phase_id

        self._count_registrations(figures, by_unit)
        self._count_women(figures)

        for unit, count in env["kttv.nurturing.review"]._read_group(
            self._domain("registering_unit_id"), ["registering_unit_id"], ["__count"]
        ):
            figures["nurturing_review_count"] += count
            by_unit[unit.id]["nurturing_review_count"] += count

        activity_domain = [*self._domain("organising_unit_id"), ("state", "!=", "cancelled")]
        for unit, count, cost, spent in env["kttv.replication.activity"]._read_group(
            activity_domain, ["organising_unit_id"], ["__count", "cost:sum", "charged_amount:sum"]
        ):
            for target in (figures, by_unit[unit.id]):
                target["replication_count"] += count
                target["replication_cost"] += cost
                target["replication_spent"] += spent

        reward_domain = [
            ("kind", "=", "reward"),
            ("cancelled", "=", False),
            ("registration_id.phase_id", "=", phase.id),
        ]
        if self.scope == "unit" and self.department_id:
            reward_domain.append(("registration_id.registering_unit_id", "child_of", self.department_id.id))
        [[figures["reward_paid"]]] = env["kttv.reward.fund.line"]._read_group(reward_domain, [], ["amount:sum"])
        figures["fund_spent"] = figures["reward_paid"] + figures["replication_spent"]

        years = [phase.date_start.year, phase.date_end.year]
        achievement_domain = [("year", ">=", years[0]), ("year", "<=", years[1]), *self._domain("unit_id")]
        [[figures["achievement_count"]]] = env["kttv.achievement"]._read_group(achievement_domain, [], ["__count"])

        self._count_unit_plans(figures)

        lines = [{"department_id": unit_id, **values} for unit_id, values in by_unit.items() if unit_id]
        return figures, sorted(lines, key=lambda line: -line["registration_count"])

    def _count_registrations(self, figures, by_unit):
        """Registrations by unit, target and state: the totals and the columns by unit."""
        for unit, target, state, count in self.env["kttv.exemplar.registration"]._read_group(
            self._domain("registering_unit_id"), ["registering_unit_id", "target", "state"], ["__count"]
        ):
            row = by_unit[unit.id]
            conditions = [
                ("registration_count", True),
                ("collective_count", target == "collective"),
                ("individual_count", target == "individual"),
                ("in_progress_count", state in ("draft", "submitted", "nurturing", "nominated", "council")),
                ("ministry_proposed_count", state in MINISTRY),
                ("ministry_recognized_count", state == "ministry_recognized"),
                ("refused_count", state == "refused"),
                ("cancelled_count", state == "cancelled"),
                *((key, state in states) for key, states in STATE_GROUPS.items()),
            ]
            for key in (key for key, condition in conditions if condition):
                if key in figures:
                    figures[key] += count
                if key in row:
                    row[key] += count

    def _count_unit_plans(self, figures):
        """Unit plans by status, and the units that have none at all."""
        planned_units = set()
        for unit, state, late, count in self.env["kttv.unit.plan"]._read_group(
            self._domain("department_id"), ["department_id", "state", "is_late"], ["__count"]
        ):
            planned_units.add(unit.id)
            figures["unit_plan_count"] += count
            if state == "draft":
                figures["unit_plan_missing_count"] += count
            elif late:
                figures["unit_plan_late_count"] += count
            else:
                figures["unit_plan_on_time_count"] += count
        # The units expected to plan are those "Prepare the units' plans" prepares for.
        unit_domain = [("kttv_is_unit", "=", True), ("id", "not in", list(planned_units))]
        if self.scope == "unit" and self.department_id:
            unit_domain.append(("id", "child_of", self.department_id.id))
        figures["unit_plan_absent_count"] = self.env["hr.department"].search_count(unit_domain)

    def copy_data(self, default=None):
        # A copy computes its own figures when it is created.
        return [{key: value for key, value in vals.items() if key not in FROZEN} for vals in super().copy_data(default)]
