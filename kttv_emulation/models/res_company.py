from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # The organisation changes name (the 2025 reorganisation made the
    # Administration a Department of a new Ministry): data, never code.
    kttv_parent_authority = fields.Char(
        "Governing body",
        default="Bộ Tài nguyên và Môi trường",
        help="Printed above the organisation's name in the heading of documents.",
    )
    kttv_organisation = fields.Char("Organisation", default="Tổng cục Khí tượng Thủy văn")
    kttv_symbol = fields.Char(
        "Document symbol",
        default="TCKTTV",
        help="Symbol of the organisation in document numbers, e.g. 12/QĐ-TCKTTV.",
    )
    kttv_place = fields.Char("Place of issue", default="Hà Nội")
    kttv_director_id = fields.Many2one(
        "res.users",
        string="Director General",
        help="Head of the organisation: signs recognition decisions and is asked to by activities.",
    )
    kttv_director_title = fields.Char("Title of the head", default="Tổng cục trưởng")
