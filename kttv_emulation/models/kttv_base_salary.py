from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import rewards


class KttvBaseSalary(models.Model):
    """Dated table of the statutory base salary (mức lương cơ sở)."""

    _name = "kttv.base.salary"
    _description = "Base salary"
    _order = "date_from desc"
    _rec_name = "date_from"

    date_from = fields.Date("In force from", required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.ref("base.VND", raise_if_not_found=False) or self.env.company.currency_id,
    )
    legal_basis = fields.Char(help="The decree that sets it.")

    _sql_constraints = [
        ("date_unique", "unique(date_from)", "A base salary already starts on that date."),
        ("amount_positive", "check(amount > 0)", "A base salary must be positive."),
    ]

    @api.depends("date_from", "amount")
    def _compute_display_name(self):
        for row in self:
            amount = f"{row.amount:,.0f}"
            row.display_name = _("%(amount)s from %(date)s", amount=amount, date=row.date_from)

    @api.model
    def _amounts_on(self, dates):
        """``{date: base salary in force}`` for every date given, in one query.

        A clear error names a date no row covers.
        """
        dates = {fields.Date.to_date(on_date) for on_date in dates if on_date}
        if not dates:
            return {}
        rows = self.search_fetch([("date_from", "<=", max(dates))], ["date_from", "amount"])
        table = [(row.date_from, row.amount) for row in rows]
        amounts = {}
        for on_date in sorted(dates):
            try:
                amounts[on_date] = rewards.base_salary_on(table, on_date)
            except LookupError:
                raise UserError(
                    _("No base salary is in force on %(date)s: add it under Configuration.", date=on_date)
                ) from None
        return amounts

    @api.model
    def _amount_on(self, on_date):
        """Base salary in force on ``on_date``; a clear error when none is."""
        on_date = fields.Date.to_date(on_date)
        return self._amounts_on([on_date])[on_date]

    @api.model
    def _reward(self, title, target, on_date):
        """Reward of ``title`` for a subject of ``target`` decided on ``on_date``."""
        base = self._amount_on(on_date)
        return rewards.reward_amount(title._coefficient_for(target), base)
