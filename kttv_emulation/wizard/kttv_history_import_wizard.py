import datetime
from operator import attrgetter

from odoo import _, api, fields, models

from ..lib import xlsx_io
from ..lib.xlsx_io import Column

OFFICER = "kttv_emulation.group_emulation_officer"


class KttvSubjectResolver(models.AbstractModel):
    """Find employees, departments and titles named in a spreadsheet, in batch."""

    _name = "kttv.subject.resolver"
    _description = "Spreadsheet references"

    @api.model
    def _employees_by_code(self, codes):
        """Employees by the code the organisation gives them: the Employee code (số hiệu cán bộ)."""
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("kttv_code", "in", list(codes))], ["kttv_code", "department_id", "name"])
        )
        return {employee.kttv_code: employee for employee in employees}

    @api.model
    def _employees_by_code_or_name(self, keys):
        """``{key: employee | None (several) | False (none)}``: by Employee code, else by exact name.

        Two queries whatever the number of rows; a name two employees share
        is ambiguous (None), their code tells them apart.
        """
        keys = {key for key in keys if key}
        if not keys:
            return {}
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        read = ["kttv_code", "name", "department_id"]
        by_code = xlsx_io.indexed(
            Employee.search_fetch([("kttv_code", "in", list(keys))], read), attrgetter("kttv_code")
        )
        names = {xlsx_io.normalise(key) for key in keys} - set(by_code)
        by_name = {}
        if names:
            # Names compared after normalisation (case, spacing, Unicode form): candidates by a broad match.
            domain = ["|"] * (len(names) - 1) + [("name", "=ilike", name) for name in names]
            by_name = xlsx_io.indexed(Employee.search_fetch(domain, read), attrgetter("name"))
        return xlsx_io.matched(keys, by_code, by_name)

    @api.model
    def _departments(self, names):
        """Departments by their code, else by their exact name; a name shared by two is ambiguous."""
        departments = self.env["hr.department"].sudo().search_fetch([], ["name", "kttv_code"])
        return xlsx_io.matched(
            names,
            xlsx_io.indexed(departments, attrgetter("kttv_code")),
            xlsx_io.indexed(departments, attrgetter("name")),
        )

    @api.model
    def _titles(self, names):
        """Titles by code or by name (either language)."""
        # The catalog holds a few dozen titles; names are compared after normalisation, so no domain fits.
        titles = self.env["kttv.emulation.title"].with_context(active_test=False).search([])  # pylint: disable=no-search-all
        by_key = {}
        for title in titles:
            by_key[xlsx_io.normalise(title.code)] = title
            by_key[xlsx_io.normalise(title.name)] = title
        return {name: by_key.get(xlsx_io.normalise(name)) for name in names}

    @api.model
    def _my_units(self):
        """The departments the user manages, sub-departments included (all for TCCB)."""
        if self.env.user.has_group(OFFICER) or self.env.su:
            return None
        return self.env.user._kttv_managed_units()


