from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import formatLang

from ..lib import rewards
from .kttv_workflow_mixin import OFFICER


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

    # Set by the decision, the activity or the cancellation, never typed.
    SYSTEM_FIELDS = (
        "decision_id",
        "registration_id",
        "title_id",
        "employee_id",
        "department_id",
        "activity_id",
        "override_reason",
        "override_by_id",
        "cancelled",
        "cancel_reason",
    )

    @api.depends("description", "amount")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.description or ''} ({formatLang(self.env, line.amount, digits=0)})"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_typed(vals)
        lines = super().create(vals_list)
        lines._log_on_funds(_("Recorded:"))
        return lines

    def _check_typed(self, vals):
        """By hand, only allocations: payments and costs come from decisions and activities."""
        if vals.get("kind", "allocation") != "allocation":
            raise UserError(
                _("Reward payments come from signed decisions and activity costs from activities, not by hand.")
            )
        typed = [name for name in self.SYSTEM_FIELDS if vals.get(name)]
        if typed:
            raise UserError(
                _(
                    "%(line)s: %(fields)s are set by the application, not typed.",
                    line=vals.get("description") or "",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in typed),
                )
            )
        if (vals.get("amount") or 0) < 0:
            raise ValidationError(_("%(line)s: an amount cannot be negative.", line=vals.get("description") or ""))

    def write(self, vals):
        # Officers have no write access: what changes a line after it is
        # recorded is its cancellation, by the application, with a reason.
        cancelling = self.filtered(lambda line: not line.cancelled) if vals.get("cancelled") else self.browse()
        res = super().write(vals)
        cancelling._log_on_funds(_("Cancelled:"), reason=vals.get("cancel_reason"))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _(
                "A line of the fund is never deleted: an allocation is cancelled with a reason, a payment or a cost "
                "with its decision or activity."
            )
        )

    def _log_on_funds(self, heading, reason=None):
        """One message per fund listing the lines: the fund's chatter is its ledger."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        by_fund = defaultdict(list)
        for line in self:
            by_fund[line.fund_id].append(line.id)
        for fund, line_ids in by_fund.items():
            lines = self.browse(line_ids)
            items = Markup("").join(
                Markup("<li>%s – %s: %s VND</li>")
                % (kinds.get(line.kind), line.description, formatLang(self.env, line.amount, digits=0))
                for line in lines
            )
            body = Markup("<p>%s</p><ul>%s</ul>") % (heading, items)
            if reason:
                body += Markup("<p>%s</p>") % _("Reason: %(reason)s", reason=reason)
            # A note, not a mail: the ledger is kept whoever records, e-mail address or not.
            fund._message_log(body=body)

    def action_cancel(self):
        """Ask TCCB for the reason an allocation is cancelled."""
        self.ensure_one()
        self._check_cancellable()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.fund.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Cancel an allocation"),
            "context": {"default_line_id": self.id},
        }

    def _check_cancellable(self):
        if not self.env.su and not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only TCCB may cancel a line of the reward fund."))
        for line in self:
            if line.kind != "allocation":
                raise UserError(
                    _(
                        "%(line)s: a reward payment is cancelled with its decision and an activity cost with its "
                        "activity.",
                        line=line.description,
                    )
                )
            if line.cancelled:
                raise UserError(_("%(line)s is already cancelled.", line=line.description))

    def _kttv_cancel(self, reason):
        """Cancel allocations with a reason; the fund's chatter keeps both."""
        self._check_cancellable()
        if not (reason or "").strip():
            raise UserError(_("Give the reason the allocation is cancelled."))
        self.sudo().write({"cancelled": True, "cancel_reason": reason})

    # ------------------------------------------------------------------
    # Reward payments of a decision
    # ------------------------------------------------------------------

    @api.model
    def _create_rewards(self, decision, registrations):
        """One payment line per exemplar a decision recognises: coefficient x base salary on its date.

        For titles, a subject is paid the highest title of a year only: what
        was already paid for a lower title of that year is deducted (titles
        of different periods and commendations are all paid, Decree 152 art.
        49(5)).  The arithmetic is in ``lib.rewards``; a constant number of
        queries whatever the number of exemplars: what was paid before, the
        base salary in force, the fund, one insert.
        """
        if not registrations:
            return self.browse()
        fund = self.env["kttv.reward.fund"]._get(decision.date.year, decision._fund_level())
        base = self.env["kttv.base.salary"].sudo()._amounts_on([decision.date])[decision.date]
        paid_titles = defaultdict(int)
        for line in self.sudo().search_fetch(
            [
                ("kind", "=", "reward"),
                ("cancelled", "=", False),
                ("title_id.kind", "=", "title"),
                ("decision_id.achievement_year", "=", decision.achievement_year),
                "|",
                ("employee_id", "in", registrations.employee_id.ids),
                ("department_id", "in", registrations.department_id.ids),
            ],
            ["employee_id", "department_id", "amount"],
        ):
            paid_titles[line.employee_id.id, line.department_id.id] += line.amount
        vals_list = []
        for registration in registrations:
            title = decision._title_for(registration)
            full = rewards.reward_amount(title._coefficient_for(registration.target), base)
            key = (registration.employee_id.id, registration.department_id.id)
            amount = rewards.top_up(paid_titles[key], full) if title.kind == "title" else full
            if title.kind == "title":
                paid_titles[key] += amount
            if amount <= 0:
                continue
            vals_list.append(
                {
                    "fund_id": fund.id,
                    "date": decision.date,
                    "kind": "reward",
                    "amount": amount,
                    "description": _(
                        "%(title)s – %(subject)s (decision %(number)s)",
                        title=title.name,
                        subject=registration._subject().display_name,
                        number=decision.number,
                    ),
                    "decision_id": decision.id,
                    "registration_id": registration.id,
                    "title_id": title.id,
                    "employee_id": registration.employee_id.id,
                    "department_id": registration.department_id.id,
                }
            )
        return self.sudo().create(vals_list)

    @api.model
    def _cancel_rewards(self, decisions, reason):
        """The payments of cancelled decisions: cancelled with the reason, kept in the fund."""
        lines = decisions.sudo().fund_line_ids.filtered(lambda line: not line.cancelled)
        if lines:
            lines.write({"cancelled": True, "cancel_reason": reason})
        return lines
