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
    top_up_reason = fields.Char(
        "Reason of the top-up",
        readonly=True,
        copy=False,
        help="Why this payment completes an earlier one, e.g. the base salary in force on the decision's date "
        "was recorded after the decision was signed.",
    )

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
        "top_up_reason",
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
        bodies = {}
        # A decision pays hundreds of lines of a few amounts: each amount is formatted once.
        amounts = {}
        for fund, line_ids in by_fund.items():
            lines = self.browse(line_ids)
            for amount in set(lines.mapped("amount")) - amounts.keys():
                amounts[amount] = formatLang(self.env, amount, digits=0)
            items = Markup("").join(
                Markup("<li>%s – %s: %s VND</li>") % (kinds.get(line.kind), line.description, amounts[line.amount])
                for line in lines
            )
            body = Markup("<p>%s</p><ul>%s</ul>") % (heading, items)
            if reason:
                body += Markup("<p>%s</p>") % _("Reason: %(reason)s", reason=reason)
            bodies[fund.id] = body
        if bodies:
            # Notes, not mails: the ledger is kept whoever records, e-mail address or not.
            # One statement for every fund of the batch.
            self.env["kttv.reward.fund"].browse(bodies)._message_log_batch(bodies)

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
    def _paid_before(self, decision, registrations, exclude_decisions=None):
        """``{(employee id, department id): [(period, amount)]}``: the titles of the year already paid.

        Paid by a signed decision of this system (what its lines paid), or
        recorded from the history (imported or entered by hand): those count
        as paid at the rate of their decision's date.  Commendations are all
        paid and are not listed.  Three queries whatever the number of
        subjects.
        """
        year = decision.achievement_year
        return self._paid_before_years({year}, registrations, exclude_decisions=exclude_decisions)[year]

    @api.model
    def _paid_before_years(self, years, registrations, exclude_decisions=None):
        """``{year: {(employee id, department id): [(period, amount)]}}``: ``_paid_before`` for several years.

        The same three queries for all the years and subjects (the decisions
        of a list, each for its own year).
        """
        years = {year for year in years if year}
        paid = defaultdict(lambda: defaultdict(list))
        if not years:
            return paid
        subject_domain = [
            "|",
            ("employee_id", "in", registrations.employee_id.ids),
            ("department_id", "in", registrations.department_id.ids),
        ]
        exclude = (exclude_decisions or self.env["kttv.emulation.decision"]).ids
        for line in self.sudo().search(
            [
                ("kind", "=", "reward"),
                ("cancelled", "=", False),
                ("title_id.kind", "=", "title"),
                ("decision_id.achievement_year", "in", list(years)),
                ("decision_id", "not in", exclude),
                *subject_domain,
            ]
        ):
            # One year (a decision's own): known; several (a list): read with the decisions, once.
            year = next(iter(years)) if len(years) == 1 else line.decision_id.achievement_year
            period = rewards.counting_period(year, line.title_id.period_years or 1)
            paid[year][line.employee_id.id, line.department_id.id].append((period, line.amount))
        recorded = (
            self.env["kttv.achievement"]
            .sudo()
            .search(
                [("source", "!=", "decision"), ("kind", "=", "title"), ("year", "in", list(years)), *subject_domain]
            )
        )
        if recorded:

            def on_date(achievement):
                return achievement.decision_date or fields.Date.to_date(f"{achievement.year}-12-31")

            bases = self.env["kttv.base.salary"].sudo()._amounts_on({on_date(a) for a in recorded})
            for achievement in recorded:
                title = achievement.title_id
                amount = rewards.reward_amount(title._coefficient_for(achievement.target), bases[on_date(achievement)])
                period = rewards.counting_period(achievement.year, title.period_years or 1)
                paid[achievement.year][achievement.employee_id.id, achievement.department_id.id].append(
                    (period, amount)
                )
        return paid

    @api.model
    def _rewards_due_by_decision(self, decisions):
        """``{decision id: [(registration, title, amount due)]}``: ``_rewards_due`` of many decisions at once.

        One base salary lookup for all their dates, what was paid before read
        once for all their years and subjects (``_paid_before_years``): the
        decisions list shows what each would pay in a constant number of
        queries.  Each decision deducts what was paid before it, not what the
        others of the list would pay.
        """
        decisions = decisions.sudo()
        result = {}
        with_rows = decisions.filtered(lambda decision: decision.date and decision.registration_ids)
        if not with_rows:
            return result
        bases = self.env["kttv.base.salary"].sudo()._amounts_on(set(with_rows.mapped("date")))
        paid = self._paid_before_years(set(with_rows.mapped("achievement_year")), with_rows.registration_ids)
        for decision in with_rows:
            own = defaultdict(list, {key: list(rows) for key, rows in paid[decision.achievement_year].items()})
            result[decision.id] = self._rewards_due(
                decision, decision.registration_ids, base=bases[decision.date], paid=own
            )
        return result

    @api.model
    def _rewards_due(self, decision, registrations, base=None, exclude_decisions=None, paid=None):
        """``[(registration, title, amount due)]``: coefficient x base salary on the decision's date.

        Several titles of a subject are paid once only when they count the
        same period: what was already paid, or is recorded from the history,
        for a title of the same period is deducted; titles of different
        periods and commendations are all paid (Decree 152/2025 art. 49(5)).
        The arithmetic is in ``lib.rewards``.  ``paid``: what ``_paid_before``
        returns, when the caller read it for many decisions at once.
        """
        if base is None:
            base = self.env["kttv.base.salary"].sudo()._amounts_on([decision.date])[decision.date]
        if paid is None:
            paid = self._paid_before(decision, registrations, exclude_decisions=exclude_decisions)
        due = []
        for registration in registrations:
            title = decision._title_for(registration)
            full = rewards.reward_amount(title._coefficient_for(registration.target), base)
            if title.kind != "title":
                due.append((registration, title, full))
                continue
            key = (registration.employee_id.id, registration.department_id.id)
            period = rewards.counting_period(decision.achievement_year, title.period_years or 1)
            amount = rewards.due_for_period(full, period, paid[key])
            paid[key].append((period, amount))
            due.append((registration, title, amount))
        return due

    @api.model
    def _create_rewards(self, decision, registrations):
        """One payment line per exemplar a decision recognises (``_rewards_due``).

        A constant number of queries whatever the number of exemplars: what
        was paid or recorded before, the base salary in force, the fund, one
        insert.
        """
        if not registrations:
            return self.browse()
        fund = self.env["kttv.reward.fund"]._get(decision.date.year, decision._fund_level())
        vals_list = []
        for registration, title, amount in self._rewards_due(decision, registrations):
            if amount <= 0:
                continue
            description = _(
                "%(title)s – %(subject)s (decision %(number)s)",
                title=title.name,
                subject=registration._subject().display_name,
                number=decision.number,
            )
            vals_list.append(
                self._payment_vals(
                    fund, decision, registration, title, amount=amount, date=decision.date, description=description
                )
            )
        return self.sudo().create(vals_list)

    @api.model
    def _payment_vals(self, fund, decision, registration, title, *, amount, date, description):
        """The values of one reward payment of ``decision`` to ``registration``'s subject."""
        return {
            "fund_id": fund.id,
            "date": date,
            "kind": "reward",
            "amount": amount,
            "description": description,
            "decision_id": decision.id,
            "registration_id": registration.id,
            "title_id": title.id,
            "employee_id": registration.employee_id.id,
            "department_id": registration.department_id.id,
        }

    @api.model
    def _shortfalls(self, decisions):
        """``{decision: [(registration, title, difference)]}``: what signed decisions paid short.

        A decision signed before the base salary of its date was recorded
        (e.g. dated from 1/7/2026, signed at 2,340,000) paid less than is due
        today: the difference, per exemplar, against what its lines paid.
        """
        result = {}
        signed = decisions.sudo().filtered(lambda decision: decision.state == "signed")
        if not signed:
            return result
        bases = self.env["kttv.base.salary"].sudo()._amounts_on(signed.mapped("date"))
        for decision in signed:
            lines = decision.fund_line_ids.filtered(lambda line: line.kind == "reward" and not line.cancelled)
            paid = defaultdict(int)
            for line in lines:
                paid[line.registration_id.id] += line.amount
            # What is due, had the decision been signed today (its own lines left aside).
            due = self._rewards_due(
                decision, decision.registration_ids, base=bases[decision.date], exclude_decisions=decision
            )
            short = [
                (registration, title, amount - paid[registration.id])
                for registration, title, amount in due
                if amount - paid[registration.id] > 0
            ]
            if short:
                result[decision] = short
        return result

    @api.model
    def _create_top_ups(self, decisions):
        """A top-up line on the fund for every exemplar a signed decision paid short, with its reason."""
        vals_list = []
        for decision, short in self._shortfalls(decisions).items():
            fund = self.env["kttv.reward.fund"]._get(decision.date.year, decision._fund_level())
            base = (
                self.env["kttv.base.salary"]
                .sudo()
                .search([("date_from", "<=", decision.date)], order="date_from desc", limit=1)
            )
            reason = _(
                "Base salary of %(amount)s VND in force on %(date)s (%(basis)s): the difference with what decision "
                "%(number)s paid.",
                amount=formatLang(self.env, base.amount, digits=0),
                date=fields.Date.to_string(base.date_from),
                basis=base.legal_basis or "",
                number=decision.number,
            )
            for registration, title, amount in short:
                description = _(
                    "Top-up: %(title)s – %(subject)s (decision %(number)s)",
                    title=title.name,
                    subject=registration._subject().display_name,
                    number=decision.number,
                )
                today = fields.Date.context_today(self)
                vals_list.append(
                    {
                        **self._payment_vals(
                            fund, decision, registration, title, amount=amount, date=today, description=description
                        ),
                        "top_up_reason": reason,
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
