from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..lib import xlsx_io
from ..lib.xlsx_io import Column

OFFICER = "kttv_emulation.group_emulation_officer"


class KttvAnnualRatingImportWizard(models.TransientModel):
    """The year's ratings (đánh giá, xếp loại) from a spreadsheet: one row per employee or collective and year.

    The ratings decide the titles, so TCCB writes them (the model's access
    rights); a unit officer checks their units' file here before sending it.
    """

    _name = "kttv.annual.rating.import.wizard"
    _inherit = ["kttv.year.import.mixin"]
    _description = "Import annual ratings"

    is_tccb = fields.Boolean("TCCB officer", compute="_compute_is_tccb")

    @api.depends_context("uid")
    def _compute_is_tccb(self):
        self.is_tccb = self.env.user.has_group(OFFICER)

    def action_import(self):
        if not self.env.su and not self.env.user.has_group(OFFICER):
            raise AccessError(_("Only TCCB imports the ratings: check the file here, then send it to TCCB."))
        return super().action_import()

    def _columns(self):
        return (
            Column(
                "employee",
                (_("Employee (code or name)"), "Employee (code or name)"),
                kind="code",
                note=_(
                    "The Employee code shown on the employee form, or the employee's full name. Empty for a collective."
                ),
                width=28,
            ),
            Column(
                "department",
                (_("Collective (code or name)"), "Collective (code or name)"),
                note=_("For a collective: the unit's code or its exact name. Empty for an employee."),
                width=32,
            ),
            Column("year", (_("Year"), "Year"), kind="year", required=True, width=8),
            Column(
                "rating",
                (_("Rating"), "Rating"),
                kind="choice",
                required=True,
                choices=self._choice(("kttv.annual.rating", "rating")),
                width=30,
            ),
            Column("note", (_("Note"), "Note"), width=30),
        )

    def _template_name(self):
        return _("Annual ratings")

    def _window_title(self):
        return _("Import annual ratings")

    def _template_example(self):
        ratings = dict(self.env["kttv.annual.rating"]._fields["rating"]._description_selection(self.env))
        return {"employee": "KT0001", "year": fields.Date.context_today(self).year, "rating": ratings["excellent"]}

    def _choice_lists(self):
        selection = self.env["kttv.annual.rating"]._fields["rating"]._description_selection(self.env)
        return {"rating": [label for _key, label in selection]}

    def _resolve(self, rows):
        Resolver = self.env["kttv.subject.resolver"]
        refs = {
            "people": Resolver._employees_by_code_or_name({v["employee"] for _n, v in rows if v["employee"]}),
            "departments": Resolver._departments({v["department"] for _n, v in rows if v["department"]}),
            "my_units": Resolver._my_units(),
            "labels": {column.key: column.labels[0] for column in self._columns()},
            "ratings": dict(self.env["kttv.annual.rating"]._fields["rating"]._description_selection(self.env)),
        }
        seen, firsts = {}, {}
        items, issues = [], []
        for number, values in rows:
            subject, issue = self._row_subject(number, values, refs)
            if not issue and refs["my_units"] is not None and self._subject_unit(subject) not in refs["my_units"]:
                issue = self._issue(
                    number,
                    self._subject_column(values, refs),
                    _("%(subject)s is not in your units", subject=subject.name),
                )
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

    def _rating_conflict(self, firsts, number, values, subject, refs):
        """Two rows giving one subject two ratings for a year: the later one, with both values named."""
        key = (subject._name, subject.id, values["year"])
        issue = xlsx_io.conflicting(firsts, key, number, refs["labels"]["rating"], values["rating"])
        if issue:
            names = refs["ratings"]
            issue.params.update(
                value=names.get(issue.params["value"], issue.params["value"]),
                other=names.get(issue.params["other"], issue.params["other"]),
                reason=_("a subject has one rating a year"),
                subject=subject.name,
                year=values["year"],
            )
        return issue

    def _apply(self, items):
        """Ratings created, or updated where they changed; the same file again changes nothing."""
        Rating = self.env["kttv.annual.rating"]
        employees = [subject.id for subject, _v in items if subject._name == "hr.employee"]
        departments = [subject.id for subject, _v in items if subject._name == "hr.department"]
        years = list({values["year"] for _s, values in items})
        existing = {
            (rating.employee_id.id, rating.department_id.id, rating.year): rating
            for rating in Rating.search_fetch(
                [("year", "in", years), "|", ("employee_id", "in", employees), ("department_id", "in", departments)],
                ["employee_id", "department_id", "year", "rating"],
            )
        }
        create, updated = [], 0
        for subject, values in items:
            field = "employee_id" if subject._name == "hr.employee" else "department_id"
            key = (subject.id, False, values["year"]) if field == "employee_id" else (False, subject.id, values["year"])
            rating = existing.get(key)
            if not rating:
                create.append(
                    {field: subject.id, "year": values["year"], "rating": values["rating"], "note": values["note"]}
                )
            elif rating.rating != values["rating"]:
                rating.write({"rating": values["rating"]})
                updated += 1
        Rating.create(create)
        return _(
            "Imported %(rows)s rows: %(created)s ratings created, %(updated)s updated, %(unchanged)s already up to "
            "date.",
            rows=len(items),
            created=len(create),
            updated=updated,
            unchanged=len(items) - len(create) - updated,
        )
