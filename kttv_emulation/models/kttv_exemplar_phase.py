from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib.criteria import RECOGNISED_STATES


class KttvExemplarPhase(models.Model):
    """A phase of a plan (giai đoạn), e.g. 2021-2023."""

    _name = "kttv.exemplar.phase"
    _inherit = ["kttv.workflow.mixin"]
    _description = "Exemplar plan phase"
    _order = "plan_id, sequence, date_start, id"

    name = fields.Char(required=True)
    plan_id = fields.Many2one("kttv.exemplar.plan", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    registration_deadline = fields.Date(
        help="Units submit their plan for the phase and their registrations by this date."
    )
    assessed_year_from = fields.Integer(
        "Assessed from year",
        aggregator=None,
        help="First year of the history the criteria rules read (the phase's years already rated).",
    )
    assessed_year_to = fields.Integer("Assessed to year", aggregator=None)
    milestone_ids = fields.One2many("kttv.exemplar.milestone", "phase_id", string="Milestones")
    unit_plan_ids = fields.One2many("kttv.unit.plan", "phase_id", string="Unit plans")
    registration_ids = fields.One2many("kttv.exemplar.registration", "phase_id", string="Registrations")
    unit_plan_count = fields.Integer(compute="_compute_counts")
    unit_plan_submitted_count = fields.Integer("Unit plans submitted", compute="_compute_counts")
    unit_plan_missing_count = fields.Integer(
        "Unit plans not submitted", compute="_compute_counts", help="Units whose plan is still a draft."
    )
    registration_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("dates_order", "check(date_start <= date_end)", "A phase ends after it starts."),
    ]

    @api.depends("plan_id.name", "name")
    def _compute_display_name(self):
        for phase in self:
            phase.display_name = phase.name

    @api.constrains("date_start", "date_end", "assessed_year_from", "assessed_year_to")
    def _check_dates(self):
        for phase in self:
            if phase.date_start > phase.date_end:
                raise ValidationError(_("%(phase)s ends before it starts.", phase=phase.name))
            if (phase.assessed_year_from or 0) > (phase.assessed_year_to or 0):
                raise ValidationError(_("%(phase)s: the assessed years end before they start.", phase=phase.name))

    def _compute_counts(self):
        UnitPlan = self.env["kttv.unit.plan"]
        plans = UnitPlan._read_group([("phase_id", "in", self.ids)], ["phase_id", "state"], ["__count"])
        registrations = dict(
            self.env["kttv.exemplar.registration"]._read_group(
                [("phase_id", "in", self.ids)], ["phase_id"], ["__count"]
            )
        )
        for phase in self:
            by_state = {state: count for ph, state, count in plans if ph == phase}
            phase.unit_plan_count = sum(by_state.values())
            phase.unit_plan_submitted_count = by_state.get("submitted", 0)
            phase.unit_plan_missing_count = by_state.get("draft", 0)
            phase.registration_count = registrations.get(phase, 0)

    def action_create_unit_plans(self):
        """A draft plan for every subordinate unit that has none yet.

        From then on TCCB sees at a glance which units have not submitted.
        """
        self._kttv_require("kttv_emulation.group_emulation_officer", _("prepare the units' plans"))
        units = self.env["hr.department"].search([("kttv_is_unit", "=", True)])
        existing = {(plan.phase_id.id, plan.department_id.id) for plan in self.unit_plan_ids}
        vals_list = [
            {"phase_id": phase.id, "department_id": unit.id}
            for phase in self
            for unit in units
            if (phase.id, unit.id) not in existing
        ]
        self.env["kttv.unit.plan"].create(vals_list)
        return self.action_open_unit_plans()

    def action_open_unit_plans(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_unit_plan_action")
        action["domain"] = [("phase_id", "in", self.ids)]
        action["context"] = {"search_default_group_state": 1}
        return action

    def action_open_registrations(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_exemplar_registration_action")
        action["domain"] = [("phase_id", "in", self.ids)]
        action["context"] = {}
        return action

    @api.model
    def _current(self):
        """The phase under way today, or else the latest one that has started."""
        today = fields.Date.context_today(self)
        phases = self.search([("date_start", "<=", today)], order="date_start desc")
        return phases.filtered(lambda p: p.date_end >= today)[:1] or phases[:1] or self.search([], limit=1)

    @api.model
    def get_dashboard_data(self, phase_id=False):
        """Everything the dashboard shows for a phase, in a fixed number of grouped queries."""
        self._kttv_require("kttv_emulation.group_emulation_officer", _("open the dashboard"))
        phase = self.browse(phase_id) if phase_id else self._current()
        if not phase:
            return {"phase": False, "phases": []}
        today = fields.Date.context_today(self)
        env = self.env
        milestones = phase.milestone_ids.sorted("date_deadline")
        actors = dict(milestones._fields["actor"]._description_selection(env))
        states = dict(env["kttv.exemplar.registration"]._fields["state"]._description_selection(env))
        by_state = dict(
            env["kttv.exemplar.registration"]._read_group([("phase_id", "=", phase.id)], ["state"], ["__count"])
        )
        by_unit = env["kttv.exemplar.registration"]._read_group(
            [("phase_id", "=", phase.id), ("state", "!=", "cancelled")],
            ["registering_unit_id", "state"],
            ["__count"],
        )
        units = defaultdict(lambda: {"total": 0, "recognized": 0})
        for unit, state, count in by_unit:
            units[unit]["total"] += count
            if state in RECOGNISED_STATES:
                units[unit]["recognized"] += count
        return {
            "phase": {
                "id": phase.id,
                "name": phase.name,
                "plan": phase.plan_id.name,
                "year_start": phase.date_start.year,
                "year_end": phase.date_end.year,
            },
            "phases": [{"id": p.id, "name": p.display_name} for p in self.search([])],
            "milestones": [
                {
                    "id": m.id,
                    "name": m.name,
                    "deadline": m.date_deadline,
                    "actor": actors.get(m.actor, ""),
                    "done": m.done,
                    "overdue": not m.done and m.date_deadline < today,
                }
                for m in milestones
            ],
            "milestones_done": len(milestones.filtered("done")),
            "states": [{"key": key, "label": label, "count": by_state.get(key, 0)} for key, label in states.items()],
            "registration_count": sum(by_state.values()),
            "units": sorted(
                ({"id": unit.id, "name": unit.name, **values} for unit, values in units.items()),
                key=lambda row: (-row["recognized"], -row["total"]),
            ),
            "unit_plans": phase._dashboard_unit_plans(),
            **phase._dashboard_funds(),
        }

    def _dashboard_unit_plans(self):
        """Unit plans late or overdue, and the units that have no plan at all.

        The units expected to plan are those "Prepare the units' plans" makes
        a plan for: the departments marked as subordinate units.
        """
        self.ensure_one()
        plans = self.unit_plan_ids
        statuses = {plan: plan.submission_status for plan in plans}
        rows = [
            {
                "key": f"plan-{plan.id}",
                "id": plan.id,
                "unit": plan.department_id.name,
                "unit_id": plan.department_id.id,
                "status": status,
                "deadline": plan.deadline,
            }
            for plan, status in statuses.items()
            if status in ("overdue", "late")
        ]
        absent = self.env["hr.department"].search(
            [("kttv_is_unit", "=", True), ("id", "not in", plans.department_id.ids)]
        )
        rows += [
            {
                "key": f"unit-{unit.id}",
                "id": False,
                "unit": unit.name,
                "unit_id": unit.id,
                "status": "missing",
                "deadline": False,
            }
            for unit in absent
        ]
        counts = {key: list(statuses.values()).count(key) for key in ("on_time", "late", "overdue", "pending")}
        order = {"missing": 0, "overdue": 1, "late": 2}
        return {
            "total": len(plans),
            **counts,
            "missing": len(absent),
            "expected": len(plans) + len(absent),
            "rows": sorted(rows, key=lambda row: (order[row["status"]], row["unit"] or "")),
        }

    def action_remind_late_units(self):
        """Remind now the officers of every unit whose plan for the phase is overdue, as the daily job would.

        A unit already reminded is not asked twice; a unit without a plan has
        nothing to be reminded of: "Prepare the units' plans" makes it one.
        """
        self._kttv_require("kttv_emulation.group_emulation_officer", _("remind the late units"))
        Activity = self.env["mail.activity"].sudo()
        plans = self.unit_plan_ids.filtered(lambda plan: plan.state == "draft" and plan.submission_status == "overdue")
        before = Activity.search_count([("res_model", "=", "kttv.unit.plan"), ("res_id", "in", plans.ids)])
        plans._kttv_activity_update()
        reminded = Activity.search_count([("res_model", "=", "kttv.unit.plan"), ("res_id", "in", plans.ids)]) - before
        missing = self.env["hr.department"].search_count(
            [("kttv_is_unit", "=", True), ("id", "not in", self.unit_plan_ids.department_id.ids)]
        )
        message = _(
            "%(overdue)s units are overdue: %(reminded)s reminders sent to their officers, the others had one already.",
            overdue=len(plans.department_id),
            reminded=reminded,
        )
        if missing:
            message += " " + _(
                '%(missing)s units have no plan for the phase yet: use "Prepare the units\' plans" on the plan.',
                missing=missing,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Late units reminded"),
                "message": message,
                "type": "warning" if missing else "success",
                "sticky": False,
            },
        }

    def _dashboard_funds(self):
        """The funds of the phase's years, one line per level, the Administration's first.

        Each level has its own fund and its own 20% share: adding them up would
        hide a level that overspends behind another that does not.
        """
        self.ensure_one()
        Fund = self.env["kttv.reward.fund"]
        levels = dict(Fund._fields["level"]._description_selection(self.env))
        rows = []
        for level, allocated, reward_paid, activity_spent, share in Fund._read_group(
            [("year", ">=", self.date_start.year), ("year", "<=", self.date_end.year)],
            ["level"],
            ["allocated:sum", "reward_paid:sum", "activity_spent:sum", "replication_share:sum"],
        ):
            rows.append(
                {
                    "level": level,
                    "label": levels.get(level, level),
                    "allocated": allocated,
                    "reward_paid": reward_paid,
                    "activity_spent": activity_spent,
                    "share": share,
                    "share_remaining": share - activity_spent,
                    "balance": allocated - reward_paid - activity_spent,
                }
            )
        rank = list(levels)
        rows.sort(key=lambda row: (row["level"] != "administration", rank.index(row["level"])))
        main = next((row for row in rows if row["level"] == "administration"), None)
        empty = dict.fromkeys(("allocated", "reward_paid", "activity_spent", "share", "share_remaining", "balance"), 0)
        return {"funds": rows, "fund": main or {"level": "administration", "label": levels["administration"], **empty}}
