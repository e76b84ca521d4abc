from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

from ..lib import funds
from .kttv_emulation_title import LEVELS
from .kttv_workflow_mixin import MANAGER, OFFICER, UNIT

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
# What the charge to the fund was computed from: locked while it stands.
CHARGED_FIELDS = {"cost", "fund_level", "date", "currency_id"}


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
    charged_amount = fields.Monetary(
        "Charged to the fund",
        compute="_compute_charged_amount",
        store=True,
        help="What the fund actually paid for the activity: its charge, unless cancelled.",
    )
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

    @api.depends("fund_line_id.amount", "fund_line_id.cancelled")
    def _compute_charged_amount(self):
        for activity in self:
            line = activity.fund_line_id.sudo()
            activity.charged_amount = line.amount if line and not line.cancelled else 0

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

    def _check_own_exemplars(self, vals):
        """A unit shows its own exemplars: those its units (sub-units included) registered.

        Read access is not enough: a unit officer who also sits on the council
        reads other units' dossiers. Checked on the values, before anything is
        written.
        """
        if self.env.su or self.env.user.has_group(OFFICER) or not vals.get("registration_ids"):
            return
        added = set()
        for command in vals["registration_ids"]:
            if isinstance(command, int):
                added.add(command)
            elif command[0] == Command.LINK:
                added.add(command[1])
            elif command[0] == Command.SET:
                added.update(command[2])
        registrations = self.env["kttv.exemplar.registration"].sudo().browse(added)
        mine = self.env.user._kttv_managed_units()
        others = registrations.filtered(lambda registration: registration.registering_unit_id not in mine)
        if others:
            raise UserError(
                _(
                    "%(activity)s: a unit organises activities for its own exemplars only (%(names)s are not).",
                    activity=vals.get("name") or ", ".join(self.mapped("name")),
                    names=", ".join(others.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("fund_line_id") or vals.get("state", "planned") != "planned":
                    raise UserError(
                        _(
                            "%(activity)s: an activity starts as planned; it is held and charged to the fund "
                            "through its buttons.",
                            activity=vals.get("name") or "",
                        )
                    )
                self._check_own_exemplars(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_own_exemplars(vals)
            if "state" in vals:
                raise UserError(_("Use the buttons of the activity to change its status."))
            if "fund_line_id" in vals:
                raise UserError(_("The charge to the fund is made and cancelled through the buttons of the activity."))
            locked = self.filtered("fund_line_id") if CHARGED_FIELDS & set(vals) else self.browse()
            if locked:
                raise UserError(
                    _(
                        "%(activity)s was charged to the fund: TCCB cancels the charge before its cost, fund, "
                        "date or currency change.",
                        activity=locked[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_uncharged(self):
        charged = self.env["kttv.reward.fund.line"].sudo().search_count([("activity_id", "in", self.ids)], limit=1)
        if charged:
            raise UserError(_("An activity charged to the fund is cancelled, not deleted."))

    def action_done(self):
        self._kttv_require(UNIT, _("record an activity as held"))
        self.check_access("write")
        if any(activity.state != "planned" for activity in self):
            raise UserError(_("Only a planned activity can be recorded as held."))
        self.sudo().write({"state": "done"})

    def action_charge_cost(self):
        """TCCB charges the costs to the funds' replication share, the whole batch or nothing.

        A batch that would go over a share or a balance is refused; the
        Director General may approve it as a whole, with a reason.
        """
        self._kttv_require(OFFICER, _("charge a cost to the reward fund"))
        for activity in self:
            activity._check_chargeable()
        Fund = self.env["kttv.reward.fund"]
        targets = [Fund._get(activity.date.year, activity.fund_level) for activity in self]
        planned = funds.plan_charges(
            {fund.id: (fund.replication_share, fund.activity_spent, fund.balance) for fund in targets},
            [(fund.id, activity.cost) for activity, fund in zip(self, targets, strict=True)],
        )
        over = [index for index, charge in enumerate(planned) if charge.excess or charge.shortfall]
        if over and self.env.user.has_group(MANAGER):
            return {
                "type": "ir.actions.act_window",
                "res_model": "kttv.fund.override.wizard",
                "view_mode": "form",
                "target": "new",
                "name": _("Approve a cost over the share"),
                "context": {"default_activity_ids": [Command.set(self.ids)]},
            }
        if over:
            index = over[0]
            raise UserError(targets[index]._refusal(self[index].cost, self[index].name, planned[index]))
        for activity, fund in zip(self, targets, strict=True):
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
        charged = self.filtered(lambda activity: activity.fund_line_id and not activity.fund_line_id.sudo().cancelled)
        if charged:
            charged._kttv_require(OFFICER, _("cancel an activity charged to the fund"))
            charged.fund_line_id.sudo().write({"cancelled": True, "cancel_reason": _("Activity cancelled")})
        self.sudo().write({"state": "cancelled"})

    def action_cancel_charge(self):
        """Ask TCCB for the reason a charge is cancelled, e.g. to correct the cost."""
        self.ensure_one()
        self._check_charge_cancellable()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.fund.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel the charge to the fund"),
            "context": {"default_activity_id": self.id},
        }

    def _check_charge_cancellable(self):
        self._kttv_require(OFFICER, _("cancel a charge to the reward fund"))
        for activity in self:
            if activity.state != "done" or not activity.fund_line_id:
                raise UserError(_("%(activity)s is not charged to the fund.", activity=activity.name))

    def _kttv_cancel_charge(self, reason):
        """The one way back from a charge: the line is cancelled, the cost can change and be charged again."""
        self._check_charge_cancellable()
        if not (reason or "").strip():
            raise UserError(_("Give the reason the charge is cancelled."))
        for activity in self:
            line = activity.fund_line_id.sudo()
            line.write({"cancelled": True, "cancel_reason": reason})
            activity.sudo().write({"fund_line_id": False})
            activity.message_post(
                body=_(
                    "Charge of %(amount)s VND to %(fund)s cancelled: %(reason)s",
                    amount=formatLang(self.env, line.amount, digits=0),
                    fund=line.fund_id.name,
                    reason=reason,
                )
            )