class KttvHistoryImportWizard(models.TransientModel):
    """Yearly ratings and titles from a unit's spreadsheet.

    The history decides the criteria, so TCCB alone writes it (DESIGN section
    5); a unit officer downloads the template and checks a file before sending
    it to TCCB.
    """

    _name = "kttv.history.import.wizard"
    _inherit = ["kttv.xlsx.import.mixin"]
    _description = "Import ratings and titles"

    is_tccb = fields.Boolean("TCCB officer", compute="_compute_is_tccb")

    def action_import(self):
        self._check_tccb_imports(_("Only TCCB imports ratings and titles: check the file here, then send it to TCCB."))
        return super().action_import()

    def _columns(self):
        return (
            self._employee_code_column(),
            self._collective_column(_("For a collective: the unit's code or its exact name. Empty for an employee.")),
            Column("year", (_("Year"), "Year"), kind="year", required=True, width=8),
            self._rating_column(),
            Column(
                "title",
                (_("Title or commendation"), "Title or commendation"),
                note=_("Code or name of the title or commendation, as in the list."),
                width=30,
            ),
            Column("decision_number", (_("Decision number"), "Decision number")),
            Column("decision_date", (_("Decision date"), "Decision date"), kind="date", width=14),
            Column("authority", (_("Issuing authority"), "Issuing authority"), width=30),
            Column("note", (_("Note"), "Note")),
        )

    def _template_name(self):
        return _("Ratings and titles")

    def _window_title(self):
        return _("Import ratings and titles")

    def _template_example(self):
        return {
            "employee": "KT0001",
            "year": fields.Date.context_today(self).year - 1,
            "rating": self._rating_labels()["excellent"],
            "title": "Chiến sĩ thi đua cơ sở",
            "decision_number": "15/QĐ-TCKTTV",
            "decision_date": datetime.date(fields.Date.context_today(self).year, 1, 15),
            "authority": "Tổng cục trưởng Tổng cục Khí tượng Thủy văn",
        }

    def _choice_lists(self):
        # The whole (small) catalog becomes the drop-down list of the template.
        titles = self.env["kttv.emulation.title"].search([]).mapped("name")  # pylint: disable=no-search-all
        return {"rating": list(self._rating_labels().values()), "title": titles}

    def _resolve(self, rows):
        Resolver = self.env["kttv.subject.resolver"]
        refs = {
            "employees": Resolver._employees_by_code({v["employee"] for _n, v in rows if v["employee"]}),
            "departments": Resolver._departments({v["department"] for _n, v in rows if v["department"]}),
            "titles": Resolver._titles({v["title"] for _n, v in rows if v["title"]}),
            "my_units": Resolver._my_units(),
            "labels": self._labels(),
            "ratings": self._rating_labels(),
        }
        seen = {}  # what a row records, on the resolved subject: first row
        # What the first row gave: (subject, year) its rating, (subject, year, title) its decision.
        firsts = {"rating": {}, "decision": {}}
        issues, items = [], []
        for number, values in rows:
            title = None
            subject, issue = self._row_subject(number, values, refs)
            if not issue:
                title, issue = self._row_title(number, values, subject, refs)
            if not issue:
                # Rows that contradict each other are a conflict, even when
                # they name the same thing: checked before the repeats.
                issue = self._conflict(firsts, (number, values), subject, title, refs)
            if not issue:
                # A title is held once a year, a commendation once per decision;
                # a row with a rating only is the subject's rating of the year.
                decision = (values["decision_number"] or False) if title and title.kind != "title" else None
                identity = (subject._name, subject.id, values["year"], title.id if title else False, decision)
                labels = refs["labels"]
                columns = [labels["employee" if subject._name == "hr.employee" else "department"], labels["year"]]
                if title:
                    columns.append(labels["title"])
                if decision is not None:
                    columns.append(labels["decision_number"])
                issue = xlsx_io.repeated(seen, identity, number, ", ".join(columns))
            if issue:
                issues.append(issue)
            else:
                items.append((number, subject, title, values))
        return items, issues

    def _row_subject(self, number, values, refs):
        """The row's employee or unit, in the user's units: ``(subject, None)`` or ``(None, issue)``."""
        subject, issue = super()._row_subject(number, values, refs)
        issue = issue or self._outside_my_units(number, values, subject, refs)
        return (None, issue) if issue else (subject, None)

    def _row_title(self, number, values, subject, refs):
        """The row's title or commendation, if any: ``(title or None, None)`` or ``(None, issue)``."""
        label = refs["labels"]["title"]
        title = refs["titles"].get(values["title"]) if values["title"] else None
        if values["title"] and not title:
            return None, self._issue(
                number, label, _("no title or commendation is called %(title)s", title=values["title"])
            )
        target = "individual" if subject._name == "hr.employee" else "collective"
        if title and not title._applies_to(target):
            return None, self._issue(
                number, label, _("%(title)s is not given to this kind of subject", title=title.name)
            )
        if not title and not values["rating"]:
            return None, self._issue(
                number, f"{refs['labels']['rating']}, {label}", _("give a rating, a title, or both")
            )
        return title, None

    def _conflict(self, firsts, row, subject, title, refs):
        """The issue of a row that contradicts an earlier one, else None.

        A subject has one rating a year: two rows giving it two ratings for a
        year conflict on the rating. A title is given once a year, by one
        decision: two rows giving it with two decision numbers conflict on the
        decision number (two commendations by two decisions are two rows).
        """
        number, values = row
        issue = self._rating_conflict(firsts["rating"], number, values, subject, refs)
        if not issue and title and title.kind == "title":
            key = (subject._name, subject.id, values["year"], title.id)
            issue = xlsx_io.conflicting(
                firsts["decision"], key, number, refs["labels"]["decision_number"], values["decision_number"]
            )
            if issue:
                issue.params.update(
                    reason=_("%(title)s is given once a year, by one decision", title=title.name),
                    subject=subject.name,
                    year=values["year"],
                )
        return issue

    def _apply(self, items):
        """Ratings and achievements: created, updated or left as they are.

        Importing the same file twice changes nothing the second time. Rows
        were checked to agree: a subject's rating of a year is written once,
        however many rows repeat it. Existing records are read and written
        with the user's rights (the rows are in the user's units).
        """
        Achievement = self.env["kttv.achievement"]
        subjects = [(subject, values) for _n, subject, _t, values in items]
        held = {}  # a title is held once a year; a commendation once per decision
        for a in Achievement.search_fetch(
            self._subjects_domain(subjects),
            ["employee_id", "department_id", "year", "title_id", "kind", "decision_number"],
        ):
            key = (a.employee_id.id, a.department_id.id, a.year, a.title_id.id)
            held[key if a.kind == "title" else (*key, a.decision_number or False)] = a
        rated = self._apply_ratings(subjects)  # each row's rating: created, updated or unchanged
        new_achievements = []
        updated = unchanged = 0
        for (_number, subject, title, values), outcome_of_rating in zip(items, rated, strict=True):
            field = "employee_id" if subject._name == "hr.employee" else "department_id"
            key = (subject.id, False) if field == "employee_id" else (False, subject.id)
            outcome = outcome_of_rating
            if title:
                key = (*key, values["year"], title.id)
                if title.kind != "title":
                    key = (*key, values["decision_number"] or False)
                if key not in held:
                    held[key] = True
                    new_achievements.append(
                        {
                            field: subject.id,
                            "year": values["year"],
                            "title_id": title.id,
                            "decision_number": values["decision_number"],
                            "decision_date": values["decision_date"],
                            "authority": values["authority"],
                            "note": values["note"],
                            "source": "import",
                        }
                    )
                    outcome = "created" if outcome != "updated" else outcome
            updated += outcome == "updated"
            unchanged += outcome == "unchanged"
        Achievement.create(new_achievements)
        return _(
            "Imported %(rows)s rows: %(ratings)s ratings and %(achievements)s titles or commendations created, "
            "%(updated)s ratings updated, %(unchanged)s rows already up to date.",
            rows=len(items),
            ratings=rated.count("created"),
            achievements=len(new_achievements),
            updated=updated,
            unchanged=unchanged,
        )
