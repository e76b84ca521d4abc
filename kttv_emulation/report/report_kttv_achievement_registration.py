from odoo import api, models


class ReportKttvAchievementRegistration(models.AbstractModel):
    """The achievement report of an exemplar registration's candidate, individual or collective.

    It proposes the registration's title, and lists the history up to the
    last year its phase assesses: nothing of a later year.
    """

    _name = "report.kttv_emulation.report_achievement_registration"
    _inherit = "report.kttv_emulation.report_achievement_employee"
    _description = "Achievement report of an exemplar registration"
    _docs_model = "kttv.exemplar.registration"

    @api.model
    def _kttv_items(self, docs):
        # The registrations are read as the user: the record rules decide which ones they may print.
        docs.check_access("read")
        items = []
        for registration in docs:
            phase = registration.sudo().phase_id
            year = phase.assessed_year_to or (phase.date_end and phase.date_end.year) or None
            items.append((registration._subject(), registration.sudo().title_id, year))
        return items
