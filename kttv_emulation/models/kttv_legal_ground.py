from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("law", "Law"),
    ("decree", "Decree"),
    ("circular", "Circular"),
    ("functions", "Functions of the agency"),
    ("other", "Other"),
]


class KttvLegalGround(models.Model):
    """A ground (căn cứ) a decision cites, in force between two dates.

    Decree 30/2020 lists the grounds of a decision from the highest text
    down: the law, the decree with its full title, the ministry's circular,
    the decision on the agency's functions.  They change with the law and
    the organisation: data, never code.
    """

    _name = "kttv.legal.ground"
    _description = "Legal ground of decisions"
    _order = "sequence, date_from, id"

    sequence = fields.Integer(default=10)
    kind = fields.Selection(KINDS, required=True, default="law")
    authority = fields.Selection(
        [("administration", "Administration"), ("ministry", "Ministry")],
        required=True,
        default="administration",
        help="Whose decisions cite it: the agency's own, or the Ministry's.",
    )
    text = fields.Text(
        required=True,
        help='The text cited, without "Căn cứ" and the final punctuation, which the decision prints, e.g. '
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022.",
    )
    date_from = fields.Date("In force from", required=True)
    date_to = fields.Date("In force until", help="Last day it is cited; empty while it is in force.")
    note = fields.Char(help="Source, and what to verify.")
    active = fields.Boolean(default=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for ground in self:
            if ground.date_to and ground.date_to < ground.date_from:
                raise ValidationError(_("%(ground)s: it cannot end before it starts.", ground=ground.text))

    @api.model
    def _lines_for(self, on_date, authority="administration"):
        """The texts of the grounds in force on ``on_date``, in their order."""
        grounds = self.sudo().search(
            [
                ("authority", "=", authority),
                ("date_from", "<=", on_date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", on_date),
            ]
        )
        return grounds.mapped("text")
