from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

from ..lib import funds
from .kttv_emulation_title import LEVELS
from .kttv_workflow_mixin import MANAGER


class KttvRewardFund(models.Model):
    """The emulation and commendation fund of one level for one year (Quỹ thi đua, khen thưởng)."""

    _name = "kttv.reward.fund"
    _inherit = ["mail.thread"]
    _description = "Reward fund"
    _order = "year desc, level"

    name = fields.Char(compute="_compute_name")
    year = fields.Integer(required=True, aggregator=None, tracking=True)
    level = fields.Selection(LEVELS, required=True, default="administration", tracking=True)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.VND", raise_if_not_found=False), required=True
    )
    line_ids = fields.One2many("kttv.reward.fund.line", "fund_id", string="Lines")
    allocated = fields.Monetary(compute="_compute_amounts", store=True, help="Allocations to the fund.")
    reward_paid = fields.Monetary("Rewards paid", compute="_compute_amounts", store=True)
    activity_spent = fields.Monetary(
        "Spent on activities",
        compute="_compute_amounts",
        store=True,
        help="Movements, reviews, publicity, replication.",
    )
    spent = fields.Monetary(compute="_compute_amounts", store=True)
    balance = fields.Monetary(compute="_compute_amounts", store=True)
    replication_percent = fields.Float(
        "Share for movements and replication (%)",
        default=funds.REPLICATION_SHARE_PERCENT,
        tracking=True,
        help="Part of the allocations reserved for emulation movements, reviews, publicity, replication of "
        "exemplars and study tours (20% by law); activity costs are charged to it.",
    )
    replication_share = fields.Monetary(
        "Share for replication", compute="_compute_amounts", store=True, help="Allocations × the share's percentage."
    )
    replication_remaining = fields.Monetary(
        "Share remaining", compute="_compute_amounts", store=True, help="The share less the activity costs charged."
    )

    _sql_constraints = [("year_level_unique", "unique(year, level)", "There is one fund per level and year.")]

    @api.depends("year", "level")
    @api.depends_context("lang")
    def _compute_name(self):
        levels = dict(self._fields["level"]._description_selection(self.env))
        for fund in self:
            fund.name = _("Reward fund %(level)s %(year)s", level=levels.get(fund.level, ""), year=fund.year)

    @api.depends("line_ids.amount", "line_ids.kind", "line_ids.cancelled", "replication_percent")
    def _compute_amounts(self):
        totals = {
            (fund.id, kind): amount
            for fund, kind, amount in self.env["kttv.reward.fund.line"]._read_group(
                [("fund_id", "in", self.ids), ("cancelled", "=", False)], ["fund_id", "kind"], ["amount:sum"]
            )
        }
        for fund in self:
            fund.allocated = totals.get((fund.id, "allocation"), 0)
            fund.reward_paid = totals.get((fund.id, "reward"), 0)
            fund.activity_spent = totals.get((fund.id, "activity"), 0)
            fund.spent = fund.reward_paid + fund.activity_spent
            fund.balance = fund.allocated - fund.spent
            fund.replication_share = funds.share(fund.allocated, fund.replication_percent)
            fund.replication_remaining = fund.replication_share - fund.activity_spent

    @api.constrains("replication_percent")
    def _check_percent(self):
        for fund in self:
            if not 0 <= fund.replication_percent <= 100:
                raise ValidationError(_("%(fund)s: the share is a percentage between 0 and 100.", fund=fund.name))

    def _charge_activity(self, amount, description, activity, override_reason=None):
        """Charge an activity's cost to the replication share, or refuse.

        Over the share, only the leadership may go on, with a reason that the
        fund's chatter keeps.
        """
        self.ensure_one()
        excess = funds.excess(self.replication_share, self.activity_spent, amount)
        if excess > 0:
            if not override_reason:
                share = self.replication_percent
                percent = formatLang(self.env, share, digits=0 if share == int(share) else 2)
                raise UserError(
                    _(
                        "%(activity)s costs %(amount)s VND but only %(remaining)s VND remain of the "
                        "%(percent)s%% share of %(fund)s for movements and replication. The Director General "
                        "may approve the excess of %(excess)s VND.",
                        activity=description,
                        amount=formatLang(self.env, amount, digits=0),
                        remaining=formatLang(self.env, max(self.replication_remaining, 0), digits=0),
                        percent=percent,
                        fund=self.name,
                        excess=formatLang(self.env, excess, digits=0),
                    )
                )
            if not self.env.user.has_group(MANAGER):
                raise UserError(_("Only the Director General may approve a cost over the share."))
        line = (
            self.env["kttv.reward.fund.line"]
            .sudo()
            .create(
                {
                    "fund_id": self.id,
                    "date": activity.date,
                    "kind": "activity",
                    "amount": amount,
                    "description": description,
                    "activity_id": activity.id,
                    "override_reason": override_reason if excess > 0 else False,
                    "override_by_id": self.env.user.id if excess > 0 else False,
                }
            )
        )
        if excess > 0:
            self.message_post(
                body=_(
                    "%(user)s approved %(excess)s VND over the share for %(activity)s: %(reason)s",
                    user=self.env.user.name,
                    excess=formatLang(self.env, excess, digits=0),
                    activity=description,
                    reason=override_reason,
                )
            )
        return line

    @api.model
    def _get(self, year, level):
        """The fund of ``level`` for ``year``, opened when first needed."""
        fund = self.sudo().search([("year", "=", year), ("level", "=", level)], limit=1)
        return fund or self.sudo().create({"year": year, "level": level})


class KttvRewardFundLine(models.Model):
    """Money in or out of a fund: an allocation, a reward paid, an activity's cost."""

    _name = "kttv.reward.fund.line"
    _description = "Reward fund line"
    _order = "date desc, id desc"

    fund_id = fields.Many2one("kttv.reward.fund", required=True, ondelete="restrict", index=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [("allocation", "Allocation"), ("reward", "Reward payment"), ("activity", "Activity cost")], required=True
    )
    amount = fields.Monetary(required=True)
    description = fields.Char(required=True)
    decision_id = fields.Many2one("kttv.emulation.decision", index=True, ondelete="restrict")
    registration_id = fields.Many2one("kttv.exemplar.registration", index=True, ondelete="restrict")
    title_id = fields.Many2one("kttv.emulation.title", ondelete="restrict")
    employee_id = fields.Many2one("hr.employee", ondelete="restrict")
    department_id = fields.Many2one("hr.department", ondelete="restrict")
    activity_id = fields.Many2one("kttv.replication.activity", index=True, ondelete="restrict")
    override_reason = fields.Char("Approved over the share", readonly=True, copy=False)
    override_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    cancelled = fields.Boolean(readonly=True, copy=False)
    cancel_reason = fields.Char(readonly=True, copy=False)

    _sql_constraints = [("amount_positive", "check(amount >= 0)", "An amount cannot be negative.")]

    def _check_typed(self, vals):
        """By hand, only allocations: payments and costs come from decisions and activities."""
        if self.env.su:
            return
        if vals.get("kind", "allocation") != "allocation" or any(line.kind != "allocation" for line in self):
            raise UserError(
                _("Reward payments come from signed decisions and activity costs from activities, not by hand.")
            )
        if (vals.get("amount") or 0) < 0:
            raise ValidationError(
                _("%(line)s: an amount cannot be negative.", line=vals.get("description") or self.description or "")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_typed(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_typed(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_allocations(self):
        if any(line.kind != "allocation" for line in self):
            raise UserError(_("A payment or a cost is cancelled with its decision or activity, never deleted."))
