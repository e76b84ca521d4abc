from odoo import api, models


class ReportKttvAchievementDepartment(models.AbstractModel):
    """The collective's achievement report (báo cáo thành tích của tập thể), from the unit's history.

    Decree 152/2025/NĐ-CP, appendix: "Báo cáo thành tích đề nghị khen thưởng
    công trạng cho tập thể", laid out as Decree 98/2023's form for a collective.
    """

    _name = "report.kttv_emulation.report_achievement_department"
    _inherit = "report.kttv_emulation.report_achievement_employee"
    _description = "Achievement report of a collective"
    _docs_model = "hr.department"

    @api.model
    def _kttv_items(self, docs):
        Title = self.env["kttv.emulation.title"]
        return [(doc, Title, None) for doc in docs]
