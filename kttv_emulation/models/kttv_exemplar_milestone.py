from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate, format_date

from .kttv_workflow_mixin import OFFICER, UNLINK, Step

_lt = LazyTranslate(__name__)

ACTORS = [
    ("units", "Subordinate units"),
    ("tccb", "Personnel Department (TCCB)"),
    ("director", "Director General"),
    ("journal", "KTTV journal"),
]
KINDS = [
    ("planning", "Unit plans and registration"),
    ("implementation", "Nurturing and building exemplars"),
    ("interim_review", "Interim review"),
    ("final_review", "Final review"),
    ("recognition", "Recognition and proposal to the Ministry"),
    ("conference", "Conference"),
    ("publicity", "Publicity and replication"),
    ("report", "Consolidated report"),
]
MILESTONE_ACTIVITY = "kttv_emulation.mail_act_milestone"


class KttvExemplarMilestone(models.Model):
    """A step of the plan's calendar (mốc tiến độ, section III of the plan)."""

    _name = "kttv.exemplar.milestone"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Exemplar plan milestone"
    _order = "date_deadline, sequence, id"

    # The life cycle is one step: TCCB marks the milestone done.
    _kttv_state_field = "done"
    _kttv_workflow_fields = frozenset({"done"})
    _kttv_create_defaults = {"done": False}
    _kttv_steps = {"done": Step((False,), (OFFICER,), _lt("mark a milestone as done"))}
    # Reminders ahead of the deadline, once each; withdrawn when the milestone is done.
    _kttv_activity_types = {MILESTONE_ACTIVITY: UNLINK}
    _kttv_activity_once = frozenset({MILESTONE_ACTIVITY})

    name = fields.Char(required=True, tracking=True)
    description = fields.Text(help="What the plan asks for, in its own words.")
    phase_id = fields.Many2one("kttv.exemplar.phase", required=True, ondelete="cascade", index=True)
    plan_id = fields.Many2one(related="phase_id.plan_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    date_start = fields.Date("From", required=True)
    date_deadline = fields.Date("Deadline", required=True, tracking=True)
    actor = fields.Selection(ACTORS, "Who acts", required=True, default="units", tracking=True)
    kind = fields.Selection(KINDS, required=True, default="implementation")
    department_ids = fields.Many2many(
        "hr.department",
        string="Units concerned",
        help="Leave empty for every unit. For the journal, the journal's own unit.",
    )
    reminder_days = fields.Integer(
        "Remind days before", default=14, help="The daily reminder asks those who act this many days ahead."
    )
    done = fields.Boolean(tracking=True, readonly=True, copy=False)
    can_done = fields.Boolean(compute="_compute_kttv_can")
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    color = fields.Integer(compute="_compute_color")

    @api.constrains("date_start", "date_deadline", "reminder_days")
    def _check_dates(self):
        for milestone in self:
            if milestone.date_start > milestone.date_deadline:
                raise ValidationError(
                    _("%(milestone)s: the deadline comes before the start.", milestone=milestone.name)
                )
            if milestone.reminder_days < 0:
                raise ValidationError(_("%(milestone)s: remind zero days or more ahead.", milestone=milestone.name))

    @api.depends("done", "date_deadline")
    @api.depends_context("uid")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            milestone.is_overdue = not milestone.done and milestone.date_deadline < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        domain = [("done", "=", False), ("date_deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("actor")
    def _compute_color(self):
        colors = {"units": 4, "tccb": 10, "director": 1, "journal": 3}
        for milestone in self:
            milestone.color = colors.get(milestone.actor, 0)

    def _kttv_state_label(self, state=None):
        done = self.done if state is None else state
        return _("done") if done else _("not done")

    def _kttv_workflow_fields_message(self, names):
        return _("A milestone is marked as done with its button, not by hand.")

    def _kttv_responsible_users(self):
        """``{milestone: the users its reminder goes to}``, for every milestone at once."""
        tccb = director = units = None
        UnitPlan = self.env["kttv.unit.plan"]
        concerned = self.filtered(
            lambda m: m.actor not in ("tccb", "director") and (m.actor != "journal" or m.department_ids)
        )
        if any(not m.department_ids for m in concerned):
            units = self.env["hr.department"].search([("kttv_is_unit", "=", True)])
        officers = UnitPlan._kttv_unit_officers(concerned.department_ids | (units or self.env["hr.department"]))
        Users = self.env["res.users"]
        every_unit = Users.union(*(officers[unit] for unit in units)) if units else Users
        concerned_ids = set(concerned.ids)
        result = {}
        for milestone in self:
            if milestone.id in concerned_ids:
                departments = milestone.department_ids
                result[milestone] = Users.union(*(officers[d] for d in departments)) if departments else every_unit
            elif milestone.actor == "director":
                director = self._kttv_director() if director is None else director
                result[milestone] = director
            else:
                if not milestone.plan_id.officer_id and tccb is None:
                    tccb = self._kttv_tccb_officers()
                result[milestone] = milestone.plan_id.officer_id or tccb
        return result

    def _kttv_due(self):
        """The milestones not done whose reminder is due: from ``reminder_days`` before the deadline."""
        today = fields.Date.context_today(self)
        return self.filtered(lambda m: not m.done and m.date_deadline - timedelta(days=m.reminder_days) <= today)

    def _kttv_expected_activities(self):
        """Each milestone due reminds those who act, with the milestone's deadline."""
        due = self._kttv_due()
        users = due._kttv_responsible_users() if due else {}
        return [
            (
                milestone,
                MILESTONE_ACTIVITY,
                users[milestone],
                self.env._(
                    "%(milestone)s is due on %(date)s.",
                    milestone=milestone.name,
                    date=format_date(self.env, milestone.date_deadline),
                ),
                milestone.date_deadline,
            )
            for milestone in due
        ]

    def action_done(self):
        """TCCB ticks the milestones off: their reminders are withdrawn."""
        return self._kttv_run("done")

    def _do_done(self):
        self._kttv_move(True)

    @api.model
    def _cron_remind(self):
        """Daily: ask those who act before each deadline, and chase late unit plans.

        Run twice, it schedules nothing new: an activity already there, open
        or done, is not scheduled again.
        """
        today = fields.Date.context_today(self)
        self.search([("done", "=", False), ("date_deadline", ">=", today)])._kttv_due()._kttv_activity_update()
        self.env["kttv.unit.plan"]._cron_remind_overdue()

    @api.model
    def _kttv_calendar_action(self):
        """The milestones' calendar, opened on the phase in progress rather than on an empty year.

        Today when the phase is under way; otherwise its last milestone, so a
        finished phase opens on its own year.
        """
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_exemplar_milestone_action")
        phase = self.env["kttv.exemplar.phase"]._current()
        today = fields.Date.context_today(self)
        day = today
        if phase and not phase.date_start <= today <= phase.date_end:
            last = self.search([("phase_id", "=", phase.id)], order="date_deadline desc", limit=1)
            day = last.date_deadline or phase.date_end
        action["context"] = {"initial_date": fields.Date.to_string(day)}
        if phase:
            action["context"]["search_default_phase_id"] = phase.id
        return action
