from odoo import api, models


class ReportKttvAchievementNomination(models.AbstractModel):
    """The achievement report of a title nomination (the titles of the year): its title, up to its year."""

    _name = "report.kttv_emulation.report_achievement_nomination"
    _inherit = "report.kttv_emulation.report_achievement_employee"
    _description = "Achievement report of a title nomination"
    _docs_model = "kttv.title.nomination"

    @api.model
    def _kttv_items(self, docs):
        docs.check_access("read")
        return [(nomination._subject(), nomination.sudo().title_id, nomination.year) for nomination in docs]
