import contextlib
import datetime
import gc
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, LazyTranslate

from ..lib import criteria, year_end
from .kttv_workflow_mixin import DONE, MANAGER, OFFICER, UNIT, AllBut, Step

_lt = LazyTranslate(__name__)

REVIEW_ACTIVITY = "kttv_emulation.mail_act_nomination_review"
SIGN_ACTIVITY = "kttv_emulation.mail_act_nomination_sign"

DECISION_FIELDS = frozenset({"decision_number", "decision_date"})
MINISTRY_FIELDS = frozenset({"ministry_decision_number", "ministry_decision_date"})
# The council's count, written when TCCB records its vote.
COUNCIL_FIELDS = frozenset(
    {"council_approve_count", "council_member_count", "council_percent", "council_threshold", "council_passed"}
)
# Where the year's titles are held, for a collective's members: the open or recognised ones.
LIVE_STATES = ("draft", "submitted", "council", "recognized", "ministry_proposed", "ministry_recognized")
HISTORY_YEARS = 6
# Computed together by _compute_conditions.
CONDITION_FIELDS = frozenset({"condition_result", "condition_reason", "condition_html", "proposed_initiative_id"})


@contextlib.contextmanager
def _without_cyclic_gc():
    """No cyclic garbage collection while a review builds its facts and verdicts.

    A review of 10,000 subjects makes tens of thousands of small objects without
    cycles (reference counting frees them); each pass of the cyclic collector
    also walks the ORM's caches: about a third of the review's time
    (measured on the data of bench/bench_year_end.py). Restored as it was afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _freeze(evidence):
    """A condition's evidence as a key: its lists as tuples."""
    return tuple(sorted((key, tuple(value) if isinstance(value, list) else value) for key, value in evidence.items()))


