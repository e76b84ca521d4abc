from odoo import api, models

from ..lib import year_forms


class ReportTitleRegistration(models.AbstractModel):
    """The unit's registration list for the year (danh sách đăng ký thi đua), its lines by title."""

    _name = "report.kttv_emulation.report_title_registration"
    _inherit = "kttv.report.mixin"
    _description = "Unit's registration list for the year"
    _docs_model = "kttv.title.registration"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        registrations = values["docs"].with_context(lang=values["doc_lang"])
        values.update(
            group_heading=year_forms.group_heading,
            titles={registration.id: self._by_title(registration) for registration in registrations},
            counts={registration.id: self._counts(registration) for registration in registrations},
        )
        return values

    @api.model
    def _by_title(self, registration):
        lines = registration.line_ids.sorted(lambda line: (line.target != "collective", line._subject().name or ""))
        rows = []
        for line in lines:
            rows.append((line.title_id, {**self._subject_row(line), "note": line.note or ""}))
        return year_forms.numbered(year_forms.by_title(rows, lambda title: title.rank, lambda title: title.name))

    @api.model
    def _counts(self, registration):
        """(collectives, individuals) registered: each subject once, whatever the number of its titles."""
        subjects = {(line.employee_id.id, line.department_id.id) for line in registration.line_ids}
        collectives = len([key for key in subjects if key[1]])
        return collectives, len(subjects) - collectives
