from odoo import _, api, fields, models

from ..lib import streaks

RATINGS = [
    ("excellent", "Excellent"),
    ("good", "Good"),
    ("completed", "Completed"),
    ("not_completed", "Not completed"),
]


class KttvAnnualRating(models.Model):
    """The yearly rating of one subject (đánh giá, xếp loại hằng năm)."""

    _name = "kttv.annual.rating"
    _inherit = ["kttv.subject.mixin"]
    _description = "Annual rating"
    _order = "year desc, unit_id, id"

    year = fields.Integer(required=True, index=True, aggregator=None)
    rating = fields.Selection(RATINGS, required=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "one_subject",
            "check((employee_id is null) != (department_id is null))",
            "A rating is for an employee or for a department, exactly one of them.",
        ),
        ("employee_year_unique", "unique(employee_id, year)", "An employee has one rating a year."),
        (
            "department_year_unique",
            "unique(department_id, year)",
            "A department has one rating a year.",
        ),
    ]

    @api.depends("employee_id", "department_id", "year")
    def _compute_display_name(self):
        for rating in self:
            rating.display_name = f"{rating._subject().display_name or ''} – {rating.year or ''}"

    def _duplicate_key(self, vals):
        if not vals.get("year") or bool(vals.get("employee_id")) == bool(vals.get("department_id")):
            return None
        return (vals.get("employee_id") or False, vals.get("department_id") or False, vals["year"])

    def _duplicate_message(self, key):
        employee, department, year = key
        subject = self.env["hr.employee"].browse(employee) or self.env["hr.department"].browse(department)
        return _("%(subject)s already has a rating for %(year)s.", subject=subject.display_name, year=year)

    @api.model
    def _rating_rows(self, subjects, up_to_year, levels=None):
        """(subject id, year, rating) rows, in ``levels`` if given: one query."""
        field = "employee_id" if subjects._name == "hr.employee" else "department_id"
        domain = [(field, "in", subjects.ids), ("year", "<=", up_to_year)]
        if levels is not None:
            domain.append(("rating", "in", list(levels)))
        table = self._table
        self.flush_model([field, "year", "rating"])
        return self.env.execute_query(
            self._search(domain).select(f'"{table}"."{field}"', f'"{table}"."year"', f'"{table}"."rating"')
        )

    @api.model
    def _rating_streaks(self, subjects, level, up_to_year):
        """Consecutive years up to ``up_to_year`` rated ``level`` or better.

        ``subjects`` is a recordset of employees or of departments; returns
        ``{subject id: years}`` in a constant number of queries.
        """
        levels = streaks.rating_levels_from(level)
        rows = self._rating_rows(subjects, up_to_year, levels)
        return streaks.streaks(((subject, year) for subject, year, _rating in rows), up_to_year, subjects.ids)
