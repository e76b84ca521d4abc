from odoo import _, fields, models

from ..lib import xlsx_io
from ..lib.xlsx_io import Column


class KttvAnnualRatingImportWizard(models.TransientModel):
    """The year's ratings (đánh giá, xếp loại) from a spreadsheet: one row per employee or collective and year.

    The ratings decide the titles, so TCCB writes them (the model's access
    rights); a unit officer checks their units' file here before sending it.
    """

    _name = "kttv.annual.rating.import.wizard"
    _inherit = ["kttv.year.import.mixin"]
    _description = "Import annual ratings"

    is_tccb = fields.Boolean("TCCB officer", compute="_compute_is_tccb")

    def action_import(self):
        self._check_tccb_imports(_("Only TCCB imports the ratings: check the file here, then send it to TCCB."))
        return super().action_import()

    def _columns(self):
        return (
            self._person_column(),
            self._collective_column(_("For a collective: the unit's code or its exact name. Empty for an employee.")),
            Column("year", (_("Year"), "Year"), kind="year", required=True, width=8),
            self._rating_column(required=True),
            Column("note", (_("Note"), "Note"), width=30),
        )

    def _template_name(self):
        return _("Annual ratings")

    def _window_title(self):
        return _("Import annual ratings")

    def _template_example(self):
        ratings = self._rating_labels()
        return {"employee": "KT0001", "year": fields.Date.context_today(self).year, "rating": ratings["excellent"]}

    def _choice_lists(self):
        return {"rating": list(self._rating_labels().values())}

    def _resolve(self, rows):
        Resolver = self.env["kttv.subject.resolver"]
        refs = {
            "people": Resolver._employees_by_code_or_name({v["employee"] for _n, v in rows if v["employee"]}),
            "departments": Resolver._departments({v["department"] for _n, v in rows if v["department"]}),
            "my_units": Resolver._my_units(),
            "labels": self._labels(),
            "ratings": self._rating_labels(),
        }
        seen, firsts = {}, {}
        items, issues = [], []
        for number, values in rows:
            subject, issue = self._row_subject(number, values, refs)
            if not issue:
                issue = self._outside_my_units(number, values, subject, refs)
            if not issue:
                issue = self._rating_conflict(firsts, number, values, subject, refs)
            if not issue:
                column = f"{self._subject_column(values, refs)}, {refs['labels']['year']}"
                issue = xlsx_io.repeated(seen, (subject._name, subject.id, values["year"]), number, column)
            if issue:
                issues.append(issue)
            else:
                items.append((subject, values))
        return items, issues

    def _apply(self, items):
        """Ratings created, or updated where they changed; the same file again changes nothing."""
        outcomes = self._apply_ratings(items)
        return _(
            "Imported %(rows)s rows: %(created)s ratings created, %(updated)s updated, %(unchanged)s already up to "
            "date.",
            rows=len(items),
            created=outcomes.count("created"),
            updated=outcomes.count("updated"),
            unchanged=outcomes.count("unchanged"),
        )
