from odoo import models

from ..lib import pdf_pages


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _kttv_report_action(self, docs):
        """``report_action`` as a public method of the addon returns it: without its None values.

        XML-RPC carries no None, and Odoo leaves the action's ``data`` None
        when none is given; the web client reads a missing key the same.
        """
        return {key: value for key, value in self.report_action(docs).items() if value is not None}

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **kwargs):
        """The addon's documents numbered as Decree 30/2020 wants, whatever build of wkhtmltopdf made them.

        Only the documents whose template marks the start of a numbering
        (``kttv_emulation.page_numbering``) are touched: every other report
        comes back as wkhtmltopdf made it.
        """
        pdf_content = super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **kwargs)
        report = self._get_report(report_ref) if report_ref else self
        if report and (report.report_name or "").startswith("kttv_emulation."):
            return pdf_pages.number_pages(pdf_content)
        return pdf_content
