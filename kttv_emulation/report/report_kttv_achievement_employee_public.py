from odoo import api, models


class ReportKttvAchievementEmployeePublic(models.AbstractModel):
    """The individual's achievement report printed from the employee form of users without HR rights."""

    _name = "report.kttv_emulation.report_achievement_employee_public"
    _inherit = "report.kttv_emulation.report_achievement_employee"
    _description = "Achievement report of an individual (public employee form)"
    _docs_model = "hr.employee.public"

    @api.model
    def _kttv_items(self, docs):
        # Public employees share the employees' ids.
        return super()._kttv_items(self.env["hr.employee"].browse(docs.ids))
