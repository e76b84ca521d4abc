from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .kttv_workflow_mixin import UNIT

RECOGNISED = ("recognized", "ministry_proposed", "ministry_recognized")
MINISTRY = ("ministry_proposed", "ministry_recognized")
# The figures a review freezes, and the line fields that break them down by unit.
FIGURES = (
    "registration_count",
    "collective_count",
    "individual_count",
    "in_progress_count",
    "recognized_count",
    "ministry_proposed_count",
    "ministry_recognized_count",
    "refused_count",
    "cancelled_count",
    "nurturing_review_count",
    "replication_count",
    "replication_cost",
    "reward_paid",
    "achievement_count",
    "unit_plan_count",
    "unit_plan_on_time_count",
    "unit_plan_late_count",
    "unit_plan_missing_count",
)
LINE_FIGURES = (
    "registration_count",
    "collective_count",
    "individual_count",
    "recognized_count",
    "ministry_proposed_count",
    "nurturing_review_count",
    "replication_count",
    "replication_cost",
)


class KttvPlanReview(models.Model):
    """An interim or final review of a phase (sơ kết, tổng kết; plan II.1.5 and III)."""

    _name = "kttv.plan.review"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin"]
    _description = "Phase review"
    _order = "date desc, id desc"

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
    recognized_count = fields.Integer("Recognised", readonly=True)
    ministry_proposed_count = fields.Integer("Proposed to the Ministry", readonly=True)
    ministry_recognized_count = fields.Integer("Recognised by the Ministry", readonly=True)
    refused_count = fields.Integer("Refused", readonly=True)
    cancelled_count = fields.Integer("Cancelled", readonly=True)
    nurturing_review_count = fields.Integer("Nurturing reviews", readonly=True)
    replication_count = fields.Integer("Replication activities", readonly=True)
    replication_cost = fields.Monetary("Cost of the activities", readonly=True)
    reward_paid = fields.Monetary("Rewards paid", readonly=True)
    achievement_count = fields.Integer(
        "Titles and commendations", readonly=True, help="Obtained during the phase's years."
    )
    unit_plan_count = fields.Integer("Unit plans", readonly=True)
    unit_plan_on_time_count = fields.Integer("Submitted on time", readonly=True)
    unit_plan_late_count = fields.Integer("Submitted late", readonly=True)
    unit_plan_missing_count = fields.Integer("Not submitted", readonly=True)
    line_ids = fields.One2many("kttv.plan.review.line", "review_id", string="By unit", readonly=True)
    summary = fields.Html("Results")
    strengths = fields.Html()
    weaknesses = fields.Html()
    lessons = fields.Html("Lessons learned")
    proposals = fields.Html("Proposals and next steps")

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._freeze_figures()
        return reviews

    def write(self, vals):
        if not self.env.su:
            if "state" in vals:
                raise UserError(_("Use the buttons of the review to change its status."))
            if any(review.state == "done" for review in self):
                raise UserError(_("A review that is done is kept as it was written."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_drafts_only(self):
        if any(review.state == "done" for review in self):
            raise UserError(_("A review that is done cannot be deleted."))

    def action_refresh(self):
        self._kttv_require(UNIT, _("update a review's figures"))
        self.check_access("write")
        if any(review.state != "draft" for review in self):
            raise UserError(_("The figures of a review that is done stay as they were."))
        self._freeze_figures()

    def action_done(self):
        """Close the review: its figures and its text no longer change."""
        self._kttv_require(UNIT, _("close a review"))
        self.check_access("write")
        if any(review.state != "draft" for review in self):
            raise UserError(_("This review is already done."))
        self._freeze_figures()
        self.sudo().write({"state": "done"})

    def _domain(self, unit_field):
        self.ensure_one()
        domain = [("phase_id", "=", self.phase_id.id)] if unit_field != "unit_id" else []
        if self.scope == "unit" and self.department_id:
            domain.append((unit_field, "child_of", self.department_id.id))
        return domain

    def _freeze_figures(self):
        for review in self:
            figures, lines = review.sudo()._compute_figures()
            review.sudo().write(
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

        registration_domain = self._domain("registering_unit_id")
        for unit, target, state, count in env["kttv.exemplar.registration"]._read_group(
            registration_domain, ["registering_unit_id", "target", "state"], ["__count"]
        ):
            row = by_unit[unit.id]
            for key, condition in (
                ("registration_count", True),
                ("collective_count", target == "collective"),
                ("individual_count", target == "individual"),
                ("in_progress_count", state in ("draft", "submitted", "nurturing", "nominated", "council")),
                ("recognized_count", state in RECOGNISED),
                ("ministry_proposed_count", state in MINISTRY),
                ("ministry_recognized_count", state == "ministry_recognized"),
                ("refused_count", state == "refused"),
                ("cancelled_count", state == "cancelled"),
            ):
                if condition:
                    figures[key] += count
                    if key in row:
                        row[key] += count

        for unit, count in env["kttv.nurturing.review"]._read_group(
            self._domain("registering_unit_id"), ["registering_unit_id"], ["__count"]
        ):
            figures["nurturing_review_count"] += count
            by_unit[unit.id]["nurturing_review_count"] += count

        activity_domain = [*self._domain("organising_unit_id"), ("state", "!=", "cancelled")]
        for unit, count, cost in env["kttv.replication.activity"]._read_group(
            activity_domain, ["organising_unit_id"], ["__count", "cost:sum"]
        ):
            figures["replication_count"] += count
            figures["replication_cost"] += cost
            by_unit[unit.id]["replication_count"] += count
            by_unit[unit.id]["replication_cost"] += cost

        reward_domain = [
            ("kind", "=", "reward"),
            ("cancelled", "=", False),
            ("registration_id.phase_id", "=", phase.id),
        ]
        if self.scope == "unit" and self.department_id:
            reward_domain.append(("registration_id.registering_unit_id", "child_of", self.department_id.id))
        [[figures["reward_paid"]]] = env["kttv.reward.fund.line"]._read_group(reward_domain, [], ["amount:sum"])

        years = [phase.date_start.year, phase.date_end.year]
        achievement_domain = [("year", ">=", years[0]), ("year", "<=", years[1]), *self._domain("unit_id")]
        [[figures["achievement_count"]]] = env["kttv.achievement"]._read_group(achievement_domain, [], ["__count"])

        for state, late, count in env["kttv.unit.plan"]._read_group(
            self._domain("department_id"), ["state", "is_late"], ["__count"]
        ):
            figures["unit_plan_count"] += count
            if state == "draft":
                figures["unit_plan_missing_count"] += count
            elif late:
                figures["unit_plan_late_count"] += count
            else:
                figures["unit_plan_on_time_count"] += count

        lines = [{"department_id": unit_id, **values} for unit_id, values in by_unit.items() if unit_id]
        return figures, sorted(lines, key=lambda line: -line["registration_count"])


class KttvPlanReviewLine(models.Model):
    """A review's figures for one unit, frozen with the review."""

    _name = "kttv.plan.review.line"
    _description = "Phase review figures by unit"
    _order = "registration_count desc, id"

    review_id = fields.Many2one("kttv.plan.review", required=True, ondelete="cascade", index=True)
    department_id = fields.Many2one("hr.department", string="Unit", required=True)
    currency_id = fields.Many2one(related="review_id.currency_id")
    registration_count = fields.Integer("Registrations")
    collective_count = fields.Integer("Collectives")
    individual_count = fields.Integer("Individuals")
    recognized_count = fields.Integer("Recognised")
    ministry_proposed_count = fields.Integer("Proposed to the Ministry")
    nurturing_review_count = fields.Integer("Nurturing reviews")
    replication_count = fields.Integer("Replication activities")
    replication_cost = fields.Monetary("Cost")
