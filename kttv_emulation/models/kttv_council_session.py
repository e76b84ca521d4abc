from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, LazyTranslate, formatLang

from ..lib import voting
from .kttv_workflow_mixin import COUNCIL, DONE, OFFICER, AllBut, Step

_lt = LazyTranslate(__name__)

# One ballot per member per session; TCCB prepares the decision once it closes.
VOTE = "kttv_emulation.mail_act_council_session_vote"
DECISION = "kttv_emulation.mail_act_council_session_decision"
# The steps that only the session's own secretary takes.
SECRETARY_STEPS = ("open_vote", "close_vote", "record_written_vote")
MINUTES = frozenset({"minutes", "minutes_name"})


class KttvCouncilSession(models.Model):
    """A meeting of the emulation and commendation council (Hội đồng TĐKT)."""

    _name = "kttv.council.session"
    _inherit = ["kttv.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Council session"
    _order = "date desc, id desc"

    # The life cycle: the members and the secretary are chosen in preparation,
    # who is absent is marked while the vote is open, the minutes any time.
    _kttv_workflow_fields = frozenset({"state", "dossier_ids", "vote_ids"})
    _kttv_writable = {
        "draft": {OFFICER: AllBut({"absent_member_ids"})},
        "voting": {OFFICER: frozenset({"name", "date", "absent_member_ids"}) | MINUTES},
        "closed": {OFFICER: MINUTES},
    }
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "open_vote": Step(("draft",), (OFFICER,), _lt("open a council vote")),
        "close_vote": Step(("voting",), (OFFICER,), _lt("close a council vote")),
        "open_ballot": Step(("voting",), (COUNCIL,), _lt("vote")),
        "record_written_vote": Step(("voting",), (OFFICER,), _lt("record a written vote")),
    }
    _kttv_activity_types = {VOTE: DONE, DECISION: DONE}
    _kttv_activity_once = frozenset({DECISION})

    name = fields.Char(required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    # Empty for a session on the titles of the year only (no exemplar dossiers).
    phase_id = fields.Many2one("kttv.exemplar.phase", index=True)
    secretary_id = fields.Many2one(
        "res.users",
        string="Secretary",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        help="The TCCB officer who records written votes and closes the vote.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "kttv_council_session_member_rel",
        "session_id",
        "user_id",
        string="Members",
        help="Every member counts: the share of votes is taken on all of them, present or not.",
    )
    absent_member_ids = fields.Many2many(
        "res.users",
        "kttv_council_session_absent_rel",
        "session_id",
        "user_id",
        string="Absent members",
        help="Members absent from the meeting, marked by the secretary while the vote is open: only their votes "
        "are recorded in writing. They count among the members like everyone else.",
    )
    council_group_id = fields.Many2one("res.groups", compute="_compute_council_group_id")
    state = fields.Selection(
        [("draft", "In preparation"), ("voting", "Voting"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        string="Status",
    )
    registration_ids = fields.One2many("kttv.exemplar.registration", "council_session_id", string="Dossiers")
    nomination_ids = fields.One2many("kttv.title.nomination", "council_session_id", string="Titles of the year")
    dossier_ids = fields.One2many(
        "kttv.council.dossier",
        "session_id",
        string="Rules of the vote",
        readonly=True,
        help="Frozen when the vote opens: each dossier's title, secret ballot, threshold and number of members.",
    )
    vote_ids = fields.One2many("kttv.council.vote", "session_id", string="Votes")
    minutes = fields.Binary("Minutes", attachment=True)
    minutes_name = fields.Char("Minutes file name")
    member_count = fields.Integer(compute="_compute_member_count")
    is_secretary = fields.Boolean(compute="_compute_is_member")
    is_member = fields.Boolean(compute="_compute_is_member")
    my_remaining_count = fields.Integer(
        "Dossiers left to vote on",
        compute="_compute_my_remaining_count",
        help="The dossiers you have not voted on yet.",
    )
    missing_vote_warning = fields.Text(
        "Votes still missing",
        compute="_compute_missing_vote_warning",
        help="Before the vote closes: the members with dossiers still to vote on, whose silence counts against.",
    )
    failed_criteria_warning = fields.Text(
        "Dossiers not meeting their criteria",
        compute="_compute_failed_criteria_warning",
        help="Before and during the vote: the dossiers with a criterion not met, which the council votes on as is.",
    )
    can_open_vote = fields.Boolean(compute="_compute_kttv_can")
    can_close_vote = fields.Boolean(compute="_compute_kttv_can")
    can_open_ballot = fields.Boolean(compute="_compute_kttv_can")
    can_record_written_vote = fields.Boolean(compute="_compute_kttv_can")

    def _compute_council_group_id(self):
        self.council_group_id = self.env.ref(COUNCIL)

    @api.depends("member_ids")
    def _compute_member_count(self):
        for session in self:
            session.member_count = len(session.member_ids)

    @api.depends_context("uid")
    @api.depends("member_ids", "secretary_id")
    def _compute_is_member(self):
        for session in self:
            session.is_secretary = session.secretary_id == self.env.user
            session.is_member = self.env.user in session.member_ids

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_my_remaining_count(self):
        user = self.env.user
        remaining = self.filtered(lambda session: session.id and session.state == "voting")._kttv_remaining(user)
        for session in self:
            session.my_remaining_count = remaining.get((session.id, user.id), 0)

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------

    @api.constrains("secretary_id")
    def _check_secretary_is_tccb(self):
        for session in self:
            if not session.secretary_id.has_group(OFFICER):
                raise ValidationError(
                    _(
                        "%(user)s cannot be the secretary of %(session)s: the secretary is a TCCB officer.",
                        user=session.secretary_id.name,
                        session=session.name,
                    )
                )

    @api.constrains("phase_id")
    def _check_dossier_phase(self):
        for session in self.sudo():
            strays = session.registration_ids.filtered(
                lambda registration, s=session: registration.phase_id != s.phase_id
            )
            if strays:
                raise ValidationError(session._kttv_phase_message(strays[0]))

    def _kttv_phase_message(self, registration):
        """Why ``registration`` cannot be put before its session (another phase)."""
        session = registration.sudo().council_session_id
        return _(
            "%(dossier)s belongs to %(phase)s: it cannot be put before %(session)s, which considers %(session_phase)s.",
            dossier=registration.sudo().display_name,
            phase=registration.sudo().phase_id.display_name,
            session=session.name,
            session_phase=session.phase_id.display_name,
        )

    @api.constrains("absent_member_ids", "member_ids")
    def _check_absent_members(self):
        """Absent members are members; whoever voted in person was there; a written vote stays one."""
        groups = (
            self.env["kttv.council.vote"]
            .sudo()
            ._read_group([("session_id", "in", self.ids)], ["session_id", "member_id", "written"], ["__count"])
        )
        in_person, in_writing = defaultdict(set), defaultdict(set)
        for session, member, written, _count in groups:
            (in_writing if written else in_person)[session.id].add(member.id)
        for session in self:
            absent = session.absent_member_ids
            strangers = absent - session.member_ids
            if strangers:
                raise ValidationError(
                    _(
                        "%(names)s are not members of %(session)s: only a member can be marked absent.",
                        names=", ".join(strangers.mapped("name")),
                        session=session.name,
                    )
                )
            voted = absent.filtered(lambda user, s=session: user.id in in_person[s.id])
            if voted:
                raise ValidationError(
                    _(
                        "%(names)s voted at %(session)s: a member who has voted cannot be marked absent.",
                        names=", ".join(voted.mapped("name")),
                        session=session.name,
                    )
                )
            present = self.env["res.users"].browse(in_writing[session.id]) - absent
            if present:
                raise ValidationError(
                    _(
                        "%(names)s voted in writing at %(session)s: they stay marked absent.",
                        names=", ".join(present.sudo().mapped("name")),
                        session=session.name,
                    )
                )

    def _kttv_check_write(self, vals):
        # Besides the role (``_kttv_writable``): the session's own secretary, the person.
        if "absent_member_ids" in vals:
            for session in self:
                if session.secretary_id != self.env.user:
                    raise AccessError(
                        _(
                            "Only %(secretary)s, the secretary of %(session)s, marks who is absent.",
                            secretary=session.secretary_id.name,
                            session=session.name,
                        )
                    )
        return super()._kttv_check_write(vals)

    def _kttv_locked_message(self, names):
        if names & {"member_ids", "secretary_id"} and self.state != "draft":
            return _("The members of a council cannot change once the vote is open.")
        if "absent_member_ids" in names and self.state != "voting":
            return _(
                "%(session)s is %(state)s: who is absent is marked while the vote is open.",
                session=self.name,
                state=self._kttv_state_label(),
            )
        return super()._kttv_locked_message(names)

    def _kttv_unlink_message(self):
        return _("A council session that has voted cannot be deleted.")

    # ------------------------------------------------------------------
    # Steps: who may take them
    # ------------------------------------------------------------------

    def _kttv_step_condition(self, step):
        user = self.env.user
        sessions = self
        if step in SECRETARY_STEPS and not self.env.su:
            sessions = sessions.filtered(lambda session: session.secretary_id == user)
        if step == "open_ballot":
            remaining = sessions._kttv_remaining(user)
            sessions = sessions.filtered(lambda session: remaining.get((session.id, user.id)))
        elif step == "record_written_vote":
            remaining = sessions._kttv_remaining()
            sessions = sessions.filtered(
                lambda session: any(remaining.get((session.id, member.id)) for member in session.absent_member_ids)
            )
        return sessions

    def _kttv_step_refusal(self, step):
        if step == "open_ballot":
            if self.env.user not in self.member_ids:
                return _("You are not a member of %(session)s.", session=self.name)
            return _("You have voted on every dossier of %(session)s.", session=self.name)
        if step == "record_written_vote":
            return _(
                "No absent member of %(session)s has a dossier left to vote on: mark the absent members first, "
                "only their votes are recorded in writing.",
                session=self.name,
            )
        return super()._kttv_step_refusal(step)

    def _kttv_check_step(self, step):
        declared = self._kttv_steps[step]
        if step in SECRETARY_STEPS and not self.env.su:
            # The role first, then the person: both are access, not a state.
            self._kttv_require(declared.groups[0], declared.label)
            for session in self:
                if session.secretary_id != self.env.user:
                    raise AccessError(
                        _(
                            "Only %(secretary)s, the secretary of %(session)s, may %(action)s.",
                            secretary=session.secretary_id.name,
                            session=session.name,
                            action=self.env._(declared.label),
                        )
                    )
        result = super()._kttv_check_step(step)
        if step == "open_vote":
            self._kttv_check_can_open()
        return result

    def _kttv_check_can_open(self):
        council = self.env.ref(COUNCIL).sudo().users
        for session in self:
            if not session.member_ids:
                raise UserError(_("%(session)s has no members.", session=session.name))
            outsiders = session.member_ids - council
            if outsiders:
                raise UserError(
                    _(
                        "%(names)s are not members of the council: remove them from %(session)s.",
                        names=", ".join(outsiders.mapped("name")),
                        session=session.name,
                    )
                )
            strays = session.sudo().registration_ids.filtered(
                lambda registration, s=session: registration.phase_id != s.phase_id
            )
            if strays:
                raise ValidationError(session._kttv_phase_message(strays[0]))

    def _kttv_remaining(self, users=None):
        """``{(session id, member id): dossiers left to vote on}`` for the members (or ``users``) of the sessions.

        Counted in two queries for all the sessions: the dossiers before each
        session, and the votes of each member on them.
        """
        sessions = self.sudo().filtered("id")
        if not sessions:
            return {}
        domain = [
            ("session_id", "in", sessions.ids),
            "|",
            ("registration_id.state", "=", "council"),
            ("nomination_id.state", "=", "council"),
        ]
        dossiers = {
            session.id: count
            for session, count in self.env["kttv.council.dossier"]
            .sudo()
            ._read_group(domain, ["session_id"], ["__count"])
        }
        if users is not None:
            domain = [*domain, ("member_id", "in", users.ids)]
        votes = {
            (session.id, member.id): count
            for session, member, count in self.env["kttv.council.vote"]
            .sudo()
            ._read_group(domain, ["session_id", "member_id"], ["__count"])
        }
        remaining = {}
        for session in sessions:
            members = session.member_ids if users is None else session.member_ids & users
            for member in members:
                left = dossiers.get(session.id, 0) - votes.get((session.id, member.id), 0)
                if left > 0:
                    remaining[session.id, member.id] = left
        return remaining

    @api.depends_context("uid")
    @api.depends("state", "member_ids", "absent_member_ids")
    def _compute_missing_vote_warning(self):
        """What closing the vote now would do to the votes not yet cast (members only, never their choices)."""
        voting = self.filtered(lambda session: session.id and session.state == "voting")
        remaining = voting._kttv_remaining() if voting else {}
        for session in self:
            missing = session.member_ids.filtered(lambda member, s=session: remaining.get((s.id, member.id)))
            if session not in voting or not missing:
                session.missing_vote_warning = False
                continue
            names = [
                self.env._("%(member)s (%(left)s left)", member=member.name, left=remaining[session.id, member.id])
                for member in missing
            ]
            session.missing_vote_warning = self.env._(
                "%(count)s of %(members)s members have not voted on every dossier yet: %(names)s. "
                "If the vote closes now, each missing vote counts as not approving (the share is taken on all "
                "members); record the written votes of absent members first.",
                count=len(missing),
                members=len(session.member_ids),
                names=", ".join(names),
            )

    @api.depends("state", "registration_ids")
    def _compute_failed_criteria_warning(self):
        """A dossier that does not meet a criterion is put to the vote only knowingly."""
        for session in self:
            failed = (
                session.registration_ids.filtered("criteria_failed_count")
                if session.state in ("draft", "voting")
                else session.registration_ids.browse()
            )
            session.failed_criteria_warning = bool(failed) and self.env._(
                "%(count)s of %(total)s dossiers do not meet all their criteria: %(names)s. The council votes on "
                "them as they are; return or refuse a dossier first if it should not be voted on.",
                count=len(failed),
                total=len(session.registration_ids),
                names=", ".join(failed[:5].mapped("display_name")) + (", …" if len(failed) > 5 else ""),
            )

    # ------------------------------------------------------------------
    # Opening: the rules of the vote are frozen
    # ------------------------------------------------------------------

    def action_open_vote(self):
        return self._kttv_run("open_vote")

    def _do_open_vote(self):
        nominated = self.registration_ids.filtered(lambda registration: registration.state == "nominated")
        if nominated:
            nominated._kttv_run("send_to_council")
        dossiers = self.registration_ids.filtered(lambda registration: registration.state == "council")
        self._kttv_create_dossier_lines(dossiers)
        nominations = self.nomination_ids.filtered(lambda nomination: nomination.state == "council")
        self._kttv_create_nomination_dossiers(nominations)
        counts = defaultdict(int)
        for registration in dossiers:
            counts[registration.council_session_id.id] += 1
        for nomination in nominations:
            counts[nomination.council_session_id.id] += 1
        self._kttv_move(
            "voting",
            body={
                session.id: self.env._(
                    "The vote is open on %(count)s dossiers, counted on all %(members)s members.",
                    count=counts[session.id],
                    members=len(session.member_ids),
                )
                for session in self
            },
        )

    def _kttv_freeze_dossiers(self, registrations):
        """Freeze the rules of the vote for ``registrations`` that reach these sessions while they vote.

        The registration calls it when it sends dossiers to a session already
        voting: each member's ballot gains them.
        """
        lines = self._kttv_create_dossier_lines(registrations)
        lines.session_id.filtered(lambda session: session.state == "voting")._kttv_activity_update()
        return lines

    def _kttv_create_dossier_lines(self, registrations):
        """One frozen ``kttv.council.dossier`` per registration before one of these sessions, in one create."""
        Dossier = self.env["kttv.council.dossier"].sudo()
        sessions = self.sudo().filtered(lambda session: session.state in ("draft", "voting"))
        registrations = registrations.sudo().filtered(lambda registration: registration.council_session_id in sessions)
        if not registrations:
            return Dossier
        strays = registrations.filtered(
            lambda registration: registration.phase_id != registration.council_session_id.phase_id
        )
        if strays:
            raise ValidationError(self._kttv_phase_message(strays[0]))
        frozen = {
            (line.session_id.id, line.registration_id.id)
            for line in Dossier.search_fetch(
                [("session_id", "in", sessions.ids), ("registration_id", "in", registrations.ids)],
                ["session_id", "registration_id"],
            )
        }
        vals_list = []
        for registration in registrations:
            session = registration.council_session_id
            if (session.id, registration.id) in frozen:
                continue
            title = registration.title_id
            secret = bool(title.secret_vote)
            vals_list.append(
                {
                    "session_id": session.id,
                    "registration_id": registration.id,
                    "title_id": title.id,
                    "secret_vote": secret,
                    # Any other vote needs more than half of the members (lib/voting.py).
                    "threshold": title.vote_threshold if secret else 50.0,
                    "member_count": len(session.member_ids),
                }
            )
        return Dossier.create(vals_list)

    def _kttv_create_nomination_dossiers(self, nominations):
        """One frozen ``kttv.council.dossier`` per title nomination before one of these sessions, in one create.

        The title's secret ballot and threshold as the catalog says now, the
        members counted as the session has them.
        """
        Dossier = self.env["kttv.council.dossier"].sudo()
        sessions = self.sudo().filtered(lambda session: session.state in ("draft", "voting"))
        nominations = nominations.sudo().filtered(lambda nomination: nomination.council_session_id in sessions)
        if not nominations:
            return Dossier
        frozen = {
            (line.session_id.id, line.nomination_id.id)
            for line in Dossier.search_fetch(
                [("session_id", "in", sessions.ids), ("nomination_id", "in", nominations.ids)],
                ["session_id", "nomination_id"],
            )
        }
        vals_list = []
        for nomination in nominations:
            session = nomination.council_session_id
            if (session.id, nomination.id) in frozen:
                continue
            title = nomination.title_id
            secret = bool(title.secret_vote)
            vals_list.append(
                {
                    "session_id": session.id,
                    "nomination_id": nomination.id,
                    "title_id": title.id,
                    "secret_vote": secret,
                    "threshold": title.vote_threshold if secret else 50.0,
                    "member_count": len(session.member_ids),
                }
            )
        lines = Dossier.create(vals_list)
        lines.session_id.filtered(lambda session: session.state == "voting")._kttv_activity_update()
        return lines

    def _kttv_nominations_to_vote(self, member):
        """The title nominations before the session on which ``member`` has not voted yet: one query."""
        self.ensure_one()
        self.env["kttv.council.dossier"].flush_model(["session_id", "nomination_id"])
        self.env["kttv.council.vote"].flush_model(["session_id", "nomination_id", "member_id"])
        self.env["kttv.title.nomination"].flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """SELECT d.nomination_id
                     FROM kttv_council_dossier d
                     JOIN kttv_title_nomination n ON n.id = d.nomination_id AND n.state = 'council'
                    WHERE d.session_id = %(session)s
                      AND NOT EXISTS (SELECT 1 FROM kttv_council_vote v
                                       WHERE v.session_id = d.session_id AND v.nomination_id = d.nomination_id
                                         AND v.member_id = %(member)s)
                 ORDER BY d.nomination_id""",
                session=self.id,
                member=member.id,
            )
        )
        return self.env["kttv.title.nomination"].browse([row[0] for row in self.env.cr.fetchall()])

    def _kttv_close_nominations(self):
        """Count each title nomination on its frozen rules: passed (for the decision) or refused.

        Returns ``{session id: [passed, refused]}``.  One query for the
        dossiers, one for the approvals, one write per result.
        """
        Nomination = self.env["kttv.title.nomination"].sudo()
        nominations = self.nomination_ids.filtered(lambda nomination: nomination.state == "council")
        self._kttv_create_nomination_dossiers(nominations)
        outcome = defaultdict(lambda: [0, 0])
        if not nominations:
            return outcome
        lines = (
            self.env["kttv.council.dossier"]
            .sudo()
            .search_fetch(
                [("session_id", "in", self.ids), ("nomination_id", "in", nominations.ids)],
                ["session_id", "nomination_id", "secret_vote", "threshold", "member_count"],
            )
        )
        approvals = {
            (session.id, nomination.id): count
            for session, nomination, count in self.env["kttv.council.vote"]
            .sudo()
            ._read_group(
                [("session_id", "in", self.ids), ("nomination_id", "in", nominations.ids), ("vote", "=", "approve")],
                ["session_id", "nomination_id"],
                ["__count"],
            )
        }
        results = defaultdict(list)
        for line in lines:
            count = approvals.get((line.session_id.id, line.nomination_id.id), 0)
            percent, passed = voting.tally(count, line.member_count, line.threshold, line.secret_vote)
            results[count, line.member_count, percent, line.threshold, line.secret_vote, passed].append(
                line.nomination_id.id
            )
            outcome[line.session_id.id][0 if passed else 1] += 1
        refused_bodies = {}
        for result, ids in results.items():
            count, members, percent, threshold, _secret, passed = result
            values = {
                "council_approve_count": count,
                "council_member_count": members,
                "council_percent": percent,
                "council_threshold": threshold,
                "council_passed": passed,
            }
            text = self._kttv_vote_text(result)
            Nomination.browse(ids).with_context(mail_notrack=True).write(values)
            if passed:
                Nomination.browse(ids)._kttv_log(dict.fromkeys(ids, text))
            else:
                refused_bodies.update(dict.fromkeys(ids, _("Refused: %(reason)s", reason=text)))
        if refused_bodies:
            Nomination.browse(list(refused_bodies))._kttv_move("refused", {}, body=refused_bodies)
        nominations.filtered("council_passed")._kttv_activity_update()
        return outcome

    # ------------------------------------------------------------------
    # Ballots
    # ------------------------------------------------------------------

    def action_open_ballot(self):
        """The current member's ballot: every dossier of the session they have still to vote on."""
        self.ensure_one()
        return self._kttv_run("open_ballot")

    def _do_open_ballot(self):
        return self._kttv_ballot_action(written=False)

    def action_record_written_vote(self):
        """The secretary enters the written votes of a member absent from the meeting."""
        self.ensure_one()
        return self._kttv_run("record_written_vote")

    def _do_record_written_vote(self):
        remaining = self._kttv_remaining(self.absent_member_ids)
        absent = self.absent_member_ids.filtered(lambda member: remaining.get((self.id, member.id)))
        return self._kttv_ballot_action(written=True, member=absent if len(absent) == 1 else None)

    def _kttv_ballot_action(self, written, member=None):
        context = {"default_session_id": self.id, "default_written": written}
        if member:
            context["default_member_id"] = member.id
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.vote.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": _("Written votes of an absent member") if written else _("My ballot"),
            "context": context,
        }

    def _kttv_dossiers_to_vote(self, member):
        """The registrations before the session on which ``member`` has not voted yet."""
        self.ensure_one()
        lines = (
            self.env["kttv.council.dossier"]
            .sudo()
            .search_fetch(
                [("session_id", "=", self.id), ("registration_id.state", "=", "council")], ["registration_id"]
            )
        )
        voted = (
            self.env["kttv.council.vote"]
            .sudo()
            .search_fetch([("session_id", "=", self.id), ("member_id", "=", member.id)], ["registration_id"])
            .registration_id
        )
        return lines.registration_id - voted

    # ------------------------------------------------------------------
    # Closing: counted on what was frozen, in one pass for every dossier
    # ------------------------------------------------------------------

    def action_close_vote(self):
        """Count each dossier on its frozen rules and move it on, or refuse it."""
        return self._kttv_run("close_vote")

    def _do_close_vote(self):
        Registration = self.env["kttv.exemplar.registration"].sudo()
        dossiers = self.registration_ids.filtered(lambda registration: registration.state == "council")
        # Dossiers of a session voting before the rules were frozen (kept as a safety net).
        self._kttv_create_dossier_lines(dossiers)
        lines = (
            self.env["kttv.council.dossier"]
            .sudo()
            .search_fetch(
                [("session_id", "in", self.ids), ("registration_id", "in", dossiers.ids)],
                ["session_id", "registration_id", "secret_vote", "threshold", "member_count"],
            )
        )
        approvals = {
            (session.id, registration.id): count
            for session, registration, count in self.env["kttv.council.vote"]
            .sudo()
            ._read_group(
                [("session_id", "in", self.ids), ("registration_id", "in", dossiers.ids), ("vote", "=", "approve")],
                ["session_id", "registration_id"],
                ["__count"],
            )
        }
        # Dossiers with the same count share their result: one write per result.
        results = defaultdict(list)
        for line in lines:
            count = approvals.get((line.session_id.id, line.registration_id.id), 0)
            percent, passed = voting.tally(count, line.member_count, line.threshold, line.secret_vote)
            results[count, line.member_count, percent, line.threshold, line.secret_vote, passed].append(
                line.registration_id.id
            )
        passed_bodies, refused_bodies, outcome = {}, {}, defaultdict(lambda: [0, 0])
        for result, ids in results.items():
            count, members, percent, threshold, _secret, passed = result
            values = {
                "vote_approve_count": count,
                "vote_member_count": members,
                "vote_percent": percent,
                "vote_threshold": threshold,
                "vote_passed": passed,
            }
            text = self._kttv_vote_text(result)
            if passed:
                passed_bodies.update(dict.fromkeys(ids, text))
            else:
                values["refuse_reason"] = text
                refused_bodies.update(dict.fromkeys(ids, _("Refused: %(reason)s", reason=text)))
            Registration.browse(ids).with_context(mail_notrack=True).write(values)
        for line in lines:
            outcome[line.session_id.id][0 if line.registration_id.id in passed_bodies else 1] += 1
        for session_id, (passed_count, refused_count) in self._kttv_close_nominations().items():
            outcome[session_id][0] += passed_count
            outcome[session_id][1] += refused_count
        refused = dossiers.browse(list(refused_bodies))
        if refused:
            refused._kttv_move("refused", {}, body=refused_bodies)
        passed = dossiers.browse(list(passed_bodies))
        if passed:
            passed._kttv_log(passed_bodies)
            passed._kttv_activity_update()
        # Ballots not cast are withdrawn; TCCB is asked to prepare the decision.
        self._kttv_activities_of([VOTE]).unlink()
        self._kttv_move(
            "closed",
            body={
                session.id: self.env._(
                    "The vote is closed: %(passed)s dossiers approved, %(refused)s refused.",
                    passed=outcome[session.id][0],
                    refused=outcome[session.id][1],
                )
                for session in self
            },
        )

    def _kttv_vote_text(self, result):
        """What the chatter and the reason say of a result, in the words of the rule applied.

        ``result`` is ``(approvals, members, percent, threshold, secret, passed)``.
        """
        approvals, members, percent, threshold, secret, passed = result
        figures = {
            "approvals": approvals,
            "members": members,
            "percent": formatLang(self.env, percent, digits=1),
        }
        if passed:
            return _("The council approved: %(approvals)s of %(members)s members (%(percent)s%%).", **figures)
        if secret:
            return _(
                "The council did not reach the threshold: %(approvals)s of %(members)s members "
                "(%(percent)s%%), %(threshold)s%% needed.",
                threshold=formatLang(self.env, threshold, digits=0 if float(threshold).is_integer() else 2),
                **figures,
            )
        return _(
            "The council did not approve: %(approvals)s of %(members)s members (%(percent)s%%), "
            "more than half of the members needed.",
            **figures,
        )

    # ------------------------------------------------------------------
    # Activities: one ballot per member, one decision to prepare
    # ------------------------------------------------------------------

    def _kttv_notify_assignees(self, activities):
        """The members asked to vote hear it in one e-mail per session and language.

        Not one rendered notice per member and ballot (some thirty queries
        each); queued for the mail cron rather than sent inside the request.
        """
        vote_type = self.env.ref(VOTE)
        ballots = activities.filtered(
            lambda activity: activity.activity_type_id == vote_type and activity.user_id != self.env.user
        )
        result = super()._kttv_notify_assignees(activities - ballots)
        recipients = defaultdict(lambda: self.env["res.partner"])
        for activity in ballots:
            recipients[activity.res_id, activity.user_id.lang or self.env.lang] |= activity.user_id.partner_id
        for (session_id, lang), partners in recipients.items():
            lang_env = self.with_context(lang=lang, mail_notify_force_send=False).env
            session = self.browse(session_id).with_env(lang_env).sudo()
            session.message_notify(
                partner_ids=partners.ids,
                subject=lang_env._("Your ballot: %(session)s", session=session.name),
                body=lang_env._(
                    "The vote of %(session)s is open: open your ballot on the session and vote on its dossiers.",
                    session=session.name,
                ),
                email_layout_xmlid="mail.mail_notification_light",
            )
        return result

    def _kttv_expected_activities(self):
        expected = []
        voting_sessions = self.filtered(lambda session: session.state == "voting")
        if voting_sessions:
            remaining = voting_sessions._kttv_remaining()
            note = _("Open your ballot on the session and vote on each dossier before the council.")
            for session in voting_sessions:
                members = session.member_ids.filtered(lambda member, s=session: remaining.get((s.id, member.id)))
                if members:
                    expected.append((session, VOTE, members, note))
        closed = self.filtered(lambda session: session.state == "closed")
        if closed:
            waiting = {
                session.id
                for session, _count in self.env["kttv.exemplar.registration"]
                .sudo()
                ._read_group(
                    [("council_session_id", "in", closed.ids), ("state", "=", "council"), ("vote_passed", "=", True)],
                    ["council_session_id"],
                    ["__count"],
                )
            }
            waiting |= {
                session.id
                for session, _count in self.env["kttv.title.nomination"]
                .sudo()
                ._read_group(
                    [
                        ("council_session_id", "in", closed.ids),
                        ("state", "=", "council"),
                        ("council_passed", "=", True),
                    ],
                    ["council_session_id"],
                    ["__count"],
                )
            }
            note = _("The council approved dossiers of this session: prepare the recognition decision.")
            tccb = self._kttv_tccb_officers()
            for session in closed:
                if session.id in waiting:
                    expected.append((session, DECISION, session.phase_id.plan_id.officer_id or tccb, note))
        return expected
