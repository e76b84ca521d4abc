from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "replication_percent" in vals and vals["replication_percent"] != funds.REPLICATION_SHARE_PERCENT:
                self._check_may_change_percent()
        return super().create(vals_list)

    def write(self, vals):
        if "replication_percent" in vals and any(
            fund.replication_percent != vals["replication_percent"] for fund in self
        ):
            self._check_may_change_percent()
        if {"year", "level"} & set(vals):
            # Payments and costs were charged to this year and level: moving the
            # fund would move them with it.
            for fund in self.filtered("line_ids"):
                if vals.get("year", fund.year) != fund.year or vals.get("level", fund.level) != fund.level:
                    raise UserError(
                        _(
                            "%(fund)s already has lines: its year and level can no longer change.",
                            fund=fund.name,
                        )
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_empty_only(self):
        for fund in self.filtered("line_ids"):
            raise UserError(_("%(fund)s has lines: a fund that was used is kept.", fund=fund.name))

    def _check_may_change_percent(self):
        """The 20% is the law's: only the leadership departs from it (tracked on the fund)."""
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(_("Only the Director General may change the share for movements and replication."))

    def _charge_activity(self, amount, description, activity, override_reason=None):
        """Charge an activity's cost to the replication share, or refuse.

        A cost over the share, or over what the fund still holds, goes on only
        with the leadership's approval and a reason that the fund's chatter keeps.
        """
        self.ensure_one()
        excess = funds.excess(self.replication_share, self.activity_spent, amount)
        shortfall = funds.shortfall(self.balance, amount)
        if (excess or shortfall) and not override_reason:
            raise UserError(
                self._refusal(
                    amount, description, funds.Charge(excess, shortfall, self.replication_remaining, self.balance)
                )
            )
        if (excess or shortfall) and not self.env.user.has_group(MANAGER):
            raise UserError(_("Only the Director General may approve a cost over the share or the balance."))
        overridden = bool(excess or shortfall)
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
                    "override_reason": override_reason if overridden else False,
                    "override_by_id": self.env.user.id if overridden else False,
                }
            )
        )
        if excess:
            self.message_post(
                body=_(
                    "%(user)s approved %(excess)s VND over the share for %(activity)s: %(reason)s",
                    user=self.env.user.name,
                    excess=formatLang(self.env, excess, digits=0),
                    activity=description,
                    reason=override_reason,
                )
            )
        if shortfall:
            self.message_post(
                body=_(
                    "%(user)s approved %(shortfall)s VND beyond the balance of the fund for %(activity)s: %(reason)s",
                    user=self.env.user.name,
                    shortfall=formatLang(self.env, shortfall, digits=0),
                    activity=description,
                    reason=override_reason,
                )
            )
        return line

    def _refusal(self, amount, description, charge):
        """Why a cost is refused, with the figures the approver needs (``charge``: a :class:`funds.Charge`)."""

        def money(value):
            return formatLang(self.env, value, digits=0)

        if charge.excess:
            share = self.replication_percent
            return _(
                "%(activity)s costs %(amount)s VND but only %(remaining)s VND remain of the "
                "%(percent)s%% share of %(fund)s for movements and replication. The Director General "
                "may approve the excess of %(excess)s VND.",
                activity=description,
                amount=money(amount),
                remaining=money(max(charge.remaining, 0)),
                percent=formatLang(self.env, share, digits=0 if share == int(share) else 2),
                fund=self.name,
                excess=money(charge.excess),
            )
        return _(
            "%(activity)s costs %(amount)s VND but %(fund)s holds only %(balance)s VND: the balance would fall "
            "%(shortfall)s VND below zero. The Director General may approve it.",
            activity=description,
            amount=money(amount),
            fund=self.name,
            balance=money(max(charge.balance, 0)),
            shortfall=money(charge.shortfall),
        )

    @api.model
    def _get(self, year, level):
        """The fund of ``level`` for ``year``, opened when first needed."""
        fund = self.sudo().search([("year", "=", year), ("level", "=", level)], limit=1)
        return fund or self.sudo().create({"year": year, "level": level})
