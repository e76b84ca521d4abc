from collections import defaultdict

from odoo import _, api, models

from ..lib import xlsx_io


class KttvYearImportMixin(models.AbstractModel):
    """What the emulation year's spreadsheets share: people named by code or by name, the user's units."""

    _name = "kttv.year.import.mixin"
    _inherit = ["kttv.xlsx.import.mixin"]
    _description = "Spreadsheet import of the emulation year"

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
        by_code = defaultdict(list)
        for employee in Employee.search_fetch(
            [("kttv_code", "in", list(keys))], ["kttv_code", "name", "department_id"]
        ):
            by_code[xlsx_io.normalise(employee.kttv_code)].append(employee)
        names = {xlsx_io.normalise(key) for key in keys} - set(by_code)
        by_name = defaultdict(list)
        if names:
            # Names compared after normalisation (case, spacing, Unicode form): candidates by a broad match.
            domain = ["|"] * (len(names) - 1) + [("name", "=ilike", name) for name in names]
            for employee in Employee.search_fetch(domain, ["kttv_code", "name", "department_id"]):
                by_name[xlsx_io.normalise(employee.name)].append(employee)
        found = {}
        for key in keys:
            matches = by_code.get(xlsx_io.normalise(key)) or by_name.get(xlsx_io.normalise(key)) or []
            found[key] = matches[0] if len(matches) == 1 else (False if not matches else None)
        return found

    def _find_person(self, number, key, refs, column_key="employee"):
        """The employee a row names by code or name: ``(employee, None)`` or ``(None, issue)``."""
        column = refs["labels"][column_key]
        employee = refs["people"].get(key) if key else False
        if employee is None:
            return None, self._issue(
                number, column, _("%(name)s names several employees: use their Employee code", name=key)
            )
        if not employee:
            return None, self._issue(number, column, _("no employee has the code or name %(name)s", name=key or ""))
        return employee, None

    def _row_subject(self, number, values, refs):
        """The row's employee or collective (exactly one of them): ``(subject, None)`` or ``(None, issue)``."""
        labels = refs["labels"]
        if bool(values["employee"]) == bool(values["department"]):
            return None, self._issue(
                number,
                f"{labels['employee']}, {labels['department']}",
                _("fill in either the employee or the collective, not both"),
            )
        if values["employee"]:
            return self._find_person(number, values["employee"], refs)
        return self._find_department(number, values["department"], refs)

    @staticmethod
    def _subject_unit(subject):
        return subject.department_id if subject._name == "hr.employee" else subject

    def _subject_column(self, values, refs):
        return refs["labels"]["employee" if values["employee"] else "department"]
