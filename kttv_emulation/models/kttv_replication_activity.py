from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

from .kttv_emulation_title import LEVELS
from .kttv_workflow_mixin import OFFICER, UNIT

KINDS = [
    ("field_visit", "Field visit"),
    ("exchange", "Experience exchange"),
    ("publicity", "Publicity"),
    ("conference", "Conference or ceremony"),
]
CHANNELS = [
    ("article", "Article"),
    ("broadcast", "Radio or television"),
    ("journal", "KTTV journal column"),
    ("website", "Website post"),
    ("social", "Social network"),
    ("other", "Other"),
]


class KttvReplicationActivity(models.Model):
    """Showing and spreading an exemplar's model (nhân rộng, plan II.1.6, II.1.7 and IV.4)."""

    _name = "kttv.replication.activity"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin"]
    _description = "Replication activity"
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="exchange", tracking=True)
    channel = fields.Selection(CHANNELS, help="Where the exemplar was publicised.")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date("Until")
    organising_unit_id = fields.Many2one(
        "hr.department",
        string="Organising unit",
        required=True,
        index=True,
        default=lambda self: self.env.user.kttv_unit_ids[:1],
    )
    phase_id = fields.Many2one(
        "kttv.exemplar.phase",
        index=True,
        compute="_compute_phase_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The phase of the exemplars shown, unless set otherwise.",
    )
    registration_ids = fields.Many2many(
        "kttv.exemplar.registration",
        "kttv_activity_registration_rel",
        "activity_id",
        "registration_id",
        string="Exemplars",
        help="The exemplars whose model is shown, exchanged or publicised.",
    )
    participant_count = fields.Integer("Participants")
    participants = fields.Text("Who took part")
    place = fields.Char()
    link = fields.Char(help="Address of the article, the broadcast or the post.")
    document = fields.Binary(attachment=True)
    document_name = fields.Char()
    description = fields.Html()
    cost = fields.Monetary(help="Charged to the share of the reward fund for movements and replication.")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False)
    )
    fund_level = fields.Selection(
        LEVELS, "Fund", default="administration", required=True, help="Level of the fund the cost is charged to."
    )
    fund_line_id = fields.Many2one("kttv.reward.fund.line", string="Charged to", readonly=True, copy=False)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
        string="Status",
    )
    color = fields.Integer(compute="_compute_color")

    @api.depends("registration_ids")
    def _compute_phase_id(self):
        for activity in self:
            if not activity.phase_id and activity.registration_ids:
                activity.phase_id = activity.registration_ids.sudo()[:1].phase_id

    @api.depends("kind")
    def _compute_color(self):
        colors = {"field_visit": 4, "exchange": 10, "publicity": 2, "conference": 1}
        for activity in self:
            activity.color = colors.get(activity.kind, 0)

    @api.constrains("date", "date_end", "cost", "participant_count")
    def _check_values(self):
        for activity in self:
            if activity.date_end and activity.date_end < activity.date:
                raise ValidationError(_("%(activity)s ends before it starts.", activity=activity.name))
            if activity.cost < 0 or activity.participant_count < 0:
                raise ValidationError(_("%(activity)s: a cost or a count cannot be negative.", activity=activity.name))

    def _check_own_exemplars(self):
        """A unit shows its own exemplars: every exemplar must be readable by the unit officer."""
        if self.env.su or self.env.user.has_group(OFFICER):
            return
        for activity in self:
            registrations = activity.registration_ids
            readable = registrations._filtered_access("read")
            if readable != registrations:
                raise UserError(
                    _(
                        "%(activity)s: a unit organises activities for its own exemplars only (%(names)s are not).",
                        activity=activity.name,
                        names=", ".join((registrations - readable).sudo().mapped("display_name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._check_own_exemplars()
        return activities

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise UserError(_("Use the buttons of the activity to change its status."))
        if self.filtered("fund_line_id") and {"cost", "fund_level", "date"} & set(vals) and not self.env.su:
            raise UserError(_("The cost was charged to the fund: cancel the activity to change it."))
        res = super().write(vals)
        if "registration_ids" in vals:
            self._check_own_exemplars()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_uncharged(self):
        if any(activity.fund_line_id for activity in self):
            raise UserError(_("An activity charged to the fund is cancelled, not deleted."))

    def action_done(self):
        self._kttv_require(UNIT, _("record an activity as held"))
        self.check_access("write")
        if any(activity.state != "planned" for activity in self):
            raise UserError(_("Only a planned activity can be recorded as held."))
        self.sudo().write({"state": "done"})

    def action_charge_cost(self):
        """TCCB charges the cost to the fund's replication share."""
        self._kttv_require(OFFICER, _("charge a cost to the reward fund"))
        for activity in self:
            activity._check_chargeable()
            fund = self.env["kttv.reward.fund"]._get(activity.date.year, activity.fund_level)
            if fund.replication_remaining < activity.cost and self.env.user.has_group(
                "kttv_emulation.group_emulation_manager"
            ):
                return {
                    "type": "ir.actions.act_window",
                    "res_model": "kttv.fund.override.wizard",
                    "view_mode": "form",
                    "target": "new",
                    "name": _("Approve a cost over the share"),
                    "context": {"default_activity_id": activity.id},
                }
            activity._charge(fund)
        return True

    def _check_chargeable(self):
        self.ensure_one()
        if self.state != "done":
            raise UserError(_("%(activity)s must be held before its cost is charged.", activity=self.name))
        if self.fund_line_id:
            raise UserError(_("%(activity)s is already charged to the fund.", activity=self.name))
        if self.cost <= 0:
            raise UserError(_("%(activity)s has no cost to charge.", activity=self.name))

    def _charge(self, fund, override_reason=None):
        self.ensure_one()
        line = fund._charge_activity(self.cost, self.name, self, override_reason=override_reason)
        self.sudo().write({"fund_line_id": line.id})
        self.message_post(
            body=_(
                "Cost of %(amount)s VND charged to %(fund)s.",
                amount=formatLang(self.env, self.cost, digits=0),
                fund=fund.name,
            )
        )

    def action_cancel(self):
        self._kttv_require(UNIT, _("cancel an activity"))
        self.check_access("write")
        for activity in self:
            if activity.fund_line_id:
                activity._kttv_require(OFFICER, _("cancel an activity charged to the fund"))
                activity.fund_line_id.sudo().write({"cancelled": True, "cancel_reason": _("Activity cancelled")})
        self.sudo().write({"state": "cancelled"})
