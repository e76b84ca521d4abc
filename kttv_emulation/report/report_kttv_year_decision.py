from odoo import api, models

from ..lib import year_forms


class ReportDecision(models.AbstractModel):
    """The decision also awards the year's titles (kttv.title.nomination): its annex lists them by title."""

    _inherit = "report.kttv_emulation.report_decision"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        decisions = values["docs"].with_context(lang=values["doc_lang"])
        values["year_titles"] = self._year_title_rows(decisions)
        values["group_heading"] = year_forms.group_heading
        return values

    @api.model
    def _year_title_rows(self, decisions):
        """``{decision id: {"groups": [(title, [rows])], "collectives", "individuals", "total"}}``.

        The titles of the year it awards, the highest first, numbered across.

        The reward paid once signed (its fund lines), due before: a constant
        number of queries per decision whatever the number of titles.
        """
        Lines = self.env["kttv.reward.fund.line"].sudo()
        result = {}
        for decision in decisions:
            nominations = decision.nomination_ids.sudo().sorted(
                lambda n: (n.target != "collective", n._subject().name or "")
            )
            if not nominations:
                result[decision.id] = {"groups": [], "collectives": 0, "individuals": 0, "total": 0}
                continue
            if decision.state == "signed":
                paid = {}
                for line in decision.sudo().fund_line_ids:
                    if line.kind == "reward" and not line.cancelled and not line.registration_id:
                        key = (line.employee_id.id, line.department_id.id, line.title_id.id)
                        paid[key] = paid.get(key, 0) + line.amount
                amounts = {
                    nomination.id: paid.get(
                        (nomination.employee_id.id, nomination.department_id.id, decision._title_for(nomination).id), 0
                    )
                    for nomination in nominations
                }
            elif decision.date:
                amounts = {
                    nomination.id: amount for nomination, _title, amount in Lines._rewards_due(decision, nominations)
                }
            else:
                amounts = {}
            rows = []
            for nomination in nominations:
                rows.append(
                    (
                        decision._title_for(nomination),
                        {**self._subject_row(nomination), "amount": amounts.get(nomination.id, 0)},
                    )
                )
            subjects = {(nomination.employee_id.id, nomination.department_id.id) for nomination in nominations}
            collectives = len([key for key in subjects if key[1]])
            result[decision.id] = {
                "groups": year_forms.numbered(
                    year_forms.by_title(rows, lambda title: title.rank, lambda title: title.name)
                ),
                "collectives": collectives,
                "individuals": len(subjects) - collectives,
                "total": sum(amounts.values()),
            }
        return result
