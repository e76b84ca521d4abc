from collections import defaultdict

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import LazyTranslate, formatLang

from ..lib import funds
from .kttv_emulation_title import LEVELS
from .kttv_workflow_mixin import MANAGER, OFFICER, UNIT, Step

_lt = LazyTranslate(__name__)

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
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Replication activity"
    _order = "date desc, id desc"

    # Held by its unit, charged to the fund by TCCB, cancelled by either.
    _kttv_workflow_fields = frozenset({"state", "fund_line_id"})
    _kttv_create_defaults = {"state": "planned"}
    _kttv_steps = {
        "done": Step(("planned",), (UNIT,), _lt("record an activity as held"), access="write"),
        "charge_cost": Step(("done",), (OFFICER,), _lt("charge a cost to the reward fund")),
        "cancel": Step(("planned", "done"), (UNIT,), _lt("cancel an activity"), access="write"),
        "cancel_charge": Step(("done",), (OFFICER,), _lt("cancel a charge to the reward fund")),
    }

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
    fund_line_ids = fields.One2many("kttv.reward.fund.line", "activity_id", string="Charges", groups=OFFICER)
    fund_line_id = fields.Many2one(
        "kttv.reward.fund.line",
        string="Charged to",
        compute="_compute_fund_line_id",
        store=True,
        readonly=True,
        copy=False,
        help="The line of the fund that pays for the activity: its charge, unless cancelled.",
    )
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
    can_done = fields.Boolean(compute="_compute_kttv_can")
    can_charge_cost = fields.Boolean(compute="_compute_kttv_can")
    can_cancel = fields.Boolean(compute="_compute_kttv_can")
    can_cancel_charge = fields.Boolean(compute="_compute_kttv_can")

    @api.depends("registration_ids")
    def _compute_phase_id(self):
        for activity in self:
            if not activity.phase_id and activity.registration_ids:
                activity.phase_id = activity.registration_ids.sudo()[:1].phase_id

    @api.depends("fund_line_ids.cancelled")
    def _compute_fund_line_id(self):
        for activity in self:
            lines = activity.sudo().fund_line_ids.filtered(lambda line: not line.cancelled)
            activity.fund_line_id = lines[:1]

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

    # ------------------------------------------------------------------
    # Guards: declared above; what depends on the charge and the exemplars
    # ------------------------------------------------------------------

    def _kttv_check_create(self, vals_list):
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
        return super()._kttv_check_create(vals_list)

    def _kttv_check_write(self, vals):
        self._check_own_exemplars(vals)
        result = super()._kttv_check_write(vals)
        locked = self.filtered("fund_line_id") if CHARGED_FIELDS & set(vals) else self.browse()
        if locked:
            raise UserError(
                _(
                    "%(activity)s was charged to the fund: TCCB cancels the charge before its cost, fund, "
                    "date or currency change.",
                    activity=locked[0].name,
                )
            )
        return result

    def _kttv_workflow_fields_message(self, names):
        if "state" in names:
            return _("Use the buttons of the activity to change its status.")
        return _("The charge to the fund is made and cancelled through the buttons of the activity.")

    @api.ondelete(at_uninstall=False)
    def _unlink_uncharged(self):
        if self.sudo().fund_line_ids:
            raise UserError(_("An activity charged to the fund is cancelled, not deleted."))

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    @api.depends_context("uid")
    @api.depends("state", "cost", "fund_line_id")
    def _compute_kttv_can(self):
        return super()._compute_kttv_can()

    def _kttv_charged(self):
        """The activities whose charge to the fund stands."""
        return self.filtered("fund_line_id")

    def _kttv_step_condition(self, step):
        if step == "charge_cost":
            return self.filtered(lambda activity: not activity.fund_line_id and activity.cost > 0)
        if step == "cancel_charge":
            return self._kttv_charged()
        if step == "cancel" and not self._kttv_has_group(OFFICER):
            return self - self._kttv_charged()
        return self

    def _kttv_step_refusal(self, step):
        if step == "charge_cost":
            if self.fund_line_id:
                return _("%(activity)s is already charged to the fund.", activity=self.name)
            return _("%(activity)s has no cost to charge.", activity=self.name)
        if step == "cancel_charge":
            return _("%(activity)s is not charged to the fund.", activity=self.name)
        return super()._kttv_step_refusal(step)

    def _kttv_check_step(self, step):
        if step == "cancel" and self._kttv_charged():
            # Cancelling a charged activity gives its cost back to the fund: TCCB's call.
            self._kttv_require(OFFICER, _lt("cancel an activity charged to the fund"))
        return super()._kttv_check_step(step)

    def action_done(self):
        """The unit records the activities as held."""
        return self._kttv_run("done")

    def _do_done(self):
        self._kttv_move("done")

    def action_charge_cost(self):
        """TCCB charges the costs to the funds' replication share, the whole batch or nothing.

        A batch that would go over a share or a balance is refused; the
        Director General may approve it as a whole, with a reason.
        """
        return self._kttv_run("charge_cost")

    def _kttv_charge_over_share(self, reason):
        """The Director General approves the batch over the share or the balance, with a reason."""
        self._kttv_require(MANAGER, _lt("approve a cost over the share"))
        if not (reason or "").strip():
            raise UserError(_("Give the reason the cost is approved over the share."))
        return self._kttv_run("charge_cost", override_reason=reason)

    def _kttv_funds(self):
        """``{activity: the fund it is charged to}``: one search, one create for the funds not opened yet."""
        Fund = self.env["kttv.reward.fund"].sudo()
        keys = {(activity.date.year, activity.fund_level) for activity in self}
        found = Fund.search_fetch(
            [("year", "in", list({year for year, _level in keys})), ("level", "in", list({lvl for _y, lvl in keys}))],
            ["year", "level", "replication_share", "replication_percent", "activity_spent", "balance"],
        )
        by_key = {(fund.year, fund.level): fund for fund in found}
        missing = sorted(key for key in keys if key not in by_key)
        if missing:
            created = Fund.create([{"year": year, "level": level} for year, level in missing])
            by_key.update(zip(missing, created, strict=True))
        return {activity: by_key[activity.date.year, activity.fund_level] for activity in self}

    def _do_charge_cost(self, override_reason=None):
        targets = self._kttv_funds()
        planned = funds.plan_charges(
            {fund.id: (fund.replication_share, fund.activity_spent, fund.balance) for fund in set(targets.values())},
            [(targets[activity].id, activity.cost) for activity in self],
        )
        over = [
            (activity, charge)
            for activity, charge in zip(self, planned, strict=True)
            if charge.excess or charge.shortfall
        ]
        if over and not override_reason:
            if self._kttv_has_group(MANAGER):
                return {
                    "type": "ir.actions.act_window",
                    "res_model": "kttv.fund.override.wizard",
                    "view_mode": "form",
                    "target": "new",
                    "name": _("Approve a cost over the share"),
                    "context": {"default_activity_ids": [Command.set(self.ids)]},
                }
            activity, charge = over[0]
            raise UserError(targets[activity]._refusal(activity.cost, activity.name, charge))
        overridden = {activity for activity, _charge in over}
        self.env["kttv.reward.fund.line"].sudo().create(
            [
                {
                    "fund_id": targets[activity].id,
                    "date": activity.date,
                    "kind": "activity",
                    "amount": activity.cost,
                    "description": activity.name,
                    "activity_id": activity.id,
                    "override_reason": override_reason if activity in overridden else False,
                    "override_by_id": self.env.user.id if activity in overridden else False,
                }
                for activity in self
            ]
        )
        if over:
            self._kttv_log_approvals(targets, over, override_reason)
        self._kttv_log(
            {
                activity.id: self.env._(
                    "Cost of %(amount)s VND charged to %(fund)s.",
                    amount=formatLang(self.env, activity.cost, digits=0),
                    fund=targets[activity].name,
                )
                for activity in self
            }
        )

    def _kttv_log_approvals(self, targets, over, reason):
        """On each fund, one note listing what the Director General approved over its share or balance."""
        env = self.env
        by_fund = defaultdict(list)
        for activity, charge in over:
            texts = by_fund[targets[activity]]
            if charge.excess:
                texts.append(
                    env._(
                        "%(user)s approved %(excess)s VND over the share for %(activity)s: %(reason)s",
                        user=env.user.name,
                        excess=formatLang(env, charge.excess, digits=0),
                        activity=activity.name,
                        reason=reason,
                    )
                )
            if charge.shortfall:
                texts.append(
                    env._(
                        "%(user)s approved %(shortfall)s VND beyond the balance of the fund for %(activity)s: "
                        "%(reason)s",
                        user=env.user.name,
                        shortfall=formatLang(env, charge.shortfall, digits=0),
                        activity=activity.name,
                        reason=reason,
                    )
                )
        Fund = env["kttv.reward.fund"]
        Fund.browse([fund.id for fund in by_fund])._message_log_batch(
            {fund.id: Markup("").join(Markup("<p>%s</p>") % text for text in texts) for fund, texts in by_fund.items()},
            author_id=env.user.partner_id.id,
        )

    def action_cancel(self):
        """The unit cancels its activities; TCCB those charged to the fund, whose cost goes back to it."""
        return self._kttv_run("cancel")

    def _do_cancel(self):
        charged = self._kttv_charged()
        if charged:
            charged.fund_line_id.sudo().write({"cancelled": True, "cancel_reason": self.env._("Activity cancelled")})
        self._kttv_move("cancelled")

    def action_cancel_charge(self):
        """Ask TCCB for the reason a charge is cancelled, e.g. to correct the cost."""
        self.ensure_one()
        self._kttv_check_step("cancel_charge")
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.fund.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel the charge to the fund"),
            "context": {"default_activity_id": self.id},
        }

    def _kttv_cancel_charge(self, reason):
        """The one way back from a charge: the line is cancelled, the cost can change and be charged again."""
        if not (reason or "").strip():
            self._kttv_check_step("cancel_charge")
            raise UserError(_("Give the reason the charge is cancelled."))
        return self._kttv_run("cancel_charge", reason)

    def _do_cancel_charge(self, reason):
        lines = self.fund_line_id.sudo()
        amounts = {
            activity.id: (activity.fund_line_id.sudo().amount, activity.fund_line_id.sudo().fund_id.name)
            for activity in self
        }
        lines.write({"cancelled": True, "cancel_reason": reason})
        self._kttv_log(
            {
                activity_id: self.env._(
                    "Charge of %(amount)s VND to %(fund)s cancelled: %(reason)s",
                    amount=formatLang(self.env, amount, digits=0),
                    fund=fund,
                    reason=reason,
                )
                for activity_id, (amount, fund) in amounts.items()
            }
        )
