from odoo import _, models

from ..lib.xlsx_io import Column


class KttvYearImportMixin(models.AbstractModel):
    """What the emulation year's spreadsheets share: people named by code or by name."""

    _name = "kttv.year.import.mixin"
    _inherit = ["kttv.xlsx.import.mixin"]
    _description = "Spreadsheet import of the emulation year"

    def _person_column(self):
        """The column of an employee named by Employee code or by name (``_find_person``)."""
        return Column(
            "employee",
            (_("Employee (code or name)"), "Employee (code or name)"),
            kind="code",
            note=_(
                "The Employee code shown on the employee form, or the employee's full name. Empty for a collective."
            ),
            width=28,
        )

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

    def _find_row_employee(self, number, key, refs):
        return self._find_person(number, key, refs)

    def _either_subject_message(self):
        return _("fill in either the employee or the collective, not both")
