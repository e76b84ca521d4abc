from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, LazyTranslate, format_datetime

from ..lib import criteria
from ..lib.criteria import RECOGNISED_STATES
from .kttv_registration_criterion import EVIDENCE_STATES
from .kttv_workflow_mixin import ALL, COUNCIL, DONE, OFFICER, UNIT, AllBut, Step

_lt = LazyTranslate(__name__)

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
EVALUATED_STATES = EVIDENCE_STATES
# RECOGNISED_STATES (recognised, by the Administration or the Ministry) is
# defined once, in lib/criteria.py (the unit-head rule reads it there); the
# other models import it from this module.

REVIEW = "kttv_emulation.mail_act_registration_review"
NURTURE = "kttv_emulation.mail_act_registration_nurture"
REVISE = "kttv_emulation.mail_act_registration_revise"
CHECK = "kttv_emulation.mail_act_registration_check"

# Written by the life cycle only (the steps, the council, the decisions):
# never by a client, whatever its role.
WORKFLOW_FIELDS = frozenset(
    {
        "name",
        "state",
        "date_submitted",
        "date_accepted",
        "date_nominated",
        "date_recognized",
        "recognition_decision_id",
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
)
# What the form sends for them when it creates a registration: not a step taken.
CREATE_DEFAULTS = {"state": "draft", "name": "/"}
# Who and what is registered: fixed once the unit has submitted.
SUBJECT_FIELDS = frozenset({"employee_id", "department_id", "target", "phase_id", "registering_unit_id"})
# From the council on, the dossier is what the council voted on.
LOCKED_STATES = ("council", *RECOGNISED_STATES, "refused", "cancelled")
# What a unit officer may still change after submitting: nothing but the
# nomination dossier while the exemplar is nurtured.
NOMINATION_FIELDS = frozenset(
    {
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
)
# Only TCCB puts a dossier before a council session (an access right, in any open state).
SESSION_FIELD = "council_session_id"
# What each role writes in each state; a locked state is written by nobody.
WRITABLE = {
    "draft": {OFFICER: ALL, UNIT: AllBut({SESSION_FIELD})},
    "submitted": {OFFICER: AllBut(SUBJECT_FIELDS)},
    "nurturing": {OFFICER: AllBut(SUBJECT_FIELDS), UNIT: NOMINATION_FIELDS},
    "nominated": {OFFICER: AllBut(SUBJECT_FIELDS)},
}
STEPS = {
    "submit": Step(("draft",), (UNIT,), _lt("submit a registration"), access="write"),
    "accept": Step(("submitted",), (OFFICER,), _lt("accept a registration for nurturing")),
    "return": Step(("submitted", "nurturing", "nominated"), (OFFICER,), _lt("return a registration to its unit")),
    "refuse": Step(("submitted", "nurturing", "nominated", "council"), (OFFICER,), _lt("refuse a registration")),
    # A unit officer cancels its draft or submitted registrations (the step's
    # condition); TCCB until the nomination.
    "cancel": Step(
        ("draft", "submitted", "nurturing", "nominated"), (UNIT,), _lt("cancel a registration"), access="write"
    ),
    "nominate": Step(("nurturing",), (UNIT,), _lt("nominate an exemplar"), access="write"),
    "send_to_council": Step(("nominated",), (OFFICER,), _lt("send a dossier to the council")),
}
# A step refused for the state the registration is in says what it cannot become.
STEP_PAST = {
    "submit": _lt("submitted"),
    "accept": _lt("accepted"),
    "return": _lt("returned"),
    "refuse": _lt("refused"),
    "cancel": _lt("cancelled"),
    "nominate": _lt("nominated"),
    "send_to_council": _lt("sent to the council"),
}
UNIT_CANCEL_STATES = ("draft", "submitted")


class KttvExemplarRegistration(models.Model):
    """A candidate exemplar registered by a unit for a phase (đăng ký xây dựng điển hình)."""

    _name = "kttv.exemplar.registration"
    # The workflow mixin first: its guard runs before mail's create and write.
    _inherit = [
        "kttv.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "kttv.subject.mixin",
        "kttv.sequence.mixin",
    ]
    _description = "Exemplar registration"
    _order = "id desc"
    _mail_post_access = "read"

    _kttv_workflow_fields = WORKFLOW_FIELDS
    _kttv_create_defaults = CREATE_DEFAULTS
    _kttv_writable = WRITABLE
    _kttv_unlink_states = ("draft",)
    _kttv_steps = STEPS
    _kttv_activity_types = {REVIEW: DONE, NURTURE: DONE, REVISE: DONE, CHECK: DONE}
    # The reference: drawn for the whole batch when registrations are created.
    _kttv_sequence_code = "kttv.exemplar.registration"
    _kttv_sequence_on = "create"

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
    allowed_registering_unit_ids = fields.Many2many(
        "hr.department",
        compute="_compute_allowed_registering_unit_ids",
        help="The units a unit officer may register for: their own, sub-units included.",
    )
    may_register_any_unit = fields.Boolean(compute="_compute_allowed_registering_unit_ids")
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
    can_vote = fields.Boolean(compute="_compute_my_vote", search="_search_can_vote")
    # The steps the current user may take now: they drive the buttons, and the checks.
    can_submit = fields.Boolean(compute="_compute_kttv_can")
    can_accept = fields.Boolean(compute="_compute_kttv_can")
    can_return = fields.Boolean(compute="_compute_kttv_can")
    can_refuse = fields.Boolean(compute="_compute_kttv_can")
    can_cancel = fields.Boolean(compute="_compute_kttv_can")
    can_nominate = fields.Boolean(compute="_compute_kttv_can")
    can_send_to_council = fields.Boolean(compute="_compute_kttv_can")
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
    # Kept by the decisions that sign and cancel. Not tracked: a decision's
    # exemplars are hundreds, and their notes say the state's change only.
    recognition_decision_id = fields.Many2one(
        "kttv.emulation.decision",
        string="Recognised by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The signed decision that recognised the exemplar (the latest, when the Ministry's followed the "
        "Administration's).",
    )
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

    @api.depends_context("uid")
    def _compute_allowed_registering_unit_ids(self):
        any_unit = self.env.user.has_group(OFFICER)
        self.may_register_any_unit = any_unit
        self.allowed_registering_unit_ids = False if any_unit else self.env.user._kttv_managed_units()

    def _search_can_vote(self, operator, value):
        """The dossiers before a voting session of the current member that they have not voted on yet."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on dossiers to vote on."))
        voted = self.env["kttv.council.vote"].sudo()._search([("member_id", "=", self.env.uid)])
        sessions = (
            self.env["kttv.council.session"]
            .sudo()
            ._search([("state", "=", "voting"), ("member_ids", "in", self.env.uid)])
        )
        domain = [
            ("state", "=", "council"),
            ("council_session_id", "in", sessions),
            ("id", "not in", voted.subselect("registration_id")),
        ]
        return domain if (operator == "=") == value else ["!", "&", "&", *domain]

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
        registrations = super().create(vals_list)
        registrations._check_subject_in_unit()
        self.env["kttv.registration.criterion"].sudo()._evaluate_criteria(registrations)
        return registrations

    def write(self, vals):
        res = super().write(vals)
        if {"employee_id", "department_id", "registering_unit_id"} & set(vals):
            self._check_subject_in_unit()
            self.check_access("write")
        if {"employee_id", "department_id", "phase_id", "target"} & set(vals):
            Line = self.env["kttv.registration.criterion"].sudo()
            Line._remove_inapplicable_lines(self)
            Line._evaluate_criteria(self)
        return res

    def _check_subject_in_unit(self):
        """A unit registers its own staff and sub-units: the paths of the units, read once for all."""
        for registration in self.sudo():
            subject_unit = registration.unit_id
            unit = registration.registering_unit_id
            if subject_unit and str(unit.id) not in (subject_unit.parent_path or "").split("/"):
                raise ValidationError(
                    _(
                        "%(subject)s does not belong to %(unit)s: a unit registers its own staff and sub-units.",
                        subject=registration._subject().display_name,
                        unit=unit.name,
                    )
                )

    # The guard is the workflow mixin's, with the declarations above; these
    # say it as the registration always has.

    def _kttv_check_create(self, vals_list):
        result = super()._kttv_check_create(vals_list)
        if any(vals.get(SESSION_FIELD) for vals in vals_list) and not self._kttv_has_group(OFFICER):
            raise UserError(self._kttv_workflow_fields_message({SESSION_FIELD}))
        return result

    def _kttv_check_write(self, vals):
        if (
            SESSION_FIELD in vals
            and not set(vals) & self._kttv_workflow_fields
            and not self._kttv_has_group(OFFICER)
            and not any(registration.state in LOCKED_STATES for registration in self)
        ):
            raise AccessError(_("Only a TCCB officer puts a dossier before a council session."))
        return super()._kttv_check_write(vals)

    def _kttv_workflow_fields_message(self, names):
        if "state" in names:
            return _("Use the buttons of the registration to change its status.")
        return _(
            "%(fields)s: set by the steps of the registration (submit, accept, nominate, the council's vote, "
            "the decision), not by hand.",
            fields=self._kttv_field_labels(names),
        )

    def _kttv_locked_message(self, names):
        if self.state in LOCKED_STATES:
            return _(
                "%(registration)s is %(state)s: the dossier stays as the council considered it.",
                registration=self.display_name,
                state=self._kttv_state_label(),
            )
        if self.state != "draft" and set(names) & SUBJECT_FIELDS:
            return _(
                "%(registration)s has been submitted: its subject, target, phase and unit no longer "
                "change. Return it to the unit first.",
                registration=self.display_name,
            )
        return _(
            "%(registration)s is %(state)s: the unit can no longer change it.",
            registration=self.display_name,
            state=self._kttv_state_label(),
        )

    def _kttv_unlink_message(self):
        if self.state in RECOGNISED_STATES:
            return _(
                "%(registration)s is recognised: it cannot be deleted, only cancelled by cancelling its decision.",
                registration=self.display_name,
            )
        return _(
            "%(registration)s has been submitted: cancel it instead of deleting it.",
            registration=self.display_name,
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never_recognised(self):
        """A recognised exemplar is history (DESIGN 8): not even the system deletes it."""
        recognised = self.filtered(lambda registration: registration.state in RECOGNISED_STATES)[:1]
        if recognised:
            raise UserError(recognised._kttv_unlink_message())

    # ------------------------------------------------------------------
    # Criteria (the engine is kttv.registration.criterion's)
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
        frozen = (self - nominated).filtered(lambda registration: registration.state not in EVALUATED_STATES)[:1]
        if frozen:
            raise UserError(
                _(
                    "%(registration)s is %(state)s: its criteria are kept as they were assessed.",
                    registration=frozen.display_name,
                    state=frozen._kttv_state_label(),
                )
            )
        if nominated:
            self._kttv_require(OFFICER, _("settle the undecided criteria of a nominated exemplar"))
        Line = self.env["kttv.registration.criterion"].sudo()
        Line._evaluate_criteria(self - nominated)
        Line._evaluate_criteria(nominated, pending_only=True)
        return True

    # ------------------------------------------------------------------
    # Life cycle (DESIGN section 4): action_<step> -> can_<step> -> _do_<step>
    # ------------------------------------------------------------------

    def _kttv_check_step(self, step):
        # A registration in the wrong state says what it cannot become (after
        # the role and the access right, as the mixin checks them).
        declared = self._kttv_steps[step]
        wrong = self.filtered(lambda registration: registration.state not in declared.states)[:1]
        if wrong and any(self._kttv_has_group(group) for group in declared.groups):
            if declared.access and not self.env.su:
                self.check_access(declared.access)
            raise UserError(wrong._kttv_step_refusal(step))
        return super()._kttv_check_step(step)

    def _kttv_step_condition(self, step):
        if step == "cancel" and not self._kttv_has_group(OFFICER):
            # A unit cancels what TCCB has not accepted yet; TCCB until the nomination.
            return self.filtered(lambda registration: registration.state in UNIT_CANCEL_STATES)
        return self

    def _kttv_step_refusal(self, step):
        return _(
            "%(registration)s is %(state)s: it cannot be %(action)s.",
            registration=self.display_name,
            state=self._kttv_state_label(),
            action=self.env._(STEP_PAST[step]),
        )

    def action_submit(self):
        return self._kttv_run("submit")

    def _do_submit(self):
        incomplete = self.filtered(lambda registration: not registration.model_summary)[:1]
        if incomplete:
            raise UserError(
                _(
                    "%(registration)s: describe the model or initiative before submitting.",
                    registration=incomplete.display_name,
                )
            )
        self._kttv_move("submitted", {"date_submitted": fields.Date.context_today(self)})

    def action_accept(self):
        return self._kttv_run("accept")

    def _do_accept(self):
        self._kttv_move("nurturing", {"date_accepted": fields.Date.context_today(self), "return_reason": False})

    def action_return(self):
        self._kttv_check_step("return")
        return self._reason_wizard("return")

    def _do_return(self, reason):
        self._kttv_move(
            "draft",
            {"return_reason": reason, "date_submitted": False},
            body=_("Returned to the unit: %(reason)s", reason=reason),
        )

    def action_refuse(self):
        self._kttv_check_step("refuse")
        return self._reason_wizard("refuse")

    def _do_refuse(self, reason):
        self._kttv_move("refused", {"refuse_reason": reason}, body=_("Refused: %(reason)s", reason=reason))

    def action_cancel(self):
        self._kttv_check_step("cancel")
        return self._reason_wizard("cancel")

    def _do_cancel(self, reason):
        self._kttv_move("cancelled", {"cancel_reason": reason}, body=_("Cancelled: %(reason)s", reason=reason))

    def _reason_wizard(self, action):
        Wizard = self.env["kttv.registration.reason.wizard"]
        return {
            "type": "ir.actions.act_window",
            "res_model": Wizard._name,
            "view_mode": "form",
            "target": "new",
            "name": dict(Wizard._fields["action"]._description_selection(self.env))[action],
            "context": {"default_registration_ids": self.ids, "default_action": action},
        }

    def action_nominate(self):
        """The unit proposes its exemplar: dossier attached, criteria assessed and frozen."""
        return self._kttv_run("nominate")

    def _do_nominate(self):
        # No award to a subject under discipline or inspection (Decree 152/2025 art. 4): one query for all.
        self.env["kttv.subject.hold"]._check_no_hold(
            self.sudo().employee_id, self.sudo().department_id, fields.Date.context_today(self), _("Nominating")
        )
        files = ("achievement_report", "unit_minutes")
        required = (*files, "title_id")
        labels = {name: self._fields[name]._description_string(self.env) for name in required}
        # Which files are attached, not their contents: one search for all.
        self.flush_recordset(list(files))
        attached = {
            (attachment.res_id, attachment.res_field)
            for attachment in self.env["ir.attachment"]
            .sudo()
            .search_fetch(
                [("res_model", "=", self._name), ("res_id", "in", self.ids), ("res_field", "in", list(files))],
                ["res_id", "res_field"],
            )
        }
        for registration in self:
            missing = [
                labels[name]
                for name in required
                if ((registration.id, name) not in attached if name in files else not registration[name])
            ]
            if missing:
                raise UserError(
                    _(
                        "%(registration)s cannot be nominated without: %(missing)s.",
                        registration=registration.display_name,
                        missing=", ".join(missing),
                    )
                )
        # Assessed for the last time: from now on the criteria stay as they are.
        self.env["kttv.registration.criterion"].sudo()._evaluate_criteria(self)
        self._kttv_move("nominated", {"date_nominated": fields.Date.context_today(self)})

    def action_send_to_council(self):
        return self._kttv_run("send_to_council")

    def _do_send_to_council(self):
        # The undecided criteria counted in one grouped query, not read line by line.
        pending = {
            registration.id: count
            for registration, count in self.env["kttv.registration.criterion"]
            .sudo()
            ._read_group(
                [("registration_id", "in", self.ids), ("result", "not in", list(criteria.DECIDED))],
                ["registration_id"],
                ["__count"],
            )
        }
        for registration in self:
            session = registration.council_session_id.sudo()
            if not session or session.state == "closed":
                raise UserError(
                    _(
                        "%(registration)s: choose an open council session first.",
                        registration=registration.display_name,
                    )
                )
            if pending.get(registration.id):
                raise UserError(
                    _(
                        "%(registration)s has %(count)s undecided criteria: decide them before the council.",
                        registration=registration.display_name,
                        count=pending[registration.id],
                    )
                )
        # A dossier returned after an earlier vote starts this one afresh.
        self._kttv_move(
            "council",
            {
                "vote_approve_count": 0,
                "vote_member_count": 0,
                "vote_percent": 0.0,
                "vote_threshold": 0.0,
                "vote_passed": False,
            },
        )
        # Sent to a vote already open: the session freezes its members and the
        # dossiers' thresholds, as it did for those it opened with.
        voting = self.council_session_id.sudo().filtered(lambda session: session.state == "voting")
        if voting and hasattr(voting, "_kttv_freeze_dossiers"):
            voting.with_env(self.env)._kttv_freeze_dossiers(
                self.filtered(lambda registration: registration.council_session_id in voting)
            )

    # ------------------------------------------------------------------
    # Activities: what each state asks for, for the whole batch at once
    # ------------------------------------------------------------------

    def _kttv_unit_officers(self):
        """``{registration id: users}``: its unit officer, or else the officers of its registering unit."""
        officers = {registration.id: registration.user_id for registration in self if registration.user_id}
        orphans = self.filtered(lambda registration: not registration.user_id)
        if not orphans:
            return officers
        group = self.env.ref(UNIT)
        users = self.env["res.users"].sudo().search([("groups_id", "in", group.ids), ("kttv_unit_ids", "!=", False)])
        managed = {user.id: set(user.kttv_unit_ids.ids) for user in users}
        by_unit = {}
        for unit in orphans.registering_unit_id.sudo():
            ancestors = {int(part) for part in (unit.parent_path or "").split("/") if part}
            by_unit[unit.id] = users.filtered(lambda user, ancestors=ancestors: managed[user.id] & ancestors)
        for registration in orphans:
            officers[registration.id] = by_unit.get(registration.registering_unit_id.id, users.browse())
        return officers

    def _kttv_expected_activities(self):
        registrations = self.sudo()
        officers = registrations._kttv_unit_officers()
        tccb = None
        notes = {
            REVIEW: _("A unit registered an exemplar: accept it for nurturing, or return it."),
            NURTURE: _("Nurture the exemplar, then nominate it with its dossier."),
            CHECK: _("Check the nomination and send it to the council."),
        }
        expected = []
        for registration in registrations:
            state = registration.state
            if state == "draft" and registration.return_reason:
                expected.append((registration, REVISE, officers[registration.id], registration.return_reason))
            elif state == "nurturing":
                expected.append((registration, NURTURE, officers[registration.id], notes[NURTURE]))
            elif state in ("submitted", "nominated"):
                if tccb is None:
                    tccb = self._kttv_tccb_officers()
                xmlid = REVIEW if state == "submitted" else CHECK
                expected.append((registration, xmlid, registration.plan_id.officer_id or tccb, notes[xmlid]))
            # From the council on, the registration asks nobody: the council
            # session asks each member once for its vote, the decision its
            # signatory for the signature.
        return expected

    # ------------------------------------------------------------------
    # The council's vote (the session's ballot list once it has one)
    # ------------------------------------------------------------------

    def action_vote(self):
        """Open the current member's ballot: the session's list of the dossiers left to vote on."""
        self.ensure_one()
        self._kttv_require(COUNCIL, _("vote"))
        if not self.council_session_id:
            raise UserError(_("%(registration)s is before no council session.", registration=self.display_name))
        return self.council_session_id.action_open_ballot()

    def action_record_written_vote(self):
        """The secretary enters the written votes of an absent member, on the session's ballot."""
        self.ensure_one()
        self._kttv_require(OFFICER, _("record a written vote"))
        if not self.council_session_id:
            raise UserError(_("%(registration)s is before no council session.", registration=self.display_name))
        return self.council_session_id.action_record_written_vote()

    # ------------------------------------------------------------------
    # Other
    # ------------------------------------------------------------------

    def _recognition_decision(self, excluding=None):
        """The signed decision that recognised the exemplar (the latest), ``excluding`` some being cancelled."""
        self.ensure_one()
        excluded = excluding.ids if excluding else []
        return self.decision_ids.filtered(lambda d: d.state == "signed" and d.id not in excluded).sorted("date")[-1:]

    def action_open_nurturing_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kttv_emulation.kttv_nurturing_review_action")
        action["domain"] = [("registration_id", "=", self.id)]
        action["context"] = {"default_registration_id": self.id}
        return action
