import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import statistics_forms

FORMS = {
    "0601": statistics_forms.form_0601,
    "0602": statistics_forms.form_0602,
    "0603": statistics_forms.form_0603,
}


class KttvStatisticsFormWizard(models.TransientModel):
    """The statistics forms of the Ministry of Home Affairs (0601-0603.N/BNV-TĐKT), computed from the records."""

    _name = "kttv.statistics.form.wizard"
    _description = "Statistics forms on emulation and commendation"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    department_id = fields.Many2one(
        "hr.department",
        string="Reporting unit",
        help="The unit whose movements and awards are counted, with the units under it; "
        "empty: the whole Administration.",
    )
    form = fields.Selection(
        [
            ("all", "The three forms"),
            ("0601", "0601.N/BNV-TĐKT: emulation movements"),
            ("0602", "0602.N/BNV-TĐKT: awards of the State"),
            ("0603", "0603.N/BNV-TĐKT: awards of the ministry"),
        ],
        required=True,
        default="all",
    )
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 1900 <= wizard.year <= 2200:
                raise UserError(_("Year %(year)s: give the reporting year, e.g. 2026.", year=wizard.year))

    # -- what is counted ------------------------------------------------------

    def _unit_domain(self, employee_field="employee_id", department_field="department_id"):
        if not self.department_id:
            return []
        return [
            "|",
            (f"{employee_field}.department_id", "child_of", self.department_id.id),
            (department_field, "child_of", self.department_id.id),
        ]

    def _movements(self):
        """The movements launched in the year (closed ones included), addressed to the unit, as the form counts them."""
        Movement = self.env["kttv.emulation.movement"]
        movements = Movement.search([("year", "=", self.year), ("state", "in", ("launched", "closed"))])
        if self.department_id:
            related = self.env["hr.department"].search(
                ["|", ("id", "parent_of", self.department_id.id), ("id", "child_of", self.department_id.id)]
            )
            movements = movements.filtered(
                lambda movement: not movement.target_department_ids or movement.target_department_ids & related
            )
        # Launched by the Administration or its units: "cơ quan, tổ chức, đơn vị" on the form.
        return movements, [
            {"kind": movement.kind, "date_start": movement.date_start, "date_end": movement.date_end, "level": "agency"}
            for movement in movements
        ]

    def _achievement_domain(self):
        start, end = f"{self.year}-01-01", f"{self.year}-12-31"
        # Counted in the year of its decision; an award recorded without a date, in its own year.
        return [
            "|",
            "&",
            ("decision_date", ">=", start),
            ("decision_date", "<=", end),
            "&",
            ("decision_date", "=", False),
            ("year", "=", self.year),
            *self._unit_domain(),
        ]

    def _positions(self, employees):
        """``{employee id: position key}``: the head of the Administration and of its root department are leaders
        of the level of a ministry's department (cấp vụ); the head of any other department is a leader of a lower
        level; everyone else works directly."""
        Department = self.env["hr.department"].sudo()
        managed = Department.search([("manager_id", "in", employees.ids)])
        positions = dict.fromkeys(employees.ids, "worker")
        for department in managed:
            positions[department.manager_id.id] = (
                "department_leader"
                if not department.parent_id or positions[department.manager_id.id] == "department_leader"
                else "other_leader"
            )
        director = self.env.company.sudo().kttv_director_id.employee_id
        if director.id in positions:
            positions[director.id] = "department_leader"
        return positions

    def _achievements(self):
        achievements = self.env["kttv.achievement"].search(self._achievement_domain())
        positions = self._positions(achievements.employee_id)
        # Read in batch by the ORM: the titles once for all the achievements.
        awards = [
            statistics_forms.award(
                achievement.title_id.code,
                achievement.title_id.name,
                achievement.title_id.level,
                "individual" if achievement.employee_id else "collective",
                award_kind=achievement.award_kind,
                position=positions.get(achievement.employee_id.id, "worker"),
            )
            for achievement in achievements
        ]
        return achievements, awards

    def _forms(self):
        """The forms asked for, filled in."""
        self.ensure_one()
        keys = list(FORMS) if self.form == "all" else [self.form]
        movements = self._movements()[1] if "0601" in keys else []
        awards = self._achievements()[1] if {"0602", "0603"} & set(keys) else []
        return [FORMS[key](movements if key == "0601" else awards) for key in keys]

    def _units(self):
        """(reporting unit, receiving unit) as the forms name them."""
        identity = self.env["kttv.organisation.identity"]._for_date(fields.Date.to_date(f"{self.year}-12-31"))
        agency = identity.agency_name or self.env.company.name
        if self.department_id and self.department_id.parent_id:
            return self.department_id.name, agency
        return agency, identity.parent_authority or ""

    # -- the outputs -----------------------------------------------------------

    def action_export_xlsx(self):
        self.ensure_one()
        reporting, receiving = self._units()
        content = statistics_forms.to_xlsx(self._forms(), reporting, receiving, self.year)
        suffix = f" {self.department_id.name}" if self.department_id else ""
        self.write(
            {
                "file": base64.b64encode(content),
                "filename": _("Statistics forms %(year)s%(unit)s.xlsx", year=self.year, unit=suffix),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.filename}?download=true",
            "target": "self",
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref("kttv_emulation.action_report_statistics_forms")._kttv_report_action(self)
