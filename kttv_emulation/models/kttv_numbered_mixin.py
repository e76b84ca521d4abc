from odoo import _, api, fields, models
from odoo.exceptions import UserError

NEW = "/"


class KttvNumberedMixin(models.AbstractModel):
    """A document numbered by year (Decree 30/2020): ``/`` until it is issued.

    The inheriting model has ``number`` and ``date`` fields and says, in
    ``_number_taken``, which other documents share its numbering.
    """

    _name = "kttv.numbered.mixin"
    _description = "Document numbered by year"

    number_entry = fields.Char(
        "Number and symbol",
        compute="_compute_number_entry",
        inverse="_inverse_number_entry",
        help="Leave empty to take the next number of the year when the document is issued.",
    )

    @api.model
    def _clean_number(self, value):
        return (value or "").strip() or NEW

    @api.model
    def _number_vals(self, vals):
        """``vals`` with the number typed in ``number_entry`` as the number, cleaned."""
        vals = dict(vals)
        if "number_entry" in vals:
            vals["number"] = vals.pop("number_entry")
        if "number" in vals:
            vals["number"] = self._clean_number(vals["number"])
        return vals

    @api.depends("number")
    def _compute_number_entry(self):
        for document in self:
            document.number_entry = document.number if document.number != NEW else False

    def _inverse_number_entry(self):
        for document in self:
            document.number = self._clean_number(document.number_entry)

    @api.depends("number")
    def _compute_display_name(self):
        for document in self:
            document.display_name = document.number if document.number and document.number != NEW else _("New")

    def _number_taken(self, number):
        """Whether another document of this one's numbering already holds ``number``."""
        raise NotImplementedError

    def _next_free_number(self, sequence_code, kind):
        """The next number of the year of the document's date, e.g. ``07/QĐ-TCKTTV``.

        A number typed by hand may already hold the sequence's next value: it
        is skipped, as the gapless sequence moves on.
        """
        self.ensure_one()
        symbol = self.env.company.kttv_symbol or ""
        Sequence = self.env["ir.sequence"].sudo()
        for _attempt in range(1000):
            value = Sequence.next_by_code(sequence_code, sequence_date=self.date)
            if not value:
                raise UserError(
                    _("The numbering of %(documents)s is missing: reinstall its sequence.", documents=self._description)
                )
            number = f"{value}/{kind}-{symbol}"
            if not self._number_taken(number):
                return number
        raise UserError(
            _(
                "No free number was found for %(documents)s in %(year)s.",
                documents=self._description,
                year=self.date.year,
            )
        )
