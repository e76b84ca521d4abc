from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_datetime

from ..lib import criteria, streaks
from .kttv_workflow_mixin import COUNCIL, OFFICER, UNIT

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("nurturing", "Nurturing"),
    ("nominated", "Nominated"),
    ("council", "Before the council"),
    ("recognized", "Recognised"),
    ("ministry_proposed", "Proposed to the Ministry"),
    ("ministry_recognized", "Recognised by the Ministry"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
# States in which the criteria still follow the history; frozen at nomination.
EVALUATED_STATES = ("draft", "submitted", "nurturing")
RECOGNISED_STATES = ("recognized", "ministry_proposed", "ministry_recognized")

REVIEW = "kttv_emulation.mail_act_registration_review"
NURTURE = "kttv_emulation.mail_act_registration_nurture"
REVISE = "kttv_emulation.mail_act_registration_revise"
CHECK = "kttv_emulation.mail_act_registration_check"
VOTE = "kttv_emulation.mail_act_registration_vote"
SIGN = "kttv_emulation.mail_act_registration_sign"
STEP_ACTIVITIES = (REVIEW, NURTURE, REVISE, CHECK, VOTE, SIGN)

# Written by the life cycle only (the action_* methods, the council, the
# decisions): never by a client, whatever its role.
WORKFLOW_FIELDS = {
    "name",
    "state",
    "date_submitted",
    "date_accepted",
    "date_nominated",
    "date_recognized",
    "vote_approve_count",
    "vote_member_count",
    "vote_percent",
    "vote_threshold",
    "vote_passed",
    "decision_ids",
    "proposal_ids",
    "replication_activity_ids",
    "return_reason",
    "refuse_reason",
    "cancel_reason",
    "criteria_evaluated_on",
}
# What the form sends for them when it creates a registration: not a step taken.
CREATE_DEFAULTS = {"state": "draft", "name": "/"}
# Who and what is registered: fixed once the unit has submitted.
SUBJECT_FIELDS = {"employee_id", "department_id", "target", "phase_id", "registering_unit_id"}
# From the council on, the dossier is what the council voted on.
LOCKED_STATES = ("council", "recognized", "ministry_proposed", "ministry_recognized", "refused", "cancelled")
# What a unit officer may still change after submitting: nothing but the
# nomination dossier while the exemplar is nurtured.
NOMINATION_FIELDS = {
    "achievement_report",
    "achievement_report_name",
    "unit_minutes",
    "unit_minutes_name",
    "unit_vote_date",
    "unit_vote_approve",
    "unit_vote_total",
    "achievement_summary",
    "title_id",
    "criterion_line_ids",
}


class KttvExemplarRegistration(models.Model):
    """A candidate exemplar registered by a unit for a phase (đăng ký xây dựng điển hình)."""

    _name = "kttv.exemplar.registration"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.subject.mixin", "kttv.workflow.mixin"]
    _description = "Exemplar registration"
    _order = "id desc"
    _mail_post_access = "read"

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    phase_id = fields.Many2one(
        "kttv.exemplar.phase",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        default=lambda self: self.env["kttv.exemplar.phase"]._current(),
    )
    plan_id = fields.Many2one(related="phase_id.plan_id", store=True, index=True)
    registering_unit_id = fields.Many2one(
        "hr.department",
        string="Registering unit",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user.kttv_unit_ids[:1],
        help="The unit that registers the candidate; the candidate belongs to it or to one of its sub-units.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Unit officer",
        tracking=True,
        default=lambda self: self.env.user if not self.env.user.has_group(OFFICER) else False,
        help="The unit's emulation officer who follows this registration and receives its activities.",
    )
    unit_plan_id = fields.Many2one("kttv.unit.plan", compute="_compute_unit_plan_id", string="Unit plan", groups=UNIT)
    employee_id = fields.Many2one(tracking=True)
    department_id = fields.Many2one(tracking=True)
    target = fields.Selection(required=True, default="individual", tracking=True)
    scope = fields.Selection(
        [("comprehensive", "Comprehensive"), ("specific", "On specific aspects")],
        required=True,
        default="comprehensive",
        tracking=True,
        help="Exemplar in every respect, or on some aspects of the work only (plan II.1.3).",
    )
    scope_aspects = fields.Char("Aspects", help="Which aspects, for an exemplar on specific aspects.")
    field_of_work = fields.Char(help="e.g. forecasting, observation, administration.")
    title_id = fields.Many2one(
        "kttv.emulation.title",
        string="Recognition proposed",
        tracking=True,
        ondelete="restrict",
        help="Title or commendation the unit proposes; its vote threshold applies in the council.",
    )
    model_summary = fields.Text("Model or initiative", help="The model, initiative or way of working, in a few lines.")
    achievement_summary = fields.Html("Achievements", help="The achievement report, in short.")
    criterion_line_ids = fields.One2many("kttv.registration.criterion", "registration_id", string="Criteria")
    criteria_pending_count = fields.Integer("Undecided criteria", compute="_compute_criteria_counts")
    criteria_failed_count = fields.Integer("Criteria not met", compute="_compute_criteria_counts")
    criteria_evaluated_on = fields.Datetime(readonly=True, copy=False)
    criteria_summary = fields.Char(compute="_compute_criteria_counts")
    nurturing_review_ids = fields.One2many("kttv.nurturing.review", "registration_id", string="Nurturing reviews")
    nurturing_review_count = fields.Integer(compute="_compute_nurturing_review_count")
    achievement_report = fields.Binary(attachment=True, copy=False, help="The unit's report of achievements.")
    achievement_report_name = fields.Char(copy=False)
    unit_minutes = fields.Binary(
        "Minutes of the unit's vote",
        attachment=True,
        copy=False,
        help="The collective acknowledged and put the candidate forward (được tập thể thừa nhận, suy tôn).",
    )
    unit_minutes_name = fields.Char(copy=False)
    unit_vote_date = fields.Date("Unit vote date", copy=False)
    unit_vote_approve = fields.Integer("Votes for (unit)", copy=False)
    unit_vote_total = fields.Integer("Voters (unit)", copy=False)
    council_session_id = fields.Many2one(
        "kttv.council.session", string="Council session", index=True, tracking=True, copy=False
    )
    vote_ids = fields.One2many("kttv.council.vote", "registration_id", string="Votes", groups=OFFICER)
    vote_approve_count = fields.Integer("Votes for", readonly=True, copy=False)
    vote_member_count = fields.Integer("Council members", readonly=True, copy=False)
    vote_percent = fields.Float("Share of members (%)", readonly=True, copy=False, digits=(5, 2))
    vote_threshold = fields.Float("Threshold (%)", readonly=True, copy=False, digits=(5, 2))
    vote_passed = fields.Boolean("Approved by the council", readonly=True, copy=False)
    council_comments = fields.Text(
        "Members' comments",
        compute="_compute_council_comments",
        help="What the members wrote with their ballots, without their names: the ballot is secret.",
    )
    my_vote = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], compute="_compute_my_vote", string="My vote"
    )
    can_vote = fields.Boolean(compute="_compute_my_vote")
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand=True,
        string="Status",
    )
    date_submitted = fields.Date(readonly=True, copy=False)
    date_accepted = fields.Date(readonly=True, copy=False)
    date_nominated = fields.Date(readonly=True, copy=False)
    date_recognized = fields.Date(readonly=True, copy=False)
    decision_ids = fields.Many2many(
        "kttv.emulation.decision",
        "kttv_decision_registration_rel",
        "registration_id",
        "decision_id",
        string="Decisions",
        copy=False,
        readonly=True,
    )
    replication_activity_ids = fields.Many2many(
        "kttv.replication.activity",
        "kttv_activity_registration_rel",
        "registration_id",
        "activity_id",
        string="Replication activities",
        copy=False,
        readonly=True,
    )
    replication_count = fields.Integer(compute="_compute_replication_count")
    proposal_ids = fields.Many2many(
        "kttv.ministry.proposal",
        "kttv_proposal_registration_rel",
        "registration_id",
        "proposal_id",
        string="Proposals to the Ministry",
        copy=False,
        readonly=True,
    )
    return_reason = fields.Text(readonly=True, copy=False, tracking=True)
    refuse_reason = fields.Text(readonly=True, copy=False, tracking=True)
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    is_late = fields.Boolean(
        "Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Submitted after the phase's deadline, or still a draft past it.",
    )
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        ("name_unique", "unique(name)", "The reference of a registration must be unique."),
    ]

    def init(self):
        # One registration per subject and phase, a cancelled one aside: the
        # Python check names the subject; this index holds under concurrency.
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS kttv_exemplar_registration_subject_phase_uniq
                   ON kttv_exemplar_registration (phase_id, COALESCE(employee_id, 0), COALESCE(department_id, 0))
                   WHERE state != 'cancelled'"""
            )
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("name", "employee_id", "department_id")
    def _compute_display_name(self):
        for registration in self:
            # A unit by its own name: every unit sits under the Administration.
            subject = registration._subject().with_context(hierarchical_naming=False).display_name
            registration.display_name = f"{registration.name} – {subject}" if subject else registration.name

    @api.depends("phase_id", "registering_unit_id")
    def _compute_unit_plan_id(self):
        plans = self.env["kttv.unit.plan"].search(
            [("phase_id", "in", self.phase_id.ids), ("department_id", "in", self.registering_unit_id.ids)]
        )
        by_key = {(plan.phase_id.id, plan.department_id.id): plan for plan in plans}
        for registration in self:
            registration.unit_plan_id = by_key.get((registration.phase_id.id, registration.registering_unit_id.id))

    @api.depends("criterion_line_ids.result", "criteria_evaluated_on")
    @api.depends_context("lang", "tz")
    def _compute_criteria_counts(self):
        for registration in self:
            results = registration.criterion_line_ids.mapped("result")
            registration.criteria_pending_count = sum(1 for r in results if r not in criteria.DECIDED)
            registration.criteria_failed_count = results.count(criteria.FAIL)
            # One sentence, so that a translation can order its parts freely.
            registration.criteria_summary = registration.criteria_evaluated_on and _(
                "Assessed on %(date)s: %(pending)s undecided, %(failed)s not met.",
                date=format_datetime(registration.env, registration.criteria_evaluated_on, dt_format="short"),
                pending=registration.criteria_pending_count,
                failed=registration.criteria_failed_count,
            )

    def _compute_replication_count(self):
        counts = dict(
            self.env["kttv.replication.activity"]._read_group(
                [("registration_ids", "in", self.ids)], ["registration_ids"], ["__count"]
            )
        )
        for registration in self:
            registration.replication_count = counts.get(registration, 0)

    def action_open_replication(self):
        """Where has this model been shown?"""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_replication_activity_action")
        action["domain"] = [("registration_ids", "in", self.ids)]
        action["context"] = {
            "default_registration_ids": [(6, 0, self.ids)],
            "default_phase_id": self.phase_id.id,
            "default_organising_unit_id": self.registering_unit_id.id,
        }
        return action

    def _compute_nurturing_review_count(self):
        counts = dict(
            self.env["kttv.nurturing.review"]._read_group(
                [("registration_id", "in", self.ids)], ["registration_id"], ["__count"]
            )
        )
        for registration in self:
            registration.nurturing_review_count = counts.get(registration, 0)

    @api.depends("council_session_id", "vote_ids")
    def _compute_council_comments(self):
        comments = defaultdict(list)
        domain = [("registration_id", "in", self.ids), ("comment", "!=", False)]
        votes = self.env["kttv.council.vote"].sudo().search_fetch(domain, ["registration_id", "session_id", "comment"])
        for vote in votes:
            comments[vote.registration_id.id, vote.session_id.id].append(vote.comment.strip())
        for registration in self:
            # Sorted by their text, so that their order gives no voter away.
            texts = sorted(comments.get((registration.id, registration.council_session_id.id), []))
            registration.council_comments = "\n".join(f"– {text}" for text in texts) or False

    @api.depends_context("uid")
    @api.depends("state", "council_session_id", "vote_ids")
    def _compute_my_vote(self):
        user = self.env.user
        votes = {
            (vote.registration_id.id, vote.session_id.id): vote.vote
            for vote in self.env["kttv.council.vote"]
            .sudo()
            .search([("registration_id", "in", self.ids), ("member_id", "=", user.id)])
        }
        for registration in self:
            session = registration.council_session_id
            registration.my_vote = votes.get((registration.id, session.id))
            registration.can_vote = (
                registration.state == "council"
                and session.state == "voting"
                and user in session.sudo().member_ids
                and not registration.my_vote
            )

    @api.depends("state", "date_submitted", "phase_id.registration_deadline")
    @api.depends_context("uid")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for registration in self:
            deadline = registration.phase_id.registration_deadline
            if not deadline:
                registration.is_late = False
            elif registration.date_submitted:
                registration.is_late = registration.date_submitted > deadline
            else:
                registration.is_late = registration.state == "draft" and deadline < today

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        today = fields.Date.context_today(self)
        late_ids = self.env.execute_query(
            SQL(
                """SELECT r.id FROM kttv_exemplar_registration r
                   JOIN kttv_exemplar_phase p ON p.id = r.phase_id
                   WHERE p.registration_deadline IS NOT NULL
                     AND (r.date_submitted > p.registration_deadline
                          OR (r.date_submitted IS NULL AND r.state = 'draft' AND p.registration_deadline < %s))""",
                today,
            )
        )
        ids = [row[0] for row in late_ids]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    @api.depends("state", "vote_passed")
    def _compute_color(self):
        colors = {"refused": 1, "cancelled": 0, "recognized": 10, "ministry_recognized": 10, "council": 4}
        for registration in self:
            registration.color = colors.get(registration.state, 0)

    # ------------------------------------------------------------------
    # Create, write, unlink
    # ------------------------------------------------------------------

    def _key_fields(self):
        return ["employee_id", "department_id", "phase_id"]

    def _duplicate_key(self, vals):
        """One registration per subject and phase (a cancelled one does not count)."""
        if not vals.get("phase_id") or bool(vals.get("employee_id")) == bool(vals.get("department_id")):
            return None
        return (vals.get("employee_id") or False, vals.get("department_id") or False, vals["phase_id"])

    def _duplicate_domain(self, keys):
        return [
            ("phase_id", "in", list({key[2] for key in keys})),
            ("state", "!=", "cancelled"),
            "|",
            ("employee_id", "in", [key[0] for key in keys if key[0]]),
            ("department_id", "in", [key[1] for key in keys if key[1]]),
        ]

    def _duplicate_message(self, key):
        employee, department, phase = key
        subject = self.env["hr.employee"].browse(employee) or self.env["hr.department"].browse(department)
        return _(
            "%(subject)s is already registered in %(phase)s.",
            subject=subject.sudo().display_name,
            phase=self.env["kttv.exemplar.phase"].browse(phase).sudo().name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_create_values(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kttv.exemplar.registration") or "/"
        registrations = super().create(vals_list)
        registrations._check_subject_in_unit()
        registrations.sudo()._evaluate_criteria()
        return registrations

    def write(self, vals):
        if not self.env.su:
            # Access first: a role with no write right hears that, not a workflow message.
            self.check_access("write")
            self._check_can_write(vals)
        res = super().write(vals)
        if {"employee_id", "department_id", "registering_unit_id"} & set(vals):
            self._check_subject_in_unit()
            self.check_access("write")
        if {"employee_id", "department_id", "phase_id", "target"} & set(vals):
            self.sudo()._remove_inapplicable_lines()
            self.sudo()._evaluate_criteria()
        return res

    def _check_create_values(self, vals_list):
        """A registration starts as a draft: its life cycle is not for a client to write."""
        officer = self.env.user.has_group(OFFICER)
        for vals in vals_list:
            forbidden = {
                name for name in set(vals) & WORKFLOW_FIELDS if vals[name] and vals[name] != CREATE_DEFAULTS.get(name)
            }
            if not officer and vals.get("council_session_id"):
                forbidden.add("council_session_id")
            if forbidden:
                raise UserError(self._workflow_fields_message(forbidden))

    def _workflow_fields_message(self, names):
        labels = sorted(self._fields[name]._description_string(self.env) for name in names)
        return _(
            "%(fields)s: set by the steps of the registration (submit, accept, nominate, the council's vote, "
            "the decision), not by hand.",
            fields=", ".join(labels),
        )

    def _check_can_write(self, vals):
        if "state" in vals:
            raise UserError(_("Use the buttons of the registration to change its status."))
        if WORKFLOW_FIELDS & set(vals):
            raise UserError(self._workflow_fields_message(WORKFLOW_FIELDS & set(vals)))
        officer = self.env.user.has_group(OFFICER)
        for registration in self:
            if registration.state in LOCKED_STATES:
                raise UserError(
                    _(
                        "%(registration)s is %(state)s: the dossier stays as the council considered it.",
                        registration=registration.display_name,
                        state=dict(STATES)[registration.state],
                    )
                )
            if registration.state != "draft" and SUBJECT_FIELDS & set(vals):
                raise UserError(
                    _(
                        "%(registration)s has been submitted: its subject, target, phase and unit no longer "
                        "change. Return it to the unit first.",
                        registration=registration.display_name,
                    )
                )
        if officer:
            return
        if "council_session_id" in vals:
            raise AccessError(_("Only a TCCB officer puts a dossier before a council session."))
        for registration in self:
            if registration.state == "draft":
                continue
            if registration.state == "nurturing" and set(vals) <= NOMINATION_FIELDS:
                continue
            raise UserError(
                _(
                    "%(registration)s is %(state)s: the unit can no longer change it.",
                    registration=registration.display_name,
                    state=dict(STATES)[registration.state],
                )
            )

    def _check_subject_in_unit(self):
        for registration in self:
            subject_unit = registration.sudo().unit_id
            if subject_unit and registration.registering_unit_id not in self.env["hr.department"].sudo().search(
                [("id", "parent_of", subject_unit.id)]
            ):
                raise ValidationError(
                    _(
                        "%(subject)s does not belong to %(unit)s: a unit registers its own staff and sub-units.",
                        subject=registration.sudo()._subject().display_name,
                        unit=registration.registering_unit_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        for registration in self:
            if registration.state in RECOGNISED_STATES:
                raise UserError(
                    _(
                        "%(registration)s is recognised: it cannot be deleted, only cancelled by "
                        "cancelling its decision.",
                        registration=registration.display_name,
                    )
                )
            if registration.state != "draft":
                raise UserError(
                    _(
                        "%(registration)s has been submitted: cancel it instead of deleting it.",
                        registration=registration.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Criteria
    # ------------------------------------------------------------------

    def action_evaluate_criteria(self):
        """Assess the criteria again.

        Before nomination every line follows the history.  Once nominated the
        lines are kept as assessed, except those a rule could not decide yet
        (a head's unit whose own recognition was pending): TCCB may settle
        them before the council.
        """
        self.check_access("write")
        nominated = self.filtered(lambda registration: registration.state == "nominated")
        for registration in self - nominated:
            if registration.state not in EVALUATED_STATES:
                raise UserError(
                    _(
                        "%(registration)s is %(state)s: its criteria are kept as they were assessed.",
                        registration=registration.display_name,
                        state=dict(STATES)[registration.state],
                    )
                )
        if nominated:
            self._kttv_require(OFFICER, _("settle the undecided criteria of a nominated exemplar"))
        (self - nominated).sudo()._evaluate_criteria()
        nominated.sudo()._evaluate_criteria(pending_only=True)

    def _select_rows(self, model, domain, fields):
        """Plain tuples of ``fields`` for the records of ``model`` matching ``domain``.

        One query, no record objects: the rules below walk tens of thousands of
        criterion lines, where building records would cost more than the SQL.
        """
        Model = self.env[model]
        Model.flush_model([field for field in fields if field != "id"])
        columns = [SQL.identifier(Model._table, field) for field in fields]
        return self.env.execute_query(Model._search(domain, order="id").select(*columns))

    def _evaluate_criteria(self, pending_only=False):
        """Add the plan's criteria and decide those a rule decides, in batch.

        A constant number of queries whatever the number of registrations:
        plain rows in, the streak engine for the history, set-based UPDATEs out.
        With ``pending_only``, nominated registrations too, but only the lines
        still undecided: what was decided at nomination stays.
        """
        states = ("nominated",) if pending_only else EVALUATED_STATES
        regs = {
            row[0]: row
            for row in self._select_rows(
                self._name,
                [("id", "in", self.ids), ("state", "in", states)],
                ["id", "target", "employee_id", "department_id", "phase_id", "plan_id"],
            )
        }
        if not regs:
            return
        Line = self.env["kttv.registration.criterion"]
        line_domain = [("registration_id", "in", list(regs))]
        if pending_only:
            line_domain.append(("result", "=", criteria.PENDING))
        lines = self._select_rows(Line._name, line_domain, ["id", "registration_id", "criterion_id", "review_result"])
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

    def _remove_inapplicable_lines(self):
        """Drop the lines of criteria that no longer apply: the target or the phase changed in draft."""
        for registration in self:
            applicable = registration.plan_id.criterion_ids._applies(registration.target)
            stale = registration.criterion_line_ids.filtered(lambda line, keep=applicable: line.criterion_id - keep)
            stale.unlink()

    def _add_missing_lines(self, regs, have):
        plans = self.env["kttv.exemplar.plan"].browse({reg[5] for reg in regs.values()})
        applicable = {
            (plan.id, target): plan.criterion_ids._applies(target).ids
            for plan in plans
            for target in ("individual", "collective")
        }
        new_lines = [
            {"registration_id": reg_id, "criterion_id": criterion_id}
            for reg_id, reg in regs.items()
            for criterion_id in applicable[reg[5], reg[1]]
            if (reg_id, criterion_id) not in have
        ]
        created = self.env["kttv.registration.criterion"].create(new_lines) if new_lines else []
        return [(line.id, line.registration_id.id, line.criterion_id.id, False) for line in created]

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

    def _history_detail(self, result, first, last, missing):
        if result == criteria.PASS:
            return _("Every year from %(first)s to %(last)s.", first=first, last=last)
        if result == criteria.FAIL:
            return _("Missing in %(years)s.", years=", ".join(str(year) for year in missing))
        return _("The phase has no assessed years.")

    def _unit_head_results(self, rows, regs):
        """The unit-head rule for its lines; 3 queries."""
        employee_ids = {regs[row[1]][2] for row in rows if regs[row[1]][2]}
        unit_of = dict(self._select_rows("hr.employee", [("id", "in", list(employee_ids))], ["id", "department_id"]))
        units = self.env["hr.department"].browse({unit for unit in unit_of.values() if unit})
        manager_of = dict(self._select_rows("hr.department", [("id", "in", units.ids)], ["id", "manager_id"]))
        states = defaultdict(list)
        for department, phase, state in self._select_rows(
            self._name,
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

    def _unit_head_detail(self, result, unit):
        if result == criteria.NOT_APPLICABLE:
            return _("Not the head of a unit.")
        if result == criteria.PASS:
            return _("%(unit)s is a recognised exemplar.", unit=unit)
        if result == criteria.PENDING:
            return _("%(unit)s is registered; its recognition is pending.", unit=unit)
        return _("%(unit)s is not an exemplar of this phase.", unit=unit)

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
        self.env["kttv.registration.criterion"].invalidate_model(
            ["rule_result", "rule_detail", "result", "evaluated_on", "write_date", "write_uid"]
        )
        self.invalidate_model(["criteria_evaluated_on"])

    # ------------------------------------------------------------------
    # Life cycle (DESIGN section 4)
    # ------------------------------------------------------------------

    def _check_state(self, states, action):
        for registration in self:
            if registration.state not in states:
                raise UserError(
                    _(
                        "%(registration)s is %(state)s: it cannot be %(action)s.",
                        registration=registration.display_name,
                        state=dict(STATES)[registration.state],
                        action=action,
                    )
                )

    def _unit_officer(self):
        self.ensure_one()
        return self.user_id or self.registering_unit_id._kttv_officers()

    def _tccb(self):
        self.ensure_one()
        return self.plan_id.officer_id or self._kttv_tccb_officers()

    def _expected_activities(self):
        """``{activity xmlid: (users, note)}`` the current state asks for."""
        self.ensure_one()
        expected = {}
        if self.state == "draft" and self.return_reason:
            expected[REVISE] = (self._unit_officer(), self.return_reason)
        elif self.state == "submitted":
            expected[REVIEW] = (
                self._tccb(),
                _("A unit registered an exemplar: accept it for nurturing, or return it."),
            )
        elif self.state == "nurturing":
            expected[NURTURE] = (self._unit_officer(), _("Nurture the exemplar, then nominate it with its dossier."))
        elif self.state == "nominated":
            expected[CHECK] = (self._tccb(), _("Check the nomination and send it to the council."))
        elif self.state == "council" and self.vote_passed:
            expected[SIGN] = (self._kttv_director(), _("The council approved this exemplar: sign the decision."))
        elif self.state == "council" and self.council_session_id.sudo().state == "voting":
            session = self.council_session_id.sudo()
            voted = session.vote_ids.filtered(lambda vote: vote.registration_id == self).member_id
            expected[VOTE] = (session.member_ids - voted, _("Vote on this exemplar."))
        return expected

    def _activity_update(self):
        """Keep the activities in step with the state, as hr_expense does.

        The activity of the step just taken is marked done; the next step's
        is scheduled for whoever acts next.  Votes not cast are withdrawn.
        """
        for registration in self:
            expected = registration._expected_activities()
            for xmlid in STEP_ACTIVITIES:
                if xmlid in expected:
                    continue
                if xmlid == VOTE:
                    registration.sudo().activity_unlink([xmlid])
                else:
                    registration.sudo().activity_feedback([xmlid])
            for xmlid, (users, note) in expected.items():
                registration._kttv_schedule(xmlid, users, note=note)

    def _kttv_move(self, state, **values):
        """Change the state (the caller has checked role and state)."""
        self.sudo().write(dict(values, state=state))
        self._activity_update()

    def action_submit(self):
        self._kttv_require(UNIT, _("submit a registration"))
        self.check_access("write")
        self._check_state(["draft"], _("submitted"))
        for registration in self:
            if not registration.model_summary:
                raise UserError(
                    _(
                        "%(registration)s: describe the model or initiative before submitting.",
                        registration=registration.display_name,
                    )
                )
        self._kttv_move("submitted", date_submitted=fields.Date.context_today(self))

    def action_accept(self):
        self._kttv_require(OFFICER, _("accept a registration for nurturing"))
        self._check_state(["submitted"], _("accepted"))
        self._kttv_move("nurturing", date_accepted=fields.Date.context_today(self), return_reason=False)

    def action_return(self):
        self._kttv_require(OFFICER, _("return a registration to its unit"))
        self._check_state(["submitted", "nurturing", "nominated"], _("returned"))
        return self._reason_wizard("return")

    def action_refuse(self):
        self._kttv_require(OFFICER, _("refuse a registration"))
        self._check_state(["submitted", "nurturing", "nominated", "council"], _("refused"))
        return self._reason_wizard("refuse")

    def action_cancel(self):
        self._check_can_cancel()
        return self._reason_wizard("cancel")

    def _reason_wizard(self, action):
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.registration.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "name": dict(self.env["kttv.registration.reason.wizard"]._fields["action"].selection)[action],
            "context": {"default_registration_ids": self.ids, "default_action": action},
        }

    def _kttv_return(self, reason):
        self._kttv_require(OFFICER, _("return a registration to its unit"))
        self._check_state(["submitted", "nurturing", "nominated"], _("returned"))
        self._kttv_move("draft", return_reason=reason, date_submitted=False)
        for registration in self:
            registration.message_post(body=_("Returned to the unit: %(reason)s", reason=reason))

    def _kttv_refuse(self, reason):
        if not self.env.su:
            self._kttv_require(OFFICER, _("refuse a registration"))
        self._check_state(["submitted", "nurturing", "nominated", "council"], _("refused"))
        self._kttv_move("refused", refuse_reason=reason)
        for registration in self:
            registration.message_post(body=_("Refused: %(reason)s", reason=reason))

    def _check_can_cancel(self):
        officer = self.env.user.has_group(OFFICER)
        if not officer:
            self._kttv_require(UNIT, _("cancel a registration"))
            self.check_access("write")
        allowed = ["draft", "submitted", "nurturing", "nominated"] if officer else ["draft", "submitted"]
        self._check_state(allowed, _("cancelled"))

    def _kttv_cancel(self, reason):
        self._check_can_cancel()
        self._kttv_move("cancelled", cancel_reason=reason)
        for registration in self:
            registration.message_post(body=_("Cancelled: %(reason)s", reason=reason))

    def action_nominate(self):
        """The unit proposes its exemplar: dossier attached, criteria assessed and frozen."""
        self._kttv_require(UNIT, _("nominate an exemplar"))
        self.check_access("write")
        self._check_state(["nurturing"], _("nominated"))
        for registration in self:
            missing = []
            if not registration.achievement_report:
                missing.append(registration._fields["achievement_report"]._description_string(self.env))
            if not registration.unit_minutes:
                missing.append(registration._fields["unit_minutes"]._description_string(self.env))
            if not registration.title_id:
                missing.append(registration._fields["title_id"]._description_string(self.env))
            if missing:
                raise UserError(
                    _(
                        "%(registration)s cannot be nominated without: %(missing)s.",
                        registration=registration.display_name,
                        missing=", ".join(missing),
                    )
                )
        # Assessed for the last time: from now on the criteria stay as they are.
        self.sudo()._evaluate_criteria()
        self._kttv_move("nominated", date_nominated=fields.Date.context_today(self))

    def action_send_to_council(self):
        self._kttv_require(OFFICER, _("send a dossier to the council"))
        self._check_state(["nominated"], _("sent to the council"))
        for registration in self:
            if not registration.council_session_id or registration.council_session_id.state == "closed":
                raise UserError(
                    _(
                        "%(registration)s: choose an open council session first.",
                        registration=registration.display_name,
                    )
                )
            if registration.criteria_pending_count:
                raise UserError(
                    _(
                        "%(registration)s has %(count)s undecided criteria: decide them before the council.",
                        registration=registration.display_name,
                        count=registration.criteria_pending_count,
                    )
                )
        # A dossier returned after an earlier vote starts this one afresh.
        self._kttv_move(
            "council",
            vote_approve_count=0,
            vote_member_count=0,
            vote_percent=0.0,
            vote_threshold=0.0,
            vote_passed=False,
        )

    def action_vote(self):
        """Open the ballot of the current council member."""
        self.ensure_one()
        self._kttv_require(COUNCIL, _("vote"))
        if not self.can_vote:
            raise AccessError(_("You cannot vote on %(registration)s now.", registration=self.display_name))
        return self._vote_wizard(written=False)

    def action_record_written_vote(self):
        self.ensure_one()
        self._kttv_require(OFFICER, _("record a written vote"))
        if self.council_session_id.secretary_id != self.env.user:
            raise AccessError(_("Only the secretary of the session records a written vote."))
        return self._vote_wizard(written=True)

    def _vote_wizard(self, written):
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.vote.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Written vote") if written else _("Vote"),
            "context": {"default_registration_id": self.id, "default_written": written},
        }

    def _recognition_decision(self):
        """The signed decision that recognised the exemplar (the latest)."""
        self.ensure_one()
        return self.decision_ids.filtered(lambda d: d.state == "signed").sorted("date")[-1:]

    def action_open_nurturing_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_nurturing_review_action")
        action["domain"] = [("registration_id", "=", self.id)]
        action["context"] = {"default_registration_id": self.id}
        return action
