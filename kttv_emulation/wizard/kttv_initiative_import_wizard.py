from odoo import Command, _, api, models

from ..lib import xlsx_io, year_forms
from ..lib.xlsx_io import Column

OFFICER = "kttv_emulation.group_emulation_officer"
# The columns that record a recognition: TCCB's to fill in (the unit proposes, it does not decide).
RECOGNITION_COLUMNS = ("scope", "decision_number", "decision_date", "decision_authority")


class KttvInitiativeImportWizard(models.TransientModel):
    """Initiatives and research projects from a spreadsheet: one row each, its authors and shares in one cell.

    They are created as drafts, to be submitted and recognised as any
    other; TCCB may record a recognition already decided (scope, decision).
    """

    _name = "kttv.initiative.import.wizard"
    _inherit = ["kttv.year.import.mixin"]
    _description = "Import initiatives"

    def _columns(self):
        return (
            Column("name", (_("Title of the initiative"), "Title of the initiative"), required=True, width=40),
            Column(
                "kind",
                (_("Kind"), "Kind"),
                kind="choice",
                choices=self._choice(("kttv.initiative", "kind")),
                note=_("Initiative or research project; empty for an initiative."),
                width=20,
            ),
            Column(
                "department",
                (_("Unit (code or name)"), "Unit (code or name)"),
                required=True,
                note=_("The unit that applies the initiative: its code or its exact name."),
                width=32,
            ),
            Column("year", (_("Year"), "Year"), kind="year", required=True, width=8),
            Column("field", (_("Field"), "Field"), width=24),
            Column(
                "authors",
                (_("Authors and shares"), "Authors and shares"),
                required=True,
                note=_(
                    "Each author's Employee code (or full name) and share in percent, separated by semicolons, "
                    "e.g. KT0001: 70; KT0002: 30. The shares add up to 100. A single author alone has 100%."
                ),
                width=36,
            ),
            Column("change", (_("What it changes"), "What it changes"), width=40),
            Column("effect", (_("Effect"), "Effect"), width=40),
            Column(
                "scope",
                (_("Recognised scope"), "Recognised scope"),
                kind="choice",
                choices=self._choice(("kttv.initiative", "scope")),
                note=_("Recorded by TCCB: leave it empty in a unit's file."),
                width=16,
            ),
            Column("decision_number", (_("Recognition decision"), "Recognition decision"), width=20),
            Column("decision_date", (_("Recognition date"), "Recognition date"), kind="date", width=14),
            Column(
                "decision_authority",
                (_("Recognising authority"), "Recognising authority"),
                note=_("Who signed the recognition, e.g. the unit's head."),
                width=30,
            ),
        )

    def _template_name(self):
        return _("Initiatives")

    def _window_title(self):
        return _("Import initiatives")

    def _template_example(self):
        kinds = dict(self.env["kttv.initiative"]._fields["kind"]._description_selection(self.env))
        return {
            "name": "Tự động hóa bản tin dự báo",
            "kind": kinds["initiative"],
            "department": "ĐBB",
            "year": self.env["kttv.initiative"]._default_year(),
            "field": "Dự báo thủy văn",
            "authors": "KT0001: 70; KT0002: 30",
        }

    def _choice_lists(self):
        Initiative = self.env["kttv.initiative"]
        return {
            "kind": [label for _k, label in Initiative._fields["kind"]._description_selection(self.env)],
            "scope": [label for _k, label in Initiative._fields["scope"]._description_selection(self.env)],
        }

    @api.model
    def _author_messages(self):
        return {
            "empty": _("give the authors and their shares"),
            "bad_author": _(
                "%(value)s is not an author and a share: write the Employee code and the share, e.g. KT0001: 70"
            ),
            "bad_share": _("%(value)s: a share is more than 0%% and at most 100%%"),
            "repeated": _("%(value)s is an author twice"),
            "total": _("the shares add up to %(value)s%%, not 100%%"),
        }

    def _resolve(self, rows):
        Resolver = self.env["kttv.subject.resolver"]
        parsed = {number: year_forms.parse_authors(values["authors"]) for number, values in rows}
        codes = {code for authors, _error in parsed.values() if authors for code, _share in authors}
        refs = {
            "people": Resolver._employees_by_code_or_name(codes),
            "departments": Resolver._departments({v["department"] for _n, v in rows if v["department"]}),
            "my_units": Resolver._my_units(),
            "labels": self._labels(),
            "tccb": self.env.su or self.env.user.has_group(OFFICER),
        }
        existing = self._existing(rows, refs)
        seen = {}
        items, issues = [], []
        for number, values in rows:
            unit, issue = self._row_unit(number, values, refs)
            authors = None
            if not issue:
                issue = self._row_recognition(number, values, refs)
            if not issue:
                authors, issue = self._row_authors(number, parsed[number], refs)
            if not issue:
                key = (xlsx_io.normalise(values["name"]), unit.id, values["year"])
                column = f"{refs['labels']['name']}, {refs['labels']['department']}, {refs['labels']['year']}"
                issue = xlsx_io.repeated(seen, key, number, column)
            if issue:
                issues.append(issue)
            elif key in existing:
                items.append(None)  # recorded already: unchanged
            else:
                items.append(self._vals(values, unit, authors))
        return items, issues

    def _existing(self, rows, refs):
        """(name, unit, year) of the initiatives already recorded for the file's units and years: one query."""
        units = [unit.id for unit in refs["departments"].values() if unit]
        years = list({values["year"] for _n, values in rows})
        if not units:
            return set()
        return {
            (xlsx_io.normalise(initiative.name), initiative.department_id.id, initiative.year)
            for initiative in self.env["kttv.initiative"]
            .sudo()
            .search_fetch(
                [("department_id", "in", units), ("year", "in", years), ("state", "!=", "cancelled")],
                ["name", "department_id", "year"],
            )
        }

    def _row_unit(self, number, values, refs):
        unit, issue = self._find_department(number, values["department"], refs)
        if not issue and refs["my_units"] is not None and unit not in refs["my_units"]:
            issue = self._issue(
                number,
                refs["labels"]["department"],
                _("%(unit)s is not one of your units: you record the initiatives of your own units", unit=unit.name),
            )
        return (None, issue) if issue else (unit, None)

    def _row_recognition(self, number, values, refs):
        """A unit proposes: the recognition (scope, decision) is TCCB's to record."""
        if refs["tccb"]:
            return None
        given = [key for key in RECOGNITION_COLUMNS if values[key] not in (None, "")]
        if given:
            return self._issue(
                number,
                ", ".join(refs["labels"][key] for key in given),
                _("recorded by TCCB when it recognises the initiative: leave it empty"),
            )
        return None

    def _row_authors(self, number, parsed, refs):
        """``([(employee, share)], None)`` or ``(None, issue)`` for the row's cell of authors."""
        column = refs["labels"]["authors"]
        authors, error = parsed
        if error:
            message = self._author_messages()[error.code] % {"value": error.value}
            return None, self._issue(number, column, message)
        found = []
        for code, share in authors:
            employee, issue = self._find_person(number, code, refs, column_key="authors")
            if issue:
                return None, issue
            found.append((employee, share))
        if len({employee.id for employee, _share in found}) != len(found):
            return None, self._issue(number, column, self._author_messages()["repeated"] % {"value": found[0][0].name})
        return found, None

    def _vals(self, values, unit, authors):
        vals = {
            "name": values["name"],
            "kind": values["kind"] or "initiative",
            "department_id": unit.id,
            "year": values["year"],
            "field_of_work": values["field"] or False,
            "change_description": values["change"] or False,
            "effect": values["effect"] or False,
            "author_ids": [Command.create({"employee_id": employee.id, "share": share}) for employee, share in authors],
        }
        # The columns are named after the fields of the recognition.
        vals.update({key: values[key] for key in RECOGNITION_COLUMNS if values[key] not in (None, "")})
        return vals

    def _apply(self, items):
        """The initiatives, as drafts, written with the user's rights."""
        create = [vals for vals in items if vals]
        self.env["kttv.initiative"].create(create)
        return _(
            "Imported %(rows)s rows: %(created)s initiatives created as drafts, %(unchanged)s already recorded.",
            rows=len(items),
            created=len(create),
            unchanged=len(items) - len(create),
        )
