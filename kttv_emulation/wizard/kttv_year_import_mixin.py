from odoo import _, models


class KttvYearImportMixin(models.AbstractModel):
    """What the emulation year's spreadsheets share: people named by code or by name, the user's units."""

    _name = "kttv.year.import.mixin"
    _inherit = ["kttv.xlsx.import.mixin"]
    _description = "Spreadsheet import of the emulation year"

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
