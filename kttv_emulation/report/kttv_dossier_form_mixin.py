import re

from odoo import api, fields, models

# "Thông tư số 62/2025/TT-BNNMT của Bộ trưởng …" -> "Thông tư số 62/2025/TT-BNNMT"
CITED_NUMBER = re.compile(r"^(.*?\bsố\s+\S+)")


class KttvDossierFormMixin(models.AbstractModel):
    """Which statutory form a dossier print follows, named from the legal grounds in force.

    A form is the one of the text in force on the document's date
    (kttv.legal.ground, as data): its number is printed only for the text
    whose appendix was read (``_kttv_form_text`` below); for any other text in
    force, the form's heading alone, with that text.
    """

    _name = "kttv.dossier.form.mixin"
    _description = "Statutory form of a dossier print"

    # (kind of legal ground, piece of its text that identifies it, form number in its appendix)
    _kttv_form = ("decree", "", "")

    @api.model
    def _kttv_form_reference(self, on_date=None):
        """``Mẫu số 03, Phụ lục Thông tư số 62/2025/TT-BNNMT``, or ``Phụ lục Nghị định số 152/2025/NĐ-CP``."""
        kind, text_part, number = self._kttv_form
        on_date = on_date or fields.Date.context_today(self)
        grounds = (
            self.env["kttv.legal.ground"]
            .sudo()
            .search(
                [
                    ("kind", "=", kind),
                    ("authority", "=", "administration"),
                    ("date_from", "<=", on_date),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", on_date),
                ],
                limit=1,
            )
        )
        if not grounds:
            return ""
        match = CITED_NUMBER.match(grounds.text or "")
        cited = match.group(1) if match else grounds.text
        if number and text_part and text_part in (grounds.text or ""):
            return self.env._("Form No. %(number)s, appendix of %(text)s", number=number, text=cited)
        return self.env._("Appendix of %(text)s", text=cited)
