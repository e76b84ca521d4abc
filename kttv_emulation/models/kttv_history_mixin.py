from odoo import api, fields, models

from ..lib import streaks

UNIT_GROUP = "kttv_emulation.group_emulation_unit"


class KttvHistoryMixin(models.AbstractModel):
    """Achievement history shown on employees and departments.

    Every compute works on the whole recordset with a fixed number of queries,
    so a list of 10,000 employees costs the same handful of queries as one.
    """

    _name = "kttv.history.mixin"
    _description = "Emulation history of a subject"

    kttv_achievement_count = fields.Integer(
        "Achievements count", compute="_compute_kttv_achievement_count", groups=UNIT_GROUP
    )
    kttv_streak_year = fields.Integer(
        "Streaks up to",
        compute="_compute_kttv_streaks",
        groups=UNIT_GROUP,
        help="Last year with a rating or a title: the streaks count back from it.",
    )
    kttv_rating_streak = fields.Integer(
        "Years rated excellent",
        compute="_compute_kttv_streaks",
        groups=UNIT_GROUP,
        help="Consecutive years rated 'excellent' (hoàn thành xuất sắc nhiệm vụ).",
    )
    kttv_streak_title_id = fields.Many2one(
        "kttv.emulation.title",
        string="Title of that year",
        compute="_compute_kttv_streaks",
        groups=UNIT_GROUP,
        help="Highest emulation title held in the last recorded year.",
    )
    kttv_title_streak = fields.Integer(
        "Years with this title",
        compute="_compute_kttv_streaks",
        groups=UNIT_GROUP,
        help="Consecutive years holding this title or a higher one.",
    )

    def _kttv_subject_field(self):
        return "department_id" if self._name == "hr.department" else "employee_id"

    def _kttv_subjects(self):
        """The subjects as the history stores them: public employees share the employees' ids."""
        if self._name == "hr.employee.public":
            return self.env["hr.employee"].browse(self._origin.ids)
        return self._origin

    def _compute_kttv_achievement_count(self):
        field = self._kttv_subject_field()
        groups = self.env["kttv.achievement"]._read_group([(field, "in", self._origin.ids)], [field], ["__count"])
        counts = {subject.id: count for subject, count in groups}
        for subject in self:
            subject.kttv_achievement_count = counts.get(subject._origin.id, 0)

    @api.depends_context("uid")
    def _compute_kttv_streaks(self):
        subjects = self._kttv_subjects()
        # Today's date in UTC: reading the user's time zone would cost a
        # query, and it only bounds the years read.
        this_year = fields.Date.today().year
        rating_rows = self.env["kttv.annual.rating"]._rating_rows(subjects, this_year)
        rated = streaks.group_years((subject, year) for subject, year, _rating in rating_rows)
        excellent = streaks.group_years(
            (subject, year) for subject, year, rating in rating_rows if rating == "excellent"
        )
        titles = self.env["kttv.achievement"]._title_history(subjects, this_year)
        title_model = self.env["kttv.emulation.title"]
        for subject in self:
            key = subject._origin.id
            years = rated.get(key, set()) | set(titles.get(key, {}))
            ref_year = max(years, default=0)
            ranks = {year: rank for year, (rank, _title) in titles.get(key, {}).items()}
            rank, title_years = streaks.ladder_streak(ranks, ref_year)
            subject.kttv_streak_year = ref_year
            subject.kttv_rating_streak = streaks.consecutive_years(excellent.get(key, set()), ref_year)
            subject.kttv_streak_title_id = title_model.browse(titles[key][ref_year][1]) if rank is not None else False
            subject.kttv_title_streak = title_years

    def _kttv_history_rows(self):
        """Year by year: the rating and the achievements, for the printed history."""
        self.ensure_one()
        field = self._kttv_subject_field()
        ratings = self.env["kttv.annual.rating"].search([(field, "=", self.id)])
        labels = dict(ratings._fields["rating"]._description_selection(self.env))
        rating_of = {rating.year: labels.get(rating.rating, "") for rating in ratings}
        achievements = self.env["kttv.achievement"].search([(field, "=", self.id)], order="year, title_rank desc, id")
        years = sorted(set(rating_of) | set(achievements.mapped("year")))
        return [
            {
                "year": year,
                "rating": rating_of.get(year, ""),
                "achievements": achievements.filtered(lambda a, y=year: a.year == y),
            }
            for year in years
        ]

    def action_kttv_achievements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_achievement_action")
        field = self._kttv_subject_field()
        action["domain"] = [(field, "=", self.id)]
        action["context"] = {f"default_{field}": self.id, "search_default_group_year": 0}
        action["display_name"] = self.display_name
        return action
