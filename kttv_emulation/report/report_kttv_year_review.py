from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError

from ..lib import year_forms

# What a printed list never shows: the proposals withdrawn, or refused by TCCB or the council.
NOT_LISTED = ("cancelled", "refused")


class KttvYearReviewReport(models.AbstractModel):
    """What the unit's year-end documents print: its nominations of a year, per unit and year.

    The nominations chosen in the list are grouped under the unit that
    proposes them (``lib.year_forms.reporting_unit``) and the year; each group
    is one document, its lines by title, in a constant number of queries.
    """

    _name = "kttv.year.review.report"
    _inherit = "kttv.report.mixin"
    _description = "Year-end review documents"
    _docs_model = "kttv.title.nomination"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        nominations = values["docs"].with_context(lang=values["doc_lang"])
        listed = nominations.filtered(lambda nomination: nomination.state not in NOT_LISTED)
        if not listed:
            raise UserError(self.env._("Nothing to print: the proposals chosen are all cancelled or refused."))
        values["sheets"] = self._sheets(listed, values["vn"])
        values["group_heading"] = year_forms.group_heading
        return values

    @api.model
    def _reporting_units(self, nominations):
        """``{nomination id: department}``: the unit each nomination is printed under (two queries)."""
        units = nominations.sudo().unit_id
        paths = {unit.id: year_forms.parent_path_ids(unit.parent_path) for unit in units}
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        on_path = Department.browse({department for path in paths.values() for department in path})
        unit_ids = set(on_path.filtered("kttv_is_unit").ids)
        return {
            nomination.id: Department.browse(year_forms.reporting_unit(paths.get(nomination.unit_id.id, []), unit_ids))
            for nomination in nominations
        }

    @api.model
    def _row(self, nomination):
        return {
            **self._subject_row(nomination),
            "nomination": nomination,
            "members": nomination.vote_members,
            "votes_for": nomination.vote_for,
            "percent": year_forms.percent_text(nomination.vote_percent) if nomination.vote_members else "",
            "vote": year_forms.vote_text(nomination.vote_for, nomination.vote_members),
            "conditions": dict(nomination._fields["condition_result"]._description_selection(nomination.env)).get(
                nomination.condition_result, ""
            ),
        }

    @api.model
    def _by_title(self, nominations):
        """``[(title, [rows])]``: the highest title first, collectives before individuals, then by name."""
        rows = [
            (nomination.title_id, self._row(nomination))
            for nomination in nominations.sorted(lambda n: (n.target != "collective", n._subject().name or ""))
        ]
        return year_forms.numbered(year_forms.by_title(rows, lambda title: title.rank, lambda title: title.name))

    @api.model
    def _counts(self, nominations):
        """(collectives, individuals) listed: each subject once, however many titles it is proposed for."""
        subjects = {(nomination.employee_id.id, nomination.department_id.id) for nomination in nominations}
        collectives = len([key for key in subjects if key[1]])
        return collectives, len(subjects) - collectives

    @api.model
    def _sheets(self, nominations, vn):
        units = self._reporting_units(nominations)
        groups = defaultdict(nominations.browse)
        for nomination in nominations:
            groups[units[nomination.id], nomination.year] |= nomination
        sheets = []
        for (unit, year), group in sorted(groups.items(), key=lambda item: (item[0][0].name or "", item[0][1])):
            dates = [date for date in group.mapped("date_submitted") if date]
            collectives, individuals = self._counts(group)
            members = [count for count in group.mapped("vote_members") if count]
            sheets.append(
                {
                    "unit": unit,
                    "year": year,
                    "date": max(dates) if dates else False,
                    "names": vn.unit_heading(unit, max(dates) if dates else None),
                    "head": vn.head(unit),
                    "chair_title": unit.sudo().manager_id.job_title or "",
                    "titles": self._by_title(group),
                    "collectives": collectives,
                    "individuals": individuals,
                    "attendees": max(members) if members else 0,
                }
            )
        return sheets


class ReportYearReviewMinutes(models.AbstractModel):
    _name = "report.kttv_emulation.report_year_review_minutes"
    _inherit = "kttv.year.review.report"
    _description = "Minutes of the unit's year-end review"


class ReportYearProposals(models.AbstractModel):
    _name = "report.kttv_emulation.report_year_proposals"
    _inherit = "kttv.year.review.report"
    _description = "The unit's list of proposals for the year's titles"
