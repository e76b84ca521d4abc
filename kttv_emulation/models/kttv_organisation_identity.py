from odoo import _, api, fields, models
from odoo.exceptions import UserError


class KttvOrganisationIdentity(models.Model):
    """The organisation as it was named from a date on (tên gọi, thể thức của cơ quan).

    The 2025 reorganisation renamed the agency, its ministry, its symbol and
    the titles of its leaders; the next one will rename them again.  A
    numbered document keeps the identity in force on its date, so that a
    reprint never changes.
    """

    _name = "kttv.organisation.identity"
    _description = "Organisation identity"
    _order = "date_from desc, id desc"
    _rec_name = "agency_name"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    date_from = fields.Date("In force from", required=True)
    agency_name = fields.Char("Agency", required=True, help="e.g. Cục Khí tượng Thủy văn.")
    parent_authority = fields.Char(
        "Governing body", required=True, help="Printed above the agency's name, e.g. Bộ Nông nghiệp và Môi trường."
    )
    symbol = fields.Char(
        "Document symbol", required=True, help="The agency's symbol in document numbers, e.g. KTTV in 12/QĐ-KTTV."
    )
    parent_symbol = fields.Char(
        "Symbol of the governing body", help="The governing body's symbol, e.g. BNNMT, in its own decisions."
    )
    head_title = fields.Char("Title of the head", required=True, help="e.g. Cục trưởng.")
    deputy_title = fields.Char("Title of a deputy", required=True, help="e.g. Phó Cục trưởng.")
    staff_unit = fields.Char(
        "Staff unit for emulation",
        required=True,
        help="The unit that runs emulation and commendation work and proposes the decisions.",
    )
    staff_unit_symbol = fields.Char("Symbol of the staff unit", help="Used in the filing line, e.g. TCCB.")
    staff_unit_head_title = fields.Char(
        "Title of the staff unit's head",
        required=True,
        help="Printed in the last ground of a decision: Theo đề nghị của <this title>.",
    )
    sector_phrase = fields.Char(
        "Sector", help="The sector as written in plans and certificates, e.g. ngành Khí tượng Thủy văn."
    )
    place = fields.Char("Place of issue", required=True, default="Hà Nội")
    legal_basis = fields.Char(help="The text that gave the organisation this identity.")
    note = fields.Text(help="What to verify, where a name or a symbol is uncertain.")

    _sql_constraints = [
        (
            "date_unique",
            "unique(company_id, date_from)",
            "The organisation already has an identity from that date.",
        ),
    ]

    @api.model
    def _for_date(self, on_date, company=None):
        """The identity in force on ``on_date``; a clear error when there is none."""
        company = company or self.env.company
        identity = self.sudo().search(
            [("company_id", "=", company.id), ("date_from", "<=", on_date)], order="date_from desc", limit=1
        )
        if not identity:
            raise UserError(
                _(
                    "No identity of the organisation is in force on %(date)s: add it under Configuration.",
                    date=fields.Date.to_string(on_date),
                )
            )
        return identity

    @api.model
    def _for_dates(self, dates, company=None):
        """``{date: identity}`` for many dates, in one query."""
        company = company or self.env.company
        rows = self.sudo().search([("company_id", "=", company.id)], order="date_from desc")
        result = {}
        for on_date in set(dates):
            result[on_date] = next((row for row in rows if row.date_from <= on_date), self.browse())
        return result
