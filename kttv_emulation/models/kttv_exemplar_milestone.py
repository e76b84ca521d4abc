from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin"]
    _description = "Exemplar plan milestone"
    _order = "date_deadline, sequence, id"

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
    done = fields.Boolean(tracking=True)
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

    def _responsible_users(self):
        """Who the milestone's reminder goes to."""
        self.ensure_one()
        if self.actor == "tccb" or (self.actor == "journal" and not self.department_ids):
            return self.plan_id.officer_id or self._kttv_tccb_officers()
        if self.actor == "director":
            return self._kttv_director()
        units = self.department_ids or self.env["hr.department"].search([("kttv_is_unit", "=", True)])
        return units._kttv_officers()

    def action_done(self):
        self._kttv_require("kttv_emulation.group_emulation_officer", _("mark a milestone as done"))
        self.write({"done": True})
        self.activity_unlink([MILESTONE_ACTIVITY])

    @api.model
    def _cron_remind(self):
        """Daily: ask those who act before each deadline, and chase late unit plans.

        Run twice, it schedules nothing new: an activity already there, open
        or done, is not scheduled again.
        """
        today = fields.Date.context_today(self)
        upcoming = self.search([("done", "=", False), ("date_deadline", ">=", today)])
        due = upcoming.filtered(lambda m: m.date_deadline - timedelta(days=m.reminder_days) <= today)
        for milestone in due:
            note = _("%(milestone)s is due on %(date)s.", milestone=milestone.name, date=milestone.date_deadline)
            milestone._kttv_schedule(
                MILESTONE_ACTIVITY,
                milestone._responsible_users(),
                note=note,
                date_deadline=milestone.date_deadline,
                once=True,
            )
        self.env["kttv.unit.plan"]._cron_remind_overdue()
