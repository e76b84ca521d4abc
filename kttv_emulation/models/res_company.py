from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # The organisation changes name (the 2025 reorganisation made the
    # Administration a Department of a new Ministry): data, never code.  The
    # documents print the dated identity (kttv.organisation.identity) in force
    # on their date; these fields are no longer read by them.
    kttv_parent_authority = fields.Char(
        "Governing body",
        help="Printed above the organisation's name in the heading of documents.",
    )
    kttv_organisation = fields.Char("Organisation")
    kttv_symbol = fields.Char(
        "Document symbol",
        help="Symbol of the organisation in document numbers, e.g. 12/QĐ-KTTV.",
    )
    kttv_place = fields.Char("Place of issue", default="Hà Nội")
    kttv_director_id = fields.Many2one(
        "res.users",
        string="Director General",
        help="Head of the organisation: signs recognition decisions and is asked to by activities.",
    )
    kttv_director_title = fields.Char("Title of the head")
    # Digital signatures (issue 16): the administrator's settings.
    kttv_require_digital_signature = fields.Boolean(
        "Require digital signatures",
        help="A decision of the Administration is signed only as a digitally signed PDF: with the signer's and "
        "the agency's signing configuration, or with a PDF signed elsewhere and verified.",
    )
    kttv_seal_image = fields.Binary(
        "Seal image", attachment=True, help="The agency's seal (PNG, red, transparent background), under its signature."
    )
    kttv_signing_configured = fields.Boolean(
        "Digital signatures configured", readonly=True, help="Set when a digital signature configuration exists."
    )
    kttv_registration_required = fields.Boolean(
        "Titles must be registered to be proposed at year end",
        help="A year-end nomination is accepted only for a subject and title of a submitted or accepted "
        "registration of the year.",
    )
    kttv_registration_deadline_days = fields.Integer(
        "Registration deadline (days into the year)",
        default=31,
        help="When the year's regular movement sets no deadline: units register by this day of the year "
        "(31: by 31 January).",
    )
