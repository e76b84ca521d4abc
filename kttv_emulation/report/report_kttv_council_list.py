from odoo import api, models
from odoo.exceptions import UserError

from ..lib import year_forms
from .report_kttv_year_review import NOT_LISTED


class ReportCouncilNominations(models.AbstractModel):
    """The consolidated list of the year's proposals put before a council session (danh sách tổng hợp)."""

    _name = "report.kttv_emulation.report_council_nominations"
    _inherit = "kttv.report.mixin"
    _description = "Consolidated list of the proposals before the council"
    _docs_model = "kttv.council.session"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        sessions = values["docs"].with_context(lang=values["doc_lang"])
        Review = self.env["kttv.year.review.report"]
        listed = {
            session.id: session.nomination_ids.filtered(lambda nomination: nomination.state not in NOT_LISTED)
            for session in sessions
        }
        empty = sessions.filtered(lambda session: not listed[session.id])
        if empty:
            raise UserError(
                self.env._("%(session)s has no proposal of the year's titles to list.", session=empty[0].display_name)
            )
        vn = values["vn"]
        values.update(
            group_heading=year_forms.group_heading,
            titles={session.id: Review._by_title(listed[session.id]) for session in sessions},
            counts={session.id: Review._counts(listed[session.id]) for session in sessions},
            years={
                session.id: ", ".join(str(year) for year in sorted(set(listed[session.id].mapped("year"))))
                for session in sessions
            },
            identities={session.id: vn.identity(session.date) for session in sessions},
            secretaries={
                session.id: session.secretary_id.sudo().employee_id.name or session.secretary_id.sudo().name or ""
                for session in sessions
            },
        )
        return values
