from odoo import _, api, models
from odoo.exceptions import UserError

from ..lib import vn_format


class KttvDocumentTools:
    """What the templates need to write a Vietnamese administrative document."""

    def __init__(self, company):
        self.company = company

    def place_date(self, value):
        return vn_format.place_date(self.company.kttv_place or "", value)

    def money(self, amount):
        return vn_format.money(amount)

    def number(self, number, symbol=""):
        return vn_format.number_symbol(number, symbol)

    @staticmethod
    def upper(text):
        return (text or "").upper()


class KttvReportMixin(models.AbstractModel):
    """Values shared by every printed document of the addon."""

    _name = "kttv.report.mixin"
    _description = "Emulation printed documents"
    _docs_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        company = self.env.company
        # Administrative documents are Vietnamese whoever prints them.
        lang = "vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else self.env.lang
        return {
            "doc_ids": docids,
            "doc_model": self._docs_model,
            "docs": self.env[self._docs_model].browse(docids),
            "company": company,
            "doc_lang": lang,
            "vn": KttvDocumentTools(company),
        }


class ReportUnitRegistrations(models.AbstractModel):
    _name = "report.kttv_emulation.report_unit_registrations"
    _inherit = "kttv.report.mixin"
    _description = "Unit registration list"
    _docs_model = "kttv.unit.plan"


class ReportDecision(models.AbstractModel):
    _name = "report.kttv_emulation.report_decision"
    _inherit = "kttv.report.mixin"
    _description = "Recognition decision"
    _docs_model = "kttv.emulation.decision"


class ReportCertificate(models.AbstractModel):
    _name = "report.kttv_emulation.report_certificate"
    _inherit = "kttv.report.mixin"
    _description = "Exemplar certificate"
    _docs_model = "kttv.exemplar.registration"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        not_recognised = values["docs"].filtered(lambda r: not r._recognition_decision())
        if not_recognised:
            raise UserError(
                _(
                    "Only a recognised exemplar gets a certificate: %(names)s.",
                    names=", ".join(not_recognised.mapped("display_name")),
                )
            )
        return values


class ReportMinistryProposal(models.AbstractModel):
    _name = "report.kttv_emulation.report_ministry_proposal"
    _inherit = "kttv.report.mixin"
    _description = "Proposal to the Ministry"
    _docs_model = "kttv.ministry.proposal"


class ReportEmployeeHistory(models.AbstractModel):
    _name = "report.kttv_emulation.report_employee_history"
    _inherit = "kttv.report.mixin"
    _description = "Achievement history of an employee"
    _docs_model = "hr.employee"


class ReportEmployeePublicHistory(models.AbstractModel):
    _name = "report.kttv_emulation.report_employee_public_history"
    _inherit = "kttv.report.mixin"
    _description = "Achievement history of an employee (public profile)"
    _docs_model = "hr.employee.public"


class ReportDepartmentHistory(models.AbstractModel):
    _name = "report.kttv_emulation.report_department_history"
    _inherit = "kttv.report.mixin"
    _description = "Achievement history of a department"
    _docs_model = "hr.department"


class ReportPlanReview(models.AbstractModel):
    _name = "report.kttv_emulation.report_plan_review"
    _inherit = "kttv.report.mixin"
    _description = "Phase review report"
    _docs_model = "kttv.plan.review"
