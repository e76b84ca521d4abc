from odoo import api, models


class ReportKttvUnitProposal(models.AbstractModel):
    """The unit's proposal (tờ trình) of the exemplars it nominated for a phase, with their list.

    Thông tư 62/2025/TT-BNNMT, appendix, Mẫu số 01 "Tờ trình đề nghị khen
    thưởng của cơ quan, đơn vị hoặc cụm, khối thi đua" (the form Decree
    152/2025/NĐ-CP's dossiers open with; the number inferred from the
    appendix's list, which it opens, and whose Mẫu số 03 is the minutes).  The Administration's own proposal
    to the Ministry is the ministry proposal's print; this is the unit's, to
    the head of the Administration through its council.  Listed and counted:
    the dossiers the unit nominated, never a cancelled one.
    """

    _name = "report.kttv_emulation.report_unit_proposal"
    _inherit = ["kttv.report.mixin", "kttv.dossier.form.mixin"]
    _kttv_form = ("circular", "62/2025/TT-BNNMT", "01")
    _description = "Unit's proposal of its exemplars"
    _docs_model = "kttv.unit.plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        plans = values["docs"]
        plans.check_access("read")
        proposed = {}
        for plan in plans:
            registrations = plan.registration_ids.filtered(
                lambda r: r.date_nominated and r.state not in ("draft", "cancelled")
            )
            proposed[plan.id] = registrations.sorted(
                lambda r: (r.target != "collective", r._subject().name or "", r.id)
            )
        values["proposed"] = proposed
        forms = self.with_context(lang=values["doc_lang"])
        references = {date: forms._kttv_form_reference(date) for date in set(plans.mapped("date_submitted"))}
        values["form_references"] = {plan.id: references[plan.date_submitted] for plan in plans}
        return values
