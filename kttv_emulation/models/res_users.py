from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib import streaks

EMULATION_GROUPS = (
    "kttv_emulation.group_emulation_unit",
    "kttv_emulation.group_emulation_council",
)
HOME_ACTION = "kttv_emulation.kttv_home_action"
MY_HISTORY_REPORT = "kttv_emulation.action_report_my_history"
# The next titles of an individual's ladder, as the catalog states them (Law 06/2022/QH15,
# Decree 152/2025/NĐ-CP art. 50): (next title, required title, times in a row, its period).
CLOSE_TO_STEPS = (("CSTDBO", "CSTDCS", 3, 1), ("CSTDTQ", "CSTDBO", 2, 3))


class ResUsers(models.Model):
    _inherit = "res.users"

    kttv_unit_ids = fields.Many2many(
        "hr.department",
        "kttv_user_unit_rel",
        "user_id",
        "department_id",
        string="Emulation units",
        help="Units whose emulation records this user manages as a unit officer; their sub-departments are included.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._kttv_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "kttv_unit_ids" in vals:
            # Record rules read these units and are cached per user.
            self.env.registry.clear_cache()
        if any(key == "groups_id" or key.startswith(("in_group_", "sel_groups_")) for key in vals):
            self._kttv_set_home_action()
        return res

    def _kttv_set_home_action(self):
        """Emulation users land on their own home screen, not in Discuss, unless a home action is set already."""
        home = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not home:
            return  # during the addon's own installation, before its actions exist
        groups = self.env["res.groups"].browse(
            [
                group.id
                for group in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in EMULATION_GROUPS)
                if group
            ]
        )
        users = self.sudo().filtered(lambda user: not user.action_id and not user.share and user.groups_id & groups)
        if users:
            users.write({"action_id": home.id})

    @api.model
    def get_kttv_home_data(self):
        """The home screen: what the user must do now, by kind, the deadlines coming, and for TCCB the late units.

        Each kind of task lists the records behind it, so that it opens exactly
        those; done activities (archived by the workflow) never count.
        """
        user = self.env.user
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"]
        domain = [("user_id", "=", user.id), ("res_model", "=like", "kttv.%")]
        overdue = {
            (model, activity_type): count
            for model, activity_type, count in Activity._read_group(
                [*domain, ("date_deadline", "<", today)], ["res_model", "activity_type_id"], ["__count"]
            )
        }
        rows = Activity._read_group(
            domain, ["res_model", "activity_type_id"], ["res_id:array_agg", "date_deadline:min", "__count"]
        )
        labels = {
            model.model: model.name for model in self.env["ir.model"].sudo().search([("model", "=like", "kttv.%")])
        }
        tasks = [
            {
                "key": f"{model}-{activity_type.id}",
                "model": model,
                "model_label": labels.get(model, model),
                "type": activity_type.name or "",
                "count": count,
                "overdue": overdue.get((model, activity_type), 0),
                "deadline": fields.Date.to_string(deadline),
                "ids": sorted(set(res_ids)),
            }
            for model, activity_type, res_ids, deadline, count in rows
        ]
        tasks.sort(key=lambda task: (task["deadline"] or "", task["model_label"]))
        Milestone = self.env["kttv.exemplar.milestone"]
        milestones = Milestone.browse()
        if Milestone.has_access("read"):
            milestones = Milestone.search(
                [
                    ("done", "=", False),
                    ("date_deadline", ">=", today),
                    ("date_deadline", "<=", today + timedelta(days=90)),
                ],
                order="date_deadline",
                limit=8,
            )
        actors = dict(Milestone._fields["actor"]._description_selection(self.env))
        late = False
        if user.has_group("kttv_emulation.group_emulation_officer"):
            phase = self.env["kttv.exemplar.phase"]._current()
            if phase:
                plans = phase._dashboard_unit_plans()
                late = {
                    "phase_id": phase.id,
                    "phase": phase.display_name,
                    "overdue": plans["overdue"],
                    "missing": plans["missing"],
                }
        return {
            "user": user.name,
            "tasks": tasks,
            "deadlines": [
                {
                    "id": milestone.id,
                    "name": milestone.name,
                    "deadline": fields.Date.to_string(milestone.date_deadline),
                    "actor": actors.get(milestone.actor, ""),
                }
                for milestone in milestones
            ],
            "late_units": late,
            "is_officer": user.has_group("kttv_emulation.group_emulation_officer"),
            "my_record": self._kttv_my_record(),
        }

    @api.model
    def _kttv_my_record(self):
        """The user's own record: streaks, what they are close to, their last achievements.

        Read as the system for the user's own employee only: an employee reads
        their history, not the officers' fields of everyone's.
        """
        employee = self.env.user.employee_id.sudo()
        if not employee:
            return False
        this_year = fields.Date.context_today(self).year
        Achievement = self.env["kttv.achievement"].sudo()
        Title = self.env["kttv.emulation.title"].sudo().with_context(active_test=False)
        codes = {code for step in CLOSE_TO_STEPS for code in step[:2]}
        titles = {title.code: title for title in Title.search([("code", "in", list(codes))])}
        held = {}
        for _next, required, _times, _period in CLOSE_TO_STEPS:
            if required in titles:
                rows = Achievement._title_rows(employee, titles[required]._with_higher(), this_year)
                held[required] = {year for _subject, year in rows}
        close_to = [
            self.env._(
                "%(held)s: %(count)s of the %(times)s in a row that %(next)s asks for, %(left)s more to go.",
                held=titles[required].name,
                count=count,
                times=times,
                next=titles[next_code].name,
                left=times - count,
            )
            # Counted up to the last year on record, as the streaks shown beside them are.
            for next_code, required, count, times in streaks.close_to(
                held, employee.kttv_streak_year or this_year, CLOSE_TO_STEPS
            )
            if next_code in titles
        ]
        achievements = Achievement.search([("employee_id", "=", employee.id)], order="year desc, id desc", limit=6)
        return {
            "employee_id": employee.id,
            "employee": employee.name,
            "streak_year": employee.kttv_streak_year,
            "rating_streak": employee.kttv_rating_streak,
            "title": employee.kttv_streak_title_id.name or "",
            "title_streak": employee.kttv_title_streak,
            "close_to": close_to,
            "achievement_count": employee.kttv_achievement_count,
            "achievements": [
                {
                    "id": achievement.id,
                    "year": achievement.year,
                    "name": achievement.display_name,
                    "decision": achievement.decision_number or "",
                }
                for achievement in achievements
            ],
        }

    @api.model
    def action_kttv_print_my_record(self):
        """The printed record of the user's own achievements (any employee may print their own)."""
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(self.env._("Your user is linked to no employee: there is no record of yours to print."))
        public = self.env["hr.employee.public"].browse(employee.id)
        return self.env.ref(MY_HISTORY_REPORT)._kttv_report_action(public)

    def _kttv_managed_units(self):
        """The departments this user manages as a unit officer, sub-units included.

        Archived sub-units stay their unit's: their records (history,
        registrations) still belong to it.
        """
        self.ensure_one()
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        return Department.search([("id", "child_of", self.kttv_unit_ids.ids)])
