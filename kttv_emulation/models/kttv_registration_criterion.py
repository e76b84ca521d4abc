from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..lib import criteria, streaks
from .kttv_workflow_mixin import OFFICER, UNIT

# States in which the criteria still follow the history; frozen at nomination.
EVIDENCE_STATES = ("draft", "submitted", "nurturing")
REGISTRATION = "kttv.exemplar.registration"
EVIDENCE_FIELDS = frozenset({"evidence_note", "evidence_attachment_ids"})
OFFICER_FIELDS = frozenset({"review_result"})
# Keyed on the registration's state: the unit adds its evidence until the
# nomination, TCCB decides until the council (which votes on them as they
# stand); nobody else, and nothing else
# (the rule's results are the engine's, written as superuser).
WRITABLE = {
    **{state: {UNIT: EVIDENCE_FIELDS, OFFICER: EVIDENCE_FIELDS | OFFICER_FIELDS} for state in EVIDENCE_STATES},
    "nominated": {OFFICER: EVIDENCE_FIELDS | OFFICER_FIELDS},
}

RESULTS = [
    ("pass", "Met"),
    ("fail", "Not met"),
    ("pending", "Undecided"),
    ("not_applicable", "Not applicable"),
]


class KttvRegistrationCriterion(models.Model):
    """How a registration stands against one criterion."""

    _name = "kttv.registration.criterion"
    _inherit = ["kttv.workflow.mixin"]
    _description = "Registration criterion"
    _order = "registration_id, sequence, id"

    # The guard is the workflow mixin's, on the registration's state.
    _kttv_state_from = "registration_id"
    _kttv_writable = WRITABLE
    # Lines come from the plan's criteria when the registration is assessed;
    # a client adds at most the evidence and the reviewer's word.
    _kttv_create_fields = frozenset({"criterion_id"})
    _kttv_unlink_states = EVIDENCE_STATES
    # A field no role of the user writes is a matter of role: AccessError.
    _kttv_role_exception = AccessError
    _kttv_create_defaults = {}

    registration_id = fields.Many2one("kttv.exemplar.registration", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one("kttv.exemplar.criterion", required=True, ondelete="restrict")
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    method = fields.Selection(related="criterion_id.method")
    needs_review = fields.Boolean(related="criterion_id.needs_review")
    rule_result = fields.Selection(RESULTS, readonly=True, copy=False)
    rule_detail = fields.Char(readonly=True, copy=False, help="What the rule found in the history.")
    evaluated_on = fields.Datetime(readonly=True, copy=False)
    review_result = fields.Selection(
        [("pass", "Met"), ("fail", "Not met")],
        "Reviewer's result",
        copy=False,
        help="The reviewer's decision, with evidence; it prevails over the rule.",
    )
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False)
    evidence_note = fields.Text("Evidence")
    evidence_attachment_ids = fields.Many2many("ir.attachment", string="Evidence files")
    result = fields.Selection(RESULTS, compute="_compute_result", store=True)

    _sql_constraints = [
        (
            "criterion_unique",
            "unique(registration_id, criterion_id)",
            "A criterion appears once on a registration.",
        ),
    ]

    @api.depends("rule_result", "review_result", "criterion_id.method", "criterion_id.needs_review")
    def _compute_result(self):
        for line in self:
            line.result = criteria.final_result(
                line.criterion_id.method, line.rule_result, line.review_result, line.criterion_id.needs_review
            )

    def write(self, vals):
        res = super().write(vals)
        if "review_result" in vals:
            # Past the guard, which refuses the reviewer to a client.
            self.sudo().write({"reviewer_id": self.env.user.id if vals["review_result"] else False})
        return res

    def _kttv_role_message(self, names):
        if "review_result" in names:
            return _("Only a TCCB officer decides a criterion.")
        return _(
            "%(fields)s of a criterion are decided by its rule or its reviewer, not written by hand.",
            fields=self._kttv_field_labels(names),
        )

    def _kttv_locked_message(self, names):
        return _("The criteria of a nominated registration are kept as they were assessed.")

    def _kttv_unlink_message(self):
        return _("The criteria of a nominated registration are kept as they were assessed.")

    # ------------------------------------------------------------------
    # The criteria engine: every line of many registrations, in batch
    # ------------------------------------------------------------------

    @api.model
    def _select_rows(self, model, domain, fields):
        """Plain tuples of ``fields`` for the records of ``model`` matching ``domain``.

        One query, no record objects: the rules below walk tens of thousands of
        criterion lines, where building records would cost more than the SQL.
        """
        Model = self.env[model]
        Model.flush_model([field for field in fields if field != "id"])
        columns = [SQL.identifier(Model._table, field) for field in fields]
        return self.env.execute_query(Model._search(domain, order="id").select(*columns))

    @api.model
    def _registration_ids(self, registrations):
        return list(registrations.ids if isinstance(registrations, models.BaseModel) else registrations)

    @api.model
    def _evaluate_criteria(self, registrations, pending_only=False):
        """Add the plan's criteria to ``registrations`` (records or ids) and decide those a rule decides.

        A constant number of queries whatever the number of registrations:
        plain rows in, the streak engine for the history, set-based UPDATEs out.
        With ``pending_only``, nominated registrations too, but only the lines
        still undecided: what was decided at nomination stays.
        """
        states = ("nominated",) if pending_only else EVIDENCE_STATES
        regs = {
            row[0]: row
            for row in self._select_rows(
                REGISTRATION,
                [("id", "in", self._registration_ids(registrations)), ("state", "in", states)],
                ["id", "target", "employee_id", "department_id", "phase_id", "plan_id"],
            )
        }
        if not regs:
            return
        line_domain = [("registration_id", "in", list(regs))]
        if pending_only:
            line_domain.append(("result", "=", criteria.PENDING))
        lines = self._select_rows(self._name, line_domain, ["id", "registration_id", "criterion_id", "review_result"])
        if not pending_only:
            lines += self._add_missing_lines(regs, {(row[1], row[2]) for row in lines})
        criteria_by_id = {c.id: c for c in self.env["kttv.exemplar.criterion"].browse({row[2] for row in lines})}
        phases = {
            phase.id: (phase.assessed_year_from or None, phase.assessed_year_to or None)
            for phase in self.env["kttv.exemplar.phase"].browse({reg[4] for reg in regs.values()})
        }
        by_criterion = defaultdict(list)
        for row in lines:
            if criteria_by_id[row[2]].method == "rule":
                by_criterion[row[2]].append(row)
        results = {}
        for criterion_id, rows in by_criterion.items():
            criterion = criteria_by_id[criterion_id]
            if criterion.rule == "history":
                results.update(self._history_results(criterion, rows, regs, phases))
            elif criterion.rule == "unit_exemplar":
                results.update(self._unit_head_results(rows, regs))
        self._store_rule_results(regs, results, by_criterion, criteria_by_id)

    @api.model
    def _applicable_criteria(self, plans):
        """``{(plan id, target): criterion ids}`` of the plans' criteria, for both targets."""
        return {
            (plan.id, target): plan.criterion_ids._applies(target).ids
            for plan in plans
            for target in ("individual", "collective")
        }

    @api.model
    def _remove_inapplicable_lines(self, registrations):
        """Drop the lines of criteria that no longer apply: the target or the phase changed in draft."""
        registrations = self.env[REGISTRATION].browse(self._registration_ids(registrations))
        applicable = self._applicable_criteria(registrations.plan_id)
        stale = registrations.criterion_line_ids.filtered(
            lambda line: (
                line.criterion_id.id
                not in applicable.get((line.registration_id.plan_id.id, line.registration_id.target), ())
            )
        )
        stale.unlink()

    @api.model
    def _add_missing_lines(self, regs, have):
        """Insert, in one statement, the lines of the plan's criteria ``regs`` lack; their rows.

        The ORM would insert them 100 rows at a time, then compute their
        sequence and result 100 rows at a time: a phase registers thousands
        of candidates with 9 to 12 criteria each.  The rule lines are decided
        right after, by ``_store_rule_results``.
        """
        plans = self.env["kttv.exemplar.plan"].browse({reg[5] for reg in regs.values()})
        applicable = self._applicable_criteria(plans)
        catalog = {criterion.id: criterion for criterion in plans.criterion_ids}
        new_lines = [
            (reg_id, criterion_id)
            for reg_id, reg in regs.items()
            for criterion_id in applicable.get((reg[5], reg[1]), ())
            if (reg_id, criterion_id) not in have
        ]
        if not new_lines:
            return []
        now = fields.Datetime.now()
        rows = self.env.execute_query(
            SQL(
                """INSERT INTO kttv_registration_criterion
                       (registration_id, criterion_id, sequence, result, create_uid, create_date, write_uid, write_date)
                   SELECT v.registration_id, v.criterion_id, v.sequence, v.result, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(registrations)s::int[], %(criteria)s::int[], %(sequences)s::int[],
                                 %(results)s::varchar[]) AS v(registration_id, criterion_id, sequence, result)
                   RETURNING id, registration_id, criterion_id""",
                uid=self.env.uid,
                now=now,
                registrations=[reg_id for reg_id, _criterion in new_lines],
                criteria=[criterion_id for _reg, criterion_id in new_lines],
                sequences=[catalog[criterion_id].sequence for _reg, criterion_id in new_lines],
                results=[
                    criteria.final_result(
                        catalog[criterion_id].method, False, False, catalog[criterion_id].needs_review
                    )
                    for _reg, criterion_id in new_lines
                ],
            )
        )
        self.env[REGISTRATION].browse(regs).invalidate_recordset(["criterion_line_ids"])
        return [(line_id, reg_id, criterion_id, False) for line_id, reg_id, criterion_id in rows]

    @api.model
    def _history_results(self, criterion, rows, regs, phases):
        """Results of a history criterion for its lines; 2 to 4 queries."""
        results = {}
        messages = {}
        for index, model in ((2, "hr.employee"), (3, "hr.department")):
            group = [row for row in rows if regs[row[1]][index]]
            if not group:
                continue
            subjects = self.env[model].browse({regs[row[1]][index] for row in group})
            last = max((phases[regs[row[1]][4]][1] or 0) for row in group)
            year_sets = []
            if criterion.rule_title_id:
                title_rows = self.env["kttv.achievement"]._title_rows(
                    subjects, criterion.rule_title_id._with_higher(), last
                )
                year_sets.append(streaks.group_years(title_rows))
            if criterion.rule_rating:
                rating_rows = self.env["kttv.annual.rating"]._rating_rows(
                    subjects, last, streaks.rating_levels_from(criterion.rule_rating)
                )
                year_sets.append(streaks.group_years((subject, year) for subject, year, _r in rating_rows))
            for line_id, reg_id, _criterion, _review in group:
                reg = regs[reg_id]
                first, last_year = phases[reg[4]]
                result, missing = criteria.history_rule(
                    first, last_year, *(years.get(reg[index], set()) for years in year_sets)
                )
                key = (result, first, last_year, tuple(missing))
                if key not in messages:
                    messages[key] = self._history_detail(*key)
                results[line_id] = (result, messages[key])
        return results

    @api.model
    def _history_detail(self, result, first, last, missing):
        if result == criteria.PASS:
            return _("Every year from %(first)s to %(last)s.", first=first, last=last)
        if result == criteria.FAIL:
            return _("Missing in %(years)s.", years=", ".join(str(year) for year in missing))
        return _("The phase has no assessed years.")

    @api.model
    def _unit_head_results(self, rows, regs):
        """The unit-head rule for its lines; 3 queries."""
        employee_ids = {regs[row[1]][2] for row in rows if regs[row[1]][2]}
        unit_of = dict(self._select_rows("hr.employee", [("id", "in", list(employee_ids))], ["id", "department_id"]))
        units = self.env["hr.department"].browse({unit for unit in unit_of.values() if unit})
        manager_of = dict(self._select_rows("hr.department", [("id", "in", units.ids)], ["id", "manager_id"]))
        states = defaultdict(list)
        for department, phase, state in self._select_rows(
            REGISTRATION,
            [("department_id", "in", units.ids), ("phase_id", "in", list({reg[4] for reg in regs.values()}))],
            ["department_id", "phase_id", "state"],
        ):
            states[department, phase].append(state)
        names = {unit.id: unit.name for unit in units}
        messages = {}
        results = {}
        for line_id, reg_id, _criterion, _review in rows:
            reg = regs[reg_id]
            unit = unit_of.get(reg[2])
            is_head = bool(unit) and manager_of.get(unit) == reg[2]
            result = criteria.unit_head_rule(is_head, states[unit, reg[4]])
            key = (result, None if result == criteria.NOT_APPLICABLE else unit)
            if key not in messages:
                messages[key] = self._unit_head_detail(result, names.get(unit, ""))
            results[line_id] = (result, messages[key])
        return results

    @api.model
    def _unit_head_detail(self, result, unit):
        if result == criteria.NOT_APPLICABLE:
            return _("Not the head of a unit.")
        if result == criteria.PASS:
            return _("%(unit)s is a recognised exemplar.", unit=unit)
        if result == criteria.PENDING:
            return _("%(unit)s is registered; its recognition is pending.", unit=unit)
        return _("%(unit)s is not an exemplar of this phase.", unit=unit)

    @api.model
    def _store_rule_results(self, regs, results, by_criterion, criteria_by_id):
        """Write every line's result, and the registrations' date, in two statements.

        The ORM would flush them 100 rows at a time; this batch is the hot
        path of a phase (thousands of registrations).
        """
        ids, rule_results, details, finals = [], [], [], []
        for criterion_id, rows in by_criterion.items():
            criterion = criteria_by_id[criterion_id]
            for line_id, _reg, _criterion, review in rows:
                result, detail = results[line_id]
                ids.append(line_id)
                rule_results.append(result)
                details.append(detail)
                finals.append(criteria.final_result(criterion.method, result, review, criterion.needs_review))
        now = fields.Datetime.now()
        self.env.flush_all()
        if ids:
            self.env.execute_query(
                SQL(
                    """UPDATE kttv_registration_criterion AS line
                       SET rule_result = v.rule_result, rule_detail = v.detail, result = v.result,
                           evaluated_on = %(now)s, write_date = %(now)s, write_uid = %(uid)s
                       FROM unnest(%(ids)s::int[], %(rule_results)s::varchar[], %(details)s::varchar[],
                                   %(finals)s::varchar[]) AS v(id, rule_result, detail, result)
                       WHERE line.id = v.id""",
                    now=now,
                    uid=self.env.uid,
                    ids=ids,
                    rule_results=rule_results,
                    details=details,
                    finals=finals,
                )
            )
        self.env.execute_query(
            SQL(
                "UPDATE kttv_exemplar_registration SET criteria_evaluated_on = %s WHERE id = ANY(%s)",
                now,
                list(regs),
            )
        )
        self.invalidate_model(["rule_result", "rule_detail", "result", "evaluated_on", "write_date", "write_uid"])
        self.env[REGISTRATION].invalidate_model(["criteria_evaluated_on"])