class KttvTitleNomination(models.Model):
    """A subject proposed for a title at the year-end review (bình xét cuối năm).

    The conditions of the title are computed from the history, the year's
    ratings, the initiatives and the unit's member figures (``lib/year_end``),
    for every nomination at once; the unit records its own vote and submits.
    """

    _name = "kttv.title.nomination"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin", "kttv.subject.mixin"]
    _description = "Title nomination"
    _order = "year desc, unit_id, title_rank desc, id"

    _kttv_workflow_fields = frozenset(
        {"state", "date_submitted", "achievement_id", "initiative_id", "decision_ids", "proposal_id"} | COUNCIL_FIELDS
    )
    _kttv_create_defaults = {"state": "draft"}
    _kttv_writable = {
        "draft": {UNIT: AllBut(DECISION_FIELDS | MINISTRY_FIELDS), OFFICER: AllBut(MINISTRY_FIELDS)},
        "submitted": {OFFICER: {"council_session_id", "council_note"}},
        "council": {OFFICER: DECISION_FIELDS | {"council_note"}},
        "ministry_proposed": {OFFICER: MINISTRY_FIELDS},
    }
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "submit": Step(("draft",), (UNIT,), _lt("submit a nomination"), access="write"),
        "return": Step(("submitted", "council"), (OFFICER,), _lt("return a nomination to its unit")),
        "refuse": Step(("submitted", "council"), (OFFICER,), _lt("refuse a nomination")),
        "send_council": Step(("submitted",), (OFFICER,), _lt("send a nomination to the council")),
        "recognize": Step(("council",), (MANAGER,), _lt("recognise a title")),
        "propose_ministry": Step(("council",), (OFFICER,), _lt("propose a title to the Ministry")),
        "prepare_decision": Step(("council",), (OFFICER,), _lt("prepare the head's decision on the titles")),
        "ministry_recognize": Step(("ministry_proposed",), (OFFICER,), _lt("record the Ministry's decision")),
        "cancel": Step(("draft", "submitted"), (UNIT,), _lt("cancel a nomination"), access="write"),
    }
    _kttv_activity_types = {REVIEW_ACTIVITY: DONE, SIGN_ACTIVITY: DONE}

    year = fields.Integer(required=True, index=True, aggregator=None, default=lambda self: self._default_year())
    title_id = fields.Many2one(
        "kttv.emulation.title",
        string="Title",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('kind', '=', 'title')]",
    )
    title_code = fields.Char(related="title_id.code")
    title_rank = fields.Integer(related="title_id.rank", store=True, string="Title rank")
    within_head_authority = fields.Boolean(
        compute="_compute_within_head_authority",
        help="The head of the agency awards this title; higher titles go to the Ministry.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("council", "Before the council"),
            ("recognized", "Recognised"),
            ("ministry_proposed", "Proposed to the Ministry"),
            ("ministry_recognized", "Recognised by the Ministry"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    # The unit's own review (bình xét): its vote and minutes.
    vote_members = fields.Integer("Members voting", help="How many took part in the unit's vote.")
    vote_for = fields.Integer("Votes for")
    vote_percent = fields.Float("Votes for (%)", compute="_compute_vote_percent", digits=(5, 1))
    minutes = fields.Binary("Unit's minutes", attachment=True)
    minutes_name = fields.Char("Unit's minutes file name")
    achievement_report = fields.Text(help="The subject's achievements over the year, as the unit reports them.")
    council_note = fields.Text("Council's note")
    date_submitted = fields.Date(readonly=True, copy=False)
    decision_number = fields.Char("Decision", tracking=True, help="The head's decision that recognises the title.")
    decision_date = fields.Date(tracking=True)
    ministry_decision_number = fields.Char("Ministry's decision", tracking=True)
    ministry_decision_date = fields.Date("Ministry's decision date", tracking=True)
    achievement_id = fields.Many2one("kttv.achievement", readonly=True, copy=False, ondelete="set null")
    # Before the agency's council: its session (its members are those counted) and its count.
    council_session_id = fields.Many2one(
        "kttv.council.session",
        string="Council session",
        index=True,
        copy=False,
        ondelete="restrict",
        tracking=True,
        help="The council session that votes on the title: the share of votes is taken on all its members.",
    )
    council_approve_count = fields.Integer("Council approvals", readonly=True, copy=False)
    council_member_count = fields.Integer("Council members counted", readonly=True, copy=False)
    council_percent = fields.Float("Council approval (%)", digits=(5, 2), readonly=True, copy=False)
    council_threshold = fields.Float("Council threshold (%)", digits=(5, 2), readonly=True, copy=False)
    council_passed = fields.Boolean("Passed by the council", readonly=True, copy=False)
    decision_ids = fields.Many2many(
        "kttv.emulation.decision",
        "kttv_decision_nomination_rel",
        "nomination_id",
        "decision_id",
        string="Decisions",
        readonly=True,
        copy=False,
    )
    proposal_id = fields.Many2one(
        "kttv.ministry.proposal", string="Proposal to the Ministry", readonly=True, copy=False, index=True
    )
    initiative_id = fields.Many2one(
        "kttv.initiative",
        string="Initiative spent",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The initiative the recognised title used: it counts for no other.",
    )
    # The conditions, computed for every nomination shown at once.
    condition_result = fields.Selection(
        [
            (criteria.PASS, "Conditions met"),
            (criteria.FAIL, "Conditions not met"),
            (criteria.PENDING, "To be decided"),
        ],
        string="Conditions",
        compute="_compute_conditions",
    )
    condition_reason = fields.Char("Missing condition", compute="_compute_conditions")
    condition_html = fields.Html("Conditions and evidence", compute="_compute_conditions", sanitize=False)
    proposed_initiative_id = fields.Many2one(
        "kttv.initiative", string="Initiative it would spend", compute="_compute_conditions"
    )
    can_submit = fields.Boolean(compute="_compute_kttv_can")
    can_return = fields.Boolean(compute="_compute_kttv_can")
    can_refuse = fields.Boolean(compute="_compute_kttv_can")
    can_send_council = fields.Boolean(compute="_compute_kttv_can")
    can_recognize = fields.Boolean(compute="_compute_kttv_can")
    can_propose_ministry = fields.Boolean(compute="_compute_kttv_can")
    can_ministry_recognize = fields.Boolean(compute="_compute_kttv_can")
    can_cancel = fields.Boolean(compute="_compute_kttv_can")
    can_prepare_decision = fields.Boolean(compute="_compute_kttv_can")

    _sql_constraints = [
        (
            "one_subject",
            "check((employee_id is null) != (department_id is null))",
            "A nomination is for an employee or for a department, exactly one of them.",
        ),
    ]

    @api.model
    def _default_year(self):
        return fields.Date.context_today(self).year

    @api.depends("employee_id", "department_id", "year", "title_id")
    def _compute_display_name(self):
        for nomination in self:
            nomination.display_name = (
                f"{nomination.title_id.name or ''} {nomination.year or ''} – {nomination._subject().display_name or ''}"
            )

    @api.depends("title_id.award_authority")
    def _compute_within_head_authority(self):
        for nomination in self:
            nomination.within_head_authority = nomination.title_id.award_authority == "head"

    @api.depends("vote_members", "vote_for")
    def _compute_vote_percent(self):
        for nomination in self:
            nomination.vote_percent = year_end.percent(nomination.vote_for, nomination.vote_members)

    @api.constrains("vote_members", "vote_for")
    def _check_votes(self):
        for nomination in self:
            if nomination.vote_for < 0 or nomination.vote_members < 0 or nomination.vote_for > nomination.vote_members:
                raise ValidationError(
                    _(
                        "%(nomination)s: %(for)s votes for out of %(members)s members voting is not possible.",
                        nomination=nomination.display_name,
                        members=nomination.vote_members,
                        **{"for": nomination.vote_for},
                    )
                )

    @api.constrains("title_id", "employee_id", "department_id")
    def _check_title_target(self):
        for nomination in self:
            if nomination.title_id.kind != "title" or (
                nomination.target and not nomination.title_id._applies_to(nomination.target)
            ):
                raise ValidationError(
                    _(
                        "%(title)s cannot be proposed for %(subject)s: it is not an emulation title for this kind "
                        "of subject.",
                        title=nomination.title_id.name,
                        subject=nomination._subject().display_name,
                    )
                )

    # One nomination per subject, year and title (a cancelled one apart).
    def _duplicate_key(self, vals):
        if not vals.get("year") or not vals.get("title_id"):
            return None
        if bool(vals.get("employee_id")) == bool(vals.get("department_id")):
            return None
        return (vals.get("employee_id") or False, vals.get("department_id") or False, vals["year"], vals["title_id"])

    def _duplicate_domain(self, keys):
        return [*super()._duplicate_domain(keys), ("state", "!=", "cancelled")]

    def _duplicate_message(self, key):
        employee, department, year, title = key
        subject = self.env["hr.employee"].browse(employee) or self.env["hr.department"].browse(department)
        return _(
            "%(subject)s is already proposed for %(title)s in %(year)s.",
            subject=subject.display_name,
            title=self.env["kttv.emulation.title"].browse(title).name,
            year=year,
        )

    # ------------------------------------------------------------------
    # Conditions: one batch of reads for every nomination, then the lib
    # ------------------------------------------------------------------

    def _kttv_review_rows(self):
        """``[(id, year, employee id, department id, title code, spent initiative id)]``: the nominations to review.

        Which nominations are reviewed is decided here, on the nominations:
        the caller must be allowed to read them (their history is then read
        as superuser).  The saved ones in one query; a nomination being edited
        in a form (a new record) as the form holds it.
        """
        saved = self.browse([id_ for id_ in self._ids if isinstance(id_, int)])
        rows = []
        if saved:
            saved.check_access("read")
            self.flush_model(["year", "employee_id", "department_id", "title_id", "initiative_id"])
            self.env["kttv.emulation.title"].flush_model(["code"])
            rows = self.env.execute_query(
                SQL(
                    """SELECT n.id, n.year, n.employee_id, n.department_id, t.code, n.initiative_id
                         FROM kttv_title_nomination n
                    LEFT JOIN kttv_emulation_title t ON t.id = n.title_id
                        WHERE n.id = ANY(%s) AND COALESCE(n.year, 0) != 0
                          AND (n.employee_id IS NOT NULL OR n.department_id IS NOT NULL)""",
                    saved.ids,
                )
            )
        for nomination in self - saved:
            if nomination.year and (nomination.employee_id or nomination.department_id):
                rows.append(
                    (
                        nomination.id,
                        nomination.year,
                        nomination.employee_id.id or None,
                        nomination.department_id.id or None,
                        nomination.title_id.code or None,
                        nomination.initiative_id.id or None,
                    )
                )
        return rows

    @_without_cyclic_gc()
    def _kttv_facts(self, rows=None):
        """``{nomination id: facts}`` for every nomination of ``self`` in a constant number of queries.

        The history is read as plain rows (one SQL query per table, as
        superuser: whoever may read a nomination sees the conditions it rests
        on), the facts built with dictionaries; ``lib/year_end`` decides.
        """
        rows = self._kttv_review_rows() if rows is None else rows
        if not rows:
            return {}
        years = {row[1] for row in rows}
        first, last = min(years) - HISTORY_YEARS, max(years)
        department_ids = sorted({row[3] for row in rows if isinstance(row[3], int)})
        members_of = self._kttv_members_of(department_ids)
        employee_ids = {row[2] for row in rows if isinstance(row[2], int)}
        employee_ids.update(*members_of.values())
        employee_ids = sorted(employee_ids)
        employee_ratings, department_ratings = self._kttv_rating_rows(years, employee_ids, department_ids)
        titles = self._kttv_title_rows(first, last, employee_ids)
        initiatives = self._kttv_initiative_rows(employee_ids)
        holds_of = self._kttv_hold_rows(datetime.date(last, 12, 31), employee_ids, department_ids)

        def on_hold(year, subject, kinds=("discipline", "inspection")):
            holds = holds_of.get(subject)
            if not holds:
                return False
            end = datetime.date(year, 12, 31)
            return any(kind in kinds and date_from <= end for kind, date_from in holds)

        known = {}

        def individual(employee_id, year):
            # A member of several collectives proposed, or proposed themself, is read once.
            facts = known.get((employee_id, year))
            if facts is None:
                facts = known[employee_id, year] = year_end.IndividualFacts(
                    year=year,
                    rating=employee_ratings.get((employee_id, year)),
                    titles=titles.get(employee_id) or {},
                    initiatives=tuple(initiatives.get(employee_id, ())),
                    on_hold=on_hold(year, ("e", employee_id)),
                )
            return facts

        figures_of = {}

        def member(employee_id, year):
            # (completed, LĐTT, CSTĐCS, disciplined) of a member for the year, decided once.
            figures = figures_of.get((employee_id, year))
            if figures is None:
                facts = individual(employee_id, year)
                figures = figures_of[employee_id, year] = (
                    bool(facts.rating and facts.rating != "not_completed"),
                    year_end.counts_as(facts, year_end.LDTT),
                    year_end.counts_as(facts, year_end.CSTDCS),
                    on_hold(year, ("e", employee_id), kinds=("discipline",)),
                )
            return figures

        facts = {}
        for nomination_id, year, employee_id, department_id, _code, spent in rows:
            if employee_id:
                facts[nomination_id] = year_end.with_own_initiative(individual(employee_id, year), spent)
                continue
            member_ids = members_of[department_id]
            figures = [member(member_id, year) for member_id in member_ids]
            facts[nomination_id] = year_end.CollectiveFacts(
                year=year,
                rating=department_ratings.get((department_id, year)),
                members=len(member_ids),
                completed_members=sum(1 for figure in figures if figure[0]),
                ldtt_members=sum(1 for figure in figures if figure[1]),
                cstdcs_members=sum(1 for figure in figures if figure[2]),
                disciplined_members=sum(1 for figure in figures if figure[3]),
                on_hold=on_hold(year, ("d", department_id)),
            )
        return facts

    # The history the review reads, as plain rows (superuser: see _kttv_facts).

    def _kttv_members_of(self, department_ids):
        """``{department id: {employee ids}}``: active employees of the department or below it.

        Archived sub-departments count, as ``child_of`` reads them.
        """
        members_of = defaultdict(set)
        if not department_ids:
            return members_of
        self.env["hr.employee"].flush_model(["department_id", "active"])
        self.env["hr.department"].flush_model(["parent_path"])
        for department_id, member_id in self.env.execute_query(
            SQL(
                """SELECT w.id, e.id
                     FROM hr_department w
                     JOIN hr_department d ON starts_with(d.parent_path, w.parent_path)
                     JOIN hr_employee e ON e.department_id = d.id
                    WHERE w.id = ANY(%s) AND e.active""",
                department_ids,
            )
        ):
            members_of[department_id].add(member_id)
        return members_of

    def _kttv_rating_rows(self, years, employee_ids, department_ids):
        """``({(employee id, year): rating}, {(department id, year): rating})`` of the reviewed ``years``.

        The rules read the rating of the year reviewed only.
        """
        employee_ratings, department_ratings = {}, {}
        self.env["kttv.annual.rating"].flush_model(["employee_id", "department_id", "year", "rating"])
        for employee_id, department_id, year, rating in self.env.execute_query(
            SQL(
                """SELECT employee_id, department_id, year, rating
                     FROM kttv_annual_rating
                    WHERE year = ANY(%s) AND (employee_id = ANY(%s) OR department_id = ANY(%s))""",
                sorted(years),
                employee_ids,
                department_ids,
            )
        ):
            if employee_id:
                employee_ratings[employee_id, year] = rating
            else:
                department_ratings[department_id, year] = rating
        return employee_ratings, department_ratings

    def _kttv_title_rows(self, first, last, employee_ids):
        """``{employee id: {year: {title codes}}}``: the titles awarded for merit.

        Only awards for merit count for the rules on consecutive years (Decree 152/2025 art. 4).
        """
        titles = defaultdict(lambda: defaultdict(set))
        self.env["kttv.achievement"].flush_model(["employee_id", "year", "title_id", "award_kind"])
        self.env["kttv.emulation.title"].flush_model(["code"])
        for employee_id, year, code in self.env.execute_query(
            SQL(
                """SELECT a.employee_id, a.year, t.code
                     FROM kttv_achievement a
                     JOIN kttv_emulation_title t ON t.id = a.title_id
                    WHERE a.year BETWEEN %s AND %s AND a.employee_id = ANY(%s) AND a.award_kind = 'merit'""",
                first,
                last,
                employee_ids,
            )
        ):
            titles[employee_id][year].add(code)
        return titles

    def _kttv_initiative_rows(self, employee_ids):
        """``{employee id: [year_end.Initiative]}``: each author's recognised initiatives, latest first."""
        initiatives = defaultdict(list)
        self.env["kttv.initiative.author"].flush_model(["employee_id", "initiative_id", "share"])
        self.env["kttv.initiative"].flush_model(["kind", "scope", "year", "state", "used_for_id"])
        for employee_id, initiative_id, kind, scope, year, used_for in self.env.execute_query(
            SQL(
                """SELECT au.employee_id, i.id, i.kind, i.scope, i.year, i.used_for_id
                     FROM kttv_initiative_author au
                     JOIN kttv_initiative i ON i.id = au.initiative_id
                    WHERE au.employee_id = ANY(%s) AND i.state = 'recognized'
                 ORDER BY i.year DESC, i.id DESC, au.share DESC, au.id""",
                employee_ids,
            )
        ):
            initiatives[employee_id].append(
                year_end.Initiative(
                    id=initiative_id,
                    kind=kind,
                    scope=scope or "unit",
                    year=year,
                    recognized=True,
                    used_for=used_for or None,
                )
            )
        return initiatives

    def _kttv_hold_rows(self, on_date, employee_ids, department_ids):
        """``{("e", id) or ("d", id): [(kind, date from)]}``: the holds in force on ``on_date``.

        The holds of ``kttv.subject.hold._holds_on``, as rows, indexed by subject.
        """
        holds_of = defaultdict(list)
        Hold = self.env["kttv.subject.hold"].sudo()
        query = Hold._search(Hold._holds_on_domain(employee_ids, department_ids, on_date))
        # The selected columns are flushed with the searched ones (execute_query).
        names = ("employee_id", "department_id", "kind", "date_from")
        columns = [Hold._field_to_sql(Hold._table, name, query) for name in names]
        for employee_id, department_id, kind, date_from in self.env.execute_query(query.select(*columns)):
            holds_of[("e", employee_id) if employee_id else ("d", department_id)].append((kind, date_from))
        return holds_of

    @_without_cyclic_gc()
    def _kttv_verdicts(self):
        """``{nomination id: Verdict}``: the conditions of every nomination at once."""
        rows = self._kttv_review_rows()
        facts = self._kttv_facts(rows)
        return year_end.evaluate_many((row[0], row[4] or False, facts[row[0]]) for row in rows)

    @api.depends("employee_id", "department_id", "year", "title_id")
    def _compute_conditions(self):
        # One review for the records computed together (the ORM gives at most 1,000 at a time).
        # Each text and list of conditions is written once, and each value assigned to all the
        # records that share it at once: a review of 10,000 repeats the same few conditions.
        verdicts = self._kttv_verdicts() if self.ids else {}
        texts = self._kttv_condition_texts(verdicts.values())
        lists = {}
        values = {name: defaultdict(list) for name in CONDITION_FIELDS}
        for nomination in self:
            verdict = verdicts.get(nomination.id)
            if verdict is None:
                result, reason, html, initiative = criteria.PENDING, False, False, False
            else:
                result = verdict.result
                reason = texts(verdict.reason) if verdict.reason else False
                key = tuple(map(id, verdict.conditions))
                html = lists.get(key)
                if html is None:
                    html = lists[key] = self._kttv_conditions_html(verdict, texts)
                initiative = verdict.initiative_id or False
            values["condition_result"][result].append(nomination.id)
            values["condition_reason"][reason].append(nomination.id)
            values["condition_html"][html].append(nomination.id)
            values["proposed_initiative_id"][initiative].append(nomination.id)
        for name, by_value in values.items():
            for value, ids in by_value.items():
                self.browse(ids)[name] = value

    def _kttv_condition_texts(self, verdicts=()):
        """A function giving a condition's text in the user's language, each text written once.

        The names of the initiatives the ``verdicts`` cite are read in one query.
        """
        cited = {
            initiative_id
            for verdict in verdicts
            for condition in verdict.conditions
            for initiative_id in condition.evidence.get("available", ())[:3]
        }
        if cited:
            self.env["kttv.initiative"].sudo().browse(sorted(cited)).fetch(["name"])
        ratings = dict(self.env["kttv.annual.rating"]._fields["rating"]._description_selection(self.env))
        written = {}
        # The lib shares the conditions that depend on small values: known by identity first.
        by_identity = {}

        def text(condition):
            found = by_identity.get(id(condition))
            if found is None:
                key = (condition.code, _freeze(condition.evidence))
                if key not in written:
                    written[key] = self._kttv_condition_text(condition, ratings)
                found = by_identity[id(condition)] = written[key]
            return found

        return text

    def _kttv_condition_text(self, condition, ratings=None):
        """What ``condition`` says, with its evidence, in the user's language."""
        evidence = condition.evidence
        if ratings is None:
            ratings = dict(self.env["kttv.annual.rating"]._fields["rating"]._description_selection(self.env))
        rating = ratings.get(evidence.get("rating")) or self.env._("no rating yet")
        texts = {
            year_end.NOT_ON_HOLD: lambda: (
                self.env._("Under discipline or inspection (Decree 152/2025 art. 4)")
                if evidence.get("on_hold")
                else self.env._("Not under discipline or inspection")
            ),
            year_end.RATING_GOOD: lambda: self.env._(
                "Rated good or better in %(year)s: %(rating)s", year=evidence.get("year"), rating=rating
            ),
            year_end.RATING_EXCELLENT: lambda: self.env._(
                "Rated excellent in %(year)s: %(rating)s", year=evidence.get("year"), rating=rating
            ),
            year_end.INITIATIVE: lambda: self._kttv_initiative_text(
                evidence, self.env._("A recognised initiative or accepted research project not yet used")
            ),
            year_end.INITIATIVE_MINISTRY: lambda: self._kttv_initiative_text(
                evidence, self.env._("An initiative of ministry-wide effect not yet used")
            ),
            year_end.CSTDCS_STREAK: lambda: self.env._(
                "%(required)s consecutive years of Grassroots Emulation Fighter: %(streak)s (%(years)s)",
                required=evidence.get("required"),
                streak=evidence.get("streak"),
                years=", ".join(str(year) for year in evidence.get("years", ())) or "–",
            ),
            year_end.MEMBERS_COMPLETE: lambda: self.env._(
                "Every member completes their tasks: %(count)s of %(members)s",
                count=evidence.get("count"),
                members=evidence.get("members"),
            ),
            year_end.LDTT_SHARE: lambda: self.env._(
                "At least %(required)s%% of the members are Advanced Workers: %(count)s of %(members)s (%(percent)s%%)",
                required=evidence.get("required"),
                count=evidence.get("count"),
                members=evidence.get("members"),
                percent=evidence.get("percent"),
            ),
            year_end.HAS_CSTDCS: lambda: self.env._(
                "At least one Grassroots Emulation Fighter among the members: %(count)s", count=evidence.get("count")
            ),
            year_end.NOBODY_DISCIPLINED: lambda: self.env._(
                "Nobody disciplined: %(count)s disciplined", count=evidence.get("count")
            ),
            year_end.NO_RULE: lambda: self.env._("No rule for this title: the unit and TCCB decide with evidence"),
        }
        text = texts.get(condition.code)
        return text() if text else condition.code

    def _kttv_initiative_text(self, evidence, label):
        names = self.env["kttv.initiative"].sudo().browse(evidence.get("available", ())[:3]).mapped("name")
        used = len(evidence.get("used", ()))
        if names:
            return f"{label}: {'; '.join(names)}"
        if used:
            return self.env._("%(label)s: none (%(count)s already used for another title)", label=label, count=used)
        return self.env._("%(label)s: none", label=label)

    def _kttv_conditions_html(self, verdict, texts=None):
        texts = texts or self._kttv_condition_text
        marks = {criteria.PASS: "✔", criteria.FAIL: "✘", criteria.PENDING: "?"}
        rows = Markup("").join(
            Markup("<li>%s %s</li>") % (marks[condition.result], escape(texts(condition)))
            for condition in verdict.conditions
        )
        return Markup("<ul>%s</ul>") % rows

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self.env.company.kttv_registration_required:
            # Before the insert: nothing is written for a title not registered.
            self._kttv_check_registered_keys(
                [
                    (
                        vals.get("employee_id") or False,
                        vals.get("department_id") or False,
                        vals.get("year") or self._default_year(),
                        vals.get("title_id") or False,
                    )
                    for vals in vals_list
                ]
            )
        return super().create(vals_list)

    def _kttv_check_registered(self):
        """With the setting on, only what a unit registered (submitted or accepted) may be proposed."""
        if self.env.su or not self.env.company.kttv_registration_required or not self:
            return
        self._kttv_check_registered_keys(
            [
                (nomination.employee_id.id, nomination.department_id.id, nomination.year, nomination.title_id.id)
                for nomination in self
            ]
        )

    @api.model
    def _kttv_check_registered_keys(self, keys):
        """``keys`` are ``(employee id, department id, year, title id)``: each registered, or a refusal naming it."""
        registered = self.env["kttv.title.registration"]._kttv_registered_keys(keys)
        for employee, department, year, title in keys:
            if (employee, department, year, title) not in registered:
                subject = self.env["hr.employee"].browse(employee) or self.env["hr.department"].browse(department)
                raise UserError(
                    _(
                        "%(subject)s was not registered for %(title)s in %(year)s: titles must be registered at the "
                        "start of the year to be proposed (a setting). Register it, or ask TCCB.",
                        subject=subject.sudo().display_name,
                        title=self.env["kttv.emulation.title"].browse(title).sudo().name,
                        year=year,
                    )
                )

    def _kttv_check_create(self, vals_list):
        if not self._kttv_has_group(OFFICER):
            for vals in vals_list:
                given = {name for name in DECISION_FIELDS | MINISTRY_FIELDS if vals.get(name)}
                if given:
                    raise UserError(
                        _(
                            "%(fields)s: recorded by TCCB when the title is recognised.",
                            fields=self._kttv_field_labels(given),
                        )
                    )
        return super()._kttv_check_create(vals_list)

    def _kttv_step_condition(self, step):
        if step == "recognize":
            return self.filtered("within_head_authority")
        if step == "propose_ministry":
            return self.filtered(
                lambda nomination: (
                    not nomination.within_head_authority
                    and (not nomination.council_session_id or nomination.council_passed)
                )
            )
        if step == "prepare_decision":
            return self.filtered(
                lambda nomination: (
                    nomination.within_head_authority
                    and nomination.council_passed
                    and not nomination.decision_ids.filtered(lambda decision: decision.state != "cancelled")
                )
            )
        return self

    def _kttv_prepare_decision_refusal(self):
        if not self.within_head_authority:
            return _(
                "%(nomination)s: %(title)s is beyond the head's authority: propose it to the Ministry.",
                nomination=self.display_name,
                title=self.title_id.name,
            )
        if not self.council_passed:
            return _(
                "%(nomination)s: the council has not passed it (its vote is not closed, or refused it).",
                nomination=self.display_name,
            )
        return _(
            "%(nomination)s is already in decision %(decision)s.",
            nomination=self.display_name,
            decision=", ".join(self.decision_ids.mapped("display_name")),
        )

    def _kttv_step_refusal(self, step):
        if step == "propose_ministry" and not self.within_head_authority:
            return _(
                "%(nomination)s: the council has not passed it: only a title the council passed goes to the Ministry.",
                nomination=self.display_name,
            )
        if step == "prepare_decision":
            return self._kttv_prepare_decision_refusal()
        if step == "recognize":
            return _(
                "%(nomination)s: %(title)s is beyond the head's authority: propose it to the Ministry.",
                nomination=self.display_name,
                title=self.title_id.name,
            )
        if step == "propose_ministry":
            return _(
                "%(nomination)s: %(title)s is awarded by the head of the agency, not by the Ministry.",
                nomination=self.display_name,
                title=self.title_id.name,
            )
        return super()._kttv_step_refusal(step)

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def action_submit(self):
        """The unit submits its proposals to TCCB, its vote recorded and every condition met."""
        return self._kttv_run("submit")

    def _do_submit(self):
        self._kttv_check_registered()
        verdicts = self._kttv_verdicts()
        for nomination in self:
            if nomination.vote_members <= 0:
                raise UserError(_("%(nomination)s: record the unit's vote first.", nomination=nomination.display_name))
            verdict = verdicts.get(nomination.id)
            if verdict and verdict.result == criteria.FAIL:
                raise UserError(
                    _(
                        "%(nomination)s does not meet the conditions of the title: %(reason)s.",
                        nomination=nomination.display_name,
                        reason=nomination._kttv_condition_text(verdict.reason),
                    )
                )
        self._kttv_move("submitted", {"date_submitted": fields.Date.context_today(self)})

    def action_return(self):
        """TCCB returns the proposals to their unit (back to draft)."""
        return self._kttv_run("return")

    def _do_return(self, reason=None):
        self._kttv_move("draft", {"date_submitted": False}, body=reason or self.env._("Returned to the unit."))

    def action_refuse(self):
        return self._kttv_run("refuse")

    def _do_refuse(self, reason=None):
        self._kttv_move("refused", body=reason)

    def action_send_council(self):
        """TCCB puts the proposals before the council."""
        return self._kttv_run("send_council")

    def _do_send_council(self):
        closed = self.filtered(lambda nomination: nomination.council_session_id.state == "closed")
        if closed:
            raise UserError(
                _(
                    "%(nomination)s: the vote of %(session)s is closed: choose an open council session.",
                    nomination=closed[0].display_name,
                    session=closed[0].council_session_id.name,
                )
            )
        # A nomination returned after an earlier vote starts this one afresh.
        self._kttv_move("council", dict.fromkeys(COUNCIL_FIELDS, False))
        # Before a session already voting: the members' ballots gain it.
        self.council_session_id._kttv_create_nomination_dossiers(self)

    def action_cancel(self):
        return self._kttv_run("cancel")

    def _do_cancel(self):
        self._kttv_move("cancelled")

    def action_recognize(self):
        """The head recognises the titles of their authority: achievements written, initiatives spent."""
        return self._kttv_run("recognize")

    def _do_recognize(self):
        missing = self.filtered(lambda nomination: not nomination.decision_number or not nomination.decision_date)
        if missing:
            raise UserError(
                _("%(nomination)s: record the decision's number and date first.", nomination=missing[0].display_name)
            )
        self._kttv_award("recognized", "decision_number", "decision_date", self._kttv_authorities("decision_date"))

    def action_propose_ministry(self):
        """TCCB proposes the titles beyond the head's authority to the Ministry."""
        return self._kttv_run("propose_ministry")

    def _do_propose_ministry(self):
        """One proposal to the Ministry for all of them (draft: TCCB sends it), the titles proposed."""
        proposal = (
            self.env["kttv.ministry.proposal"]
            .sudo()
            .create(
                {
                    "subject": self.env._(
                        "Proposal to award the emulation titles of %(years)s",
                        years=", ".join(str(year) for year in sorted(set(self.mapped("year")))),
                    ),
                    "nomination_ids": [Command.set(self.ids)],
                }
            )
        )
        self._kttv_move(
            "ministry_proposed",
            {"proposal_id": proposal.id},
            body=self.env._("Proposed to the Ministry (proposal %(proposal)s).", proposal=proposal.display_name),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.ministry.proposal",
            "res_id": proposal.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "name": _("Proposal to the Ministry"),
        }

    # ------------------------------------------------------------------
    # The council's vote and the head's decision
    # ------------------------------------------------------------------

    def action_prepare_decision(self):
        """TCCB prepares the head's decision on the titles the council passed: one decision a year."""
        return self._kttv_run("prepare_decision")

    def _do_prepare_decision(self):
        Decision = self.env["kttv.emulation.decision"]
        decisions = Decision.create(
            [
                {
                    "authority": "administration",
                    "award_kind": "merit",
                    "achievement_year": year,
                    "subject": self.env._("Awarding the emulation titles of %(year)s", year=year),
                    "nomination_ids": [Command.set(self.filtered(lambda n, year=year: n.year == year).ids)],
                }
                for year in sorted(set(self.mapped("year")))
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.emulation.decision",
            "view_mode": "list,form" if len(decisions) > 1 else "form",
            "views": [(False, "list"), (False, "form")] if len(decisions) > 1 else [(False, "form")],
            "domain": [("id", "in", decisions.ids)],
            "res_id": decisions[:1].id,
            "name": _("Decision on the titles"),
        }

    @api.model
    def _kttv_check_decisions(self, decisions):
        """What ``decisions`` grant of nominations is what they can: passed, of their authority, not on hold."""
        for decision in decisions:
            ministry = decision.authority == "ministry"
            for nomination in decision.nomination_ids.sudo():
                if ministry:
                    fit = nomination.state == "ministry_proposed" and not nomination.within_head_authority
                else:
                    fit = nomination.state == "council" and nomination.council_passed
                    fit = fit and nomination.within_head_authority
                if not fit:
                    # Worded apart, not nested in the message's call: Odoo's extractor only sees the outer one.
                    beyond = _(", beyond the head's authority")
                    raise UserError(
                        _(
                            "%(nomination)s cannot be awarded by decision %(number)s: it is %(state)s%(why)s.",
                            nomination=nomination.display_name,
                            number=decision.display_name,
                            state=nomination._kttv_state_label(),
                            why=beyond if not ministry and not nomination.within_head_authority else "",
                        )
                    )
        nominations = decisions.nomination_ids.sudo()
        for on_date in set(decisions.mapped("date")):
            dated = decisions.filtered(lambda d, on_date=on_date: d.date == on_date).nomination_ids.sudo()
            self.env["kttv.subject.hold"]._check_no_hold(
                dated.employee_id,
                dated.department_id,
                on_date,
                _("Awarding them by a decision dated %(date)s", date=fields.Date.to_string(on_date)),
            )
        return nominations

    @api.model
    def _kttv_decided(self, decisions):
        """Signing ``decisions``: their nominations' achievements, initiatives, rewards, states.

        A fixed number of queries per decision, whatever the number of titles.
        Returns ``{decision id: reward fund lines}``.
        """
        paid = {}
        Lines = self.env["kttv.reward.fund.line"].sudo()
        for decision in decisions:
            nominations = decision.nomination_ids.sudo()
            if not nominations:
                continue
            ministry = decision.authority == "ministry"
            number_field, date_field = (
                ("ministry_decision_number", "ministry_decision_date")
                if ministry
                else ("decision_number", "decision_date")
            )
            nominations.with_context(mail_notrack=True).write(
                {number_field: decision.number, date_field: decision.date}
            )
            nominations._kttv_award(
                "ministry_recognized" if ministry else "recognized",
                number_field,
                date_field,
                decision._authority_text(),
                extra={
                    "decision_id": decision.id,
                    "award_kind": decision.award_kind,
                    "year": decision.achievement_year,
                },
            )
            fund = self.env["kttv.reward.fund"]._get(decision.date.year, decision._fund_level())
            vals_list = []
            for nomination, title, amount in Lines._rewards_due(decision, nominations):
                if amount <= 0:
                    continue
                values = Lines._payment_vals(
                    fund,
                    decision,
                    nomination,
                    title,
                    amount=amount,
                    date=decision.date,
                    description=self.env._(
                        "%(title)s – %(subject)s (decision %(number)s)",
                        title=title.name,
                        subject=nomination._subject().display_name,
                        number=decision.number,
                    ),
                )
                values["registration_id"] = False
                vals_list.append(values)
            paid[decision.id] = Lines.create(vals_list)
        # The sessions no longer ask TCCB for a decision on these.
        decisions.nomination_ids.council_session_id._kttv_activity_update()
        return paid

    @api.model
    def _kttv_decision_cancelled(self, decisions, reason):
        """Cancelled ``decisions``: their nominations wait again (council, or the Ministry), initiatives freed."""
        for decision in decisions:
            ministry = decision.authority == "ministry"
            nominations = decision.nomination_ids.sudo().filtered(
                lambda n, ministry=ministry: n.state == ("ministry_recognized" if ministry else "recognized")
            )
            if not nominations:
                continue
            values = (
                {"ministry_decision_number": False, "ministry_decision_date": False}
                if ministry
                else {"decision_number": False, "decision_date": False}
            )
            nominations._kttv_move(
                "ministry_proposed" if ministry else "council",
                {**values, "achievement_id": False, "initiative_id": False},
                body=self.env._("Decision %(number)s was cancelled: %(reason)s", number=decision.number, reason=reason),
            )

    def action_ministry_recognize(self):
        """TCCB records the Ministry's decision: achievements written, initiatives spent."""
        return self._kttv_run("ministry_recognize")

    def _do_ministry_recognize(self):
        missing = self.filtered(
            lambda nomination: not nomination.ministry_decision_number or not nomination.ministry_decision_date
        )
        if missing:
            raise UserError(
                _(
                    "%(nomination)s: record the Ministry's decision number and date first.",
                    nomination=missing[0].display_name,
                )
            )
        self._kttv_award(
            "ministry_recognized",
            "ministry_decision_number",
            "ministry_decision_date",
            self._kttv_authorities("ministry_decision_date", ministry=True),
        )

    def _kttv_authorities(self, date_field, ministry=False):
        """``{nomination id: who awarded}``, from the identity of the organisation in force on ``date_field``.

        As a decision says it (``kttv.emulation.decision._authority_text``):
        the head of the agency with its name, or the governing body.
        """
        Identity = self.env["kttv.organisation.identity"]
        identities = Identity._for_dates(self.mapped(date_field))
        authorities = {}
        for nomination in self:
            on_date = nomination[date_field]
            identity = identities.get(on_date) or Identity._for_date(on_date)  # its clear error when none
            authorities[nomination.id] = (
                identity.parent_authority if ministry else f"{identity.head_title} {identity.agency_name}".strip()
            )
        return authorities

    def _kttv_award(self, state, number_field, date_field, authority, extra=None):
        """Write the achievements, spend the initiatives the titles used, move: in one batch.

        ``authority``: who awarded, one text for all, or ``{nomination id: text}``.
        """
        authorities = authority if isinstance(authority, dict) else dict.fromkeys(self.ids, authority)
        verdicts = self._kttv_verdicts()
        for nomination in self:
            verdict = verdicts.get(nomination.id)
            if verdict and verdict.result == criteria.FAIL:
                raise UserError(
                    _(
                        "%(nomination)s no longer meets the conditions of the title: %(reason)s.",
                        nomination=nomination.display_name,
                        reason=nomination._kttv_condition_text(verdict.reason),
                    )
                )
        achievements = (
            self.env["kttv.achievement"]
            .sudo()
            .create(
                [
                    {
                        "employee_id": nomination.employee_id.id or False,
                        "department_id": nomination.department_id.id or False,
                        "year": nomination.year,
                        "title_id": nomination.title_id.id,
                        "decision_number": nomination[number_field],
                        "decision_date": nomination[date_field],
                        "authority": authorities.get(nomination.id) or "",
                        "source": "decision",
                        **(extra or {}),
                    }
                    for nomination in self
                ]
            )
        )
        Initiative = self.env["kttv.initiative"]
        pairs = []
        spent = {}
        for nomination, achievement in zip(self, achievements, strict=True):
            initiative_id = verdicts.get(nomination.id) and verdicts[nomination.id].initiative_id
            if initiative_id:
                pairs.append((Initiative.browse(initiative_id), achievement))
                spent[nomination.id] = initiative_id
        if pairs:
            Initiative._kttv_spend(pairs)
        by_id = dict(zip(self.ids, achievements, strict=True))
        self._kttv_move(state)
        self.sudo()._kttv_link_awards(
            {nomination_id: (by_id[nomination_id], spent.get(nomination_id)) for nomination_id in self.ids}
        )

    def _kttv_link_awards(self, links):
        """``{id: (achievement, initiative id)}`` on each nomination, in one UPDATE."""
        self.env.cr.execute(
            """UPDATE kttv_title_nomination n
                  SET achievement_id = v.achievement_id, initiative_id = v.initiative_id
                 FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS achievement_id,
                              unnest(%s::int[]) AS initiative_id) v
                WHERE n.id = v.id""",
            (
                list(links),
                [achievement.id for achievement, _initiative in links.values()],
                [initiative for _achievement, initiative in links.values()],
            ),
        )
        self.invalidate_recordset(["achievement_id", "initiative_id"])

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    def _kttv_expected_activities(self):
        expected = []
        tccb = director = None
        for nomination in self:
            if nomination.state == "submitted":
                tccb = tccb if tccb is not None else self._kttv_tccb_officers()
                expected.append(
                    (
                        nomination,
                        REVIEW_ACTIVITY,
                        tccb,
                        self.env._("%(unit)s proposes a title.", unit=nomination.unit_id.name),
                    )
                )
            elif (
                nomination.state == "council" and nomination.within_head_authority and not nomination.council_session_id
            ):
                # Before a council session, its decision asks the head to sign (kttv.emulation.decision).
                director = director if director is not None else self._kttv_director()
                expected.append((nomination, SIGN_ACTIVITY, director, self.env._("A title awaits your decision.")))
        return expected
