import random

from odoo import api, models

DEMO_YEARS = range(2018, 2025)
AUTHORITY = "Tổng cục trưởng Tổng cục Khí tượng Thủy văn"
# Employees first: a department is archived once its people are.
HR_DEMO_MODELS = ("hr.employee", "hr.department")


class KttvDemo(models.AbstractModel):
    """Builds the demo history; called from the demo data only."""

    _name = "kttv.demo"
    _description = "Emulation demo data"

    @api.model
    def _demo_records(self, model):
        data = self.env["ir.model.data"].search([("module", "=", "kttv_emulation"), ("model", "=", model)])
        return self.env[model].browse(data.mapped("res_id")).exists().sorted("id")

    @api.model
    def _demo_titles(self):
        codes = ["LDTT", "CSTDCS", "CSTDBO", "GK", "TTLDTT", "TTLDXS", "COBO", "BKBO"]
        titles = self.env["kttv.emulation.title"].search([("code", "in", codes)])
        return {title.code: title for title in titles}

    @api.model
    def _archive_hr_demo(self):
        """Odoo's own HR people and departments, archived when hr's demo is loaded.

        hr's demo (English names, +1 555 numbers) would otherwise fill the
        employee and unit pickers of a KTTV demonstration.  Archived, not
        deleted: hr's own records and tests keep their references.  The
        administrator's employee and the Administration department come with
        hr's data, not its demo, but carry its names there ("Mitchell Admin"):
        archived with the rest.  Without hr's demo nothing is touched.
        """
        if not self.env["ir.module.module"].search_count([("name", "=", "hr"), ("demo", "=", True)]):
            return
        data = self.env["ir.model.data"].search([("module", "=", "hr"), ("model", "in", HR_DEMO_MODELS)])
        for model in HR_DEMO_MODELS:
            ids = [entry.res_id for entry in data if entry.model == model]
            self.env[model].browse(ids).exists().write({"active": False})

    @api.model
    def _load_history(self):
        """Ratings and titles 2018-2024: a mix of steady exemplars and others.

        Seeded random so every demo database tells the same story.
        """
        if self.env["kttv.annual.rating"].search_count([], limit=1):
            return
        rnd = random.Random(2018)
        titles = self._demo_titles()
        ratings, achievements = [], []

        def award(subject, code, year, number):
            achievements.append(
                dict(
                    subject,
                    year=year,
                    title_id=titles[code].id,
                    decision_number=f"{number}/QĐ-TCKTTV",
                    decision_date=f"{year + 1}-01-15",
                    authority=AUTHORITY,
                )
            )

        for index, employee in enumerate(self._demo_records("hr.employee")):
            self._demo_employee_history(rnd, {"employee_id": employee.id}, index % 4 == 0, ratings, award)
        for index, department in enumerate(self._demo_records("hr.department")):
            self._demo_department_history(rnd, {"department_id": department.id}, index, ratings, award)
        self.env["kttv.annual.rating"].create(ratings)
        self.env["kttv.achievement"].create(achievements)

    @api.model
    def _demo_employee_history(self, rnd, subject, steady, ratings, award):
        """One employee in four is a steady exemplar: excellent every year."""
        run = 0
        for year in DEMO_YEARS:
            if steady:
                rating = "excellent"
            else:
                rating = rnd.choices(["excellent", "good", "completed", "not_completed"], [3, 5, 2, 0.3])[0]
            ratings.append(dict(subject, year=year, rating=rating))
            if rating in ("excellent", "good"):
                award(subject, "LDTT", year, 10 + year % 100)
            run = run + 1 if rating == "excellent" and (steady or rnd.random() < 0.4) else 0
            if run:
                award(subject, "CSTDCS", year, 20 + year % 100)
            if run == 3 and steady:
                award(subject, "CSTDBO", year, 300 + year % 100)
                run = 0
            if rnd.random() < 0.1:
                award(subject, "GK", year, 40 + year % 100)

    @api.model
    def _demo_department_history(self, rnd, subject, index, ratings, award):
        strong = index % 3 != 2
        for year in DEMO_YEARS:
            rating = "excellent" if strong or rnd.random() < 0.5 else "good"
            ratings.append(dict(subject, year=year, rating=rating))
            award(subject, "TTLDXS" if rating == "excellent" else "TTLDTT", year, 50 + year % 100)
            if strong and year == 2022 and index % 2 == 0:
                award(subject, "COBO", year, 700 + year % 100)
            if rnd.random() < 0.15:
                award(subject, "BKBO", year, 800 + year % 100)
