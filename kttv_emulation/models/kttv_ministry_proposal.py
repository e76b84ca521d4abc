from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from .kttv_numbered_mixin import NEW
from .kttv_workflow_mixin import ALL, OFFICER, Step

_lt = LazyTranslate(__name__)

# Written by the life cycle (the steps, the Ministry's decisions), never by a client.
WORKFLOW_FIELDS = frozenset({"state", "number_issued", "decision_ids", "kttv_identity"})


class KttvMinistryProposal(models.Model):
    """A proposal to the Minister to recognise exemplars (tờ trình đề nghị Bộ).

    On the workflow engine: draft → sent (numbered; the exemplars become
    proposed) → decided by the Ministry's decision TCCB records; withdrawn
    (cancelled) from draft or sent.
    """

    _name = "kttv.ministry.proposal"
    _inherit = ["kttv.workflow.mixin", "kttv.numbered.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "Proposal to the Ministry"
    _order = "date desc, id desc"
    _rec_name = "number"

    _kttv_workflow_fields = WORKFLOW_FIELDS
    _kttv_create_defaults = {"state": "draft"}
    _kttv_writable = {"draft": {OFFICER: ALL}}
    _kttv_unlink_states = ("draft",)
    _kttv_steps = {
        "send": Step(("draft",), (OFFICER,), _lt("propose exemplars to the Ministry")),
        "record_decision": Step(("sent",), (OFFICER,), _lt("record the Ministry's decision")),
        "cancel": Step(("draft", "sent"), (OFFICER,), _lt("withdraw a proposal to the Ministry")),
    }

    _kttv_number_sequence = "kttv.ministry.proposal"
    _kttv_number_symbol = "TTr"

    number = fields.Char(
        help="Number and symbol, unique in a year. Taken from the yearly numbering of the proposal's date when it "
        "is sent, unless one was typed.",
    )
    number_entry = fields.Char(
        help="Leave empty to take the next number of the year when the proposal is sent.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    subject = fields.Char(
        "Abstract",
        required=True,
        default=lambda self: self.env._("Proposal to recognise advanced exemplars of the sector"),
    )
    phase_id = fields.Many2one("kttv.exemplar.phase")
    registration_ids = fields.Many2many(
        "kttv.exemplar.registration",
        "kttv_proposal_registration_rel",
        "proposal_id",
        "registration_id",
        string="Exemplars proposed",
    )
    registration_count = fields.Integer(compute="_compute_registration_count")
    # The year-end titles beyond the head's authority (kttv.title.nomination).
    nomination_ids = fields.One2many("kttv.title.nomination", "proposal_id", string="Titles of the year proposed")
    body = fields.Html(help="The reasons for the proposal, as the Minister will read them.")
    recipients = fields.Text(default=lambda self: self.env._("As above;\nFiling: VT, TCCB."))
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent to the Ministry"),
            ("decided", "Decided by the Ministry"),
            ("cancelled", "Withdrawn"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        string="Status",
    )
    decision_ids = fields.One2many("kttv.emulation.decision", "proposal_id", string="Ministry decisions")
    can_send = fields.Boolean(compute="_compute_kttv_can")
    can_record_decision = fields.Boolean(compute="_compute_kttv_can")
    can_cancel = fields.Boolean(compute="_compute_kttv_can")

    @api.depends("registration_ids")
    def _compute_registration_count(self):
        for proposal in self:
            proposal.registration_count = len(proposal.registration_ids)

    # ------------------------------------------------------------------
    # Create, write, unlink: the engine's guard, in the proposal's words
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("date", fields.Date.context_today(self))
        return super().create(vals_list)

    def _kttv_workflow_fields_message(self, names):
        if not self:
            return _("A proposal is created as a draft: it is sent with its button.")
        return _("Use the buttons of the proposal to change its status.")

    def _kttv_locked_message(self, names):
        if "registration_ids" in names:
            return _("The exemplars of a proposal sent to the Ministry cannot change.")
        return _(
            "Proposal %(number)s has been sent to the Ministry: it cannot be changed.",
            number=self.display_name,
        )

    def _kttv_unlink_message(self):
        if self.number_issued:
            return self._kttv_number_unlink_message()
        return _("A proposal sent to the Ministry cannot be deleted.")

    def _kttv_number_unlink_message(self):
        return _(
            "Proposal %(number)s has been sent to the Ministry: it cannot be deleted, only withdrawn, and stays "
            "in the register.",
            number=self.display_name,
        )

    def _kttv_number_used_message(self, number, year, scope):
        return _(
            "Proposal number %(number)s is already used in %(year)s: choose another number.", number=number, year=year
        )

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def _kttv_state_refusal(self, step):
        if step == "send":
            return _("Proposal %(number)s has already been sent.", number=self.display_name)
        if step == "record_decision":
            return _("Proposal %(number)s has not been sent to the Ministry.", number=self.display_name)
        if self.state == "decided":
            return _(
                "The Ministry has decided on proposal %(number)s: cancel its decision %(decision)s first.",
                number=self.display_name,
                decision=", ".join(self.decision_ids.filtered(lambda d: d.state == "signed").mapped("number")),
            )
        return _("Proposal %(number)s is already withdrawn.", number=self.display_name)

    def _kttv_check_step(self, step):
        """The engine's check, with the proposal's own words for the states."""
        declared = self._kttv_steps[step]
        if declared.groups and any(self._kttv_has_group(group) for group in declared.groups):
            refused = self.filtered(lambda proposal: proposal.state not in declared.states)
            if refused:
                raise UserError(refused[:1]._kttv_state_refusal(step))
        return super()._kttv_check_step(step)

    def action_send(self):
        """Send to the Ministry: the exemplars become proposed."""
        return self._kttv_run("send")

    def _do_send(self):
        for proposal in self:
            if not proposal.registration_ids and not proposal.nomination_ids:
                raise UserError(_("Proposal %(number)s proposes nobody.", number=proposal.display_name))
        # Recognised by the Administration, or passed by its council for a title only the Ministry (or above)
        # awards (Law 06/2022 art. 80): the head of the agency cannot grant that one himself.
        not_recognised = self.registration_ids.filtered(
            lambda r: (
                r.state != "recognized"
                and not (
                    r.state == "council"
                    and r.vote_passed
                    and r.title_id
                    and not r.title_id._awardable_by("administration")
                )
            )
        )
        if not_recognised:
            raise UserError(
                _(
                    "Only exemplars recognised by the Administration, or passed by its council for a title the "
                    "Ministry awards, can be proposed: %(names)s.",
                    names=", ".join(not_recognised.mapped("display_name")),
                )
            )
        self._kttv_number_issue()
        self._kttv_move("sent")
        bodies = {}
        for proposal in self:
            text = _("Proposed to the Ministry by %(number)s.", number=proposal.number)
            bodies.update(dict.fromkeys(proposal.registration_ids.ids, text))
        self.registration_ids.sudo()._kttv_move("ministry_proposed", body=bodies)

    def action_cancel(self):
        """Withdraw the proposal: its exemplars are again recognised by the Administration only."""
        return self._kttv_run("cancel")

    def _do_cancel(self):
        for proposal in self:
            # Its unsigned Ministry decisions would now recognise nobody proposed.
            pending = proposal.decision_ids.filtered(lambda d: d.state in ("draft", "to_sign"))
            if pending:
                pending.sudo()._kttv_run(
                    "cancel", _("Proposal %(number)s was withdrawn.", number=proposal.display_name)
                )
        sent = self.filtered(lambda proposal: proposal.state == "sent")
        bodies = {}
        registrations = self.env["kttv.exemplar.registration"].sudo()
        for proposal in sent:
            returning = proposal.registration_ids.sudo().filtered(lambda r: r.state == "ministry_proposed")
            registrations |= returning
            text = _("Proposal %(number)s to the Ministry was withdrawn.", number=proposal.number)
            bodies.update(dict.fromkeys(returning.ids, text))
        self._kttv_move("cancelled")
        self._move_back(registrations, bodies)

    @api.model
    def _state_without_ministry(self, registrations):
        """``{id: state}``: where exemplars the Ministry does not take go back.

        Recognised by the Administration, or before its council still (a
        title only the Ministry awards, proposed straight from the council).
        """
        signed = registrations.sudo().decision_ids.filtered(
            lambda d: d.authority == "administration" and d.state == "signed"
        )
        return {
            registration.id: "recognized" if registration.sudo().decision_ids & signed else "council"
            for registration in registrations
        }

    @api.model
    def _move_back(self, registrations, bodies):
        """Move exemplars back to where they were before the proposal, one move per state."""
        states = self._state_without_ministry(registrations)
        for state in set(states.values()):
            moving = registrations.filtered(lambda r, state=state: states[r.id] == state)
            moving._kttv_move(state, body={rid: text for rid, text in bodies.items() if rid in moving.ids})

    def action_record_decision(self):
        """Open a Ministry decision for this proposal, to record once signed there."""
        self.ensure_one()
        return self._kttv_run("record_decision")

    def _do_record_decision(self):
        # The link to the proposal is the life cycle's: created as superuser, by the officer's hand.
        decision = (
            self.env["kttv.emulation.decision"]
            .sudo()
            .create(
                {
                    "authority": "ministry",
                    "number": NEW,
                    "date": fields.Date.context_today(self),
                    "proposal_id": self.id,
                    "phase_id": self.phase_id.id,
                    "subject": _("Recognition of advanced exemplars of the sector"),
                    "registration_ids": [Command.set(self.registration_ids.ids)],
                    # The titles of the year keep each their own title.
                    "nomination_ids": [Command.set(self.nomination_ids.ids)],
                    "title_id": self.env.ref("kttv_emulation.commendation_bang_khen_bo").id
                    if self.registration_ids
                    else False,
                }
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kttv.emulation.decision",
            "res_id": decision.id,
            "view_mode": "form",
            "name": _("Ministry decision"),
        }

    # ------------------------------------------------------------------
    # What the Ministry's decisions do to their proposals
    # ------------------------------------------------------------------

    def _ministry_decided(self, decisions):
        """The Ministry signed ``decisions``: those they left out are recognised by the Administration only."""
        left_out = self.env["kttv.exemplar.registration"].sudo()
        bodies = {}
        for decision in decisions:
            proposal = decision.proposal_id.sudo()
            missed = proposal.registration_ids.filtered(lambda r: r.state == "ministry_proposed")
            missed -= decision.registration_ids
            left_out |= missed
            text = _("Not recognised by the Ministry's decision %(number)s.", number=decision.number)
            bodies.update(dict.fromkeys(missed.ids, text))
        self._kttv_move("decided")
        self._move_back(left_out, bodies)

    def _ministry_decision_cancelled(self, decisions, reason):
        """The Ministry's ``decisions`` were cancelled: their proposals wait for a decision again.

        Those they left out are proposed again; those they recognised went
        back to proposed with the decisions themselves.
        """
        proposed_again = self.env["kttv.exemplar.registration"].sudo()
        bodies = {}
        notes = defaultdict(list)
        for decision in decisions:
            proposal = decision.proposal_id
            left_out = decision._left_out().filtered(lambda r: r.state in ("recognized", "council"))
            proposed_again |= left_out
            text = _(
                "The Ministry's decision %(number)s was cancelled: proposed again by %(proposal)s.",
                number=decision.number,
                proposal=proposal.number,
            )
            bodies.update(dict.fromkeys(left_out.ids, text))
            notes[proposal.id].append(
                _(
                    "The Ministry's decision %(number)s was cancelled: %(reason)s The proposal waits for the "
                    "Ministry's decision again.",
                    number=decision.number,
                    reason=reason,
                )
            )
        proposed_again._kttv_move("ministry_proposed", body=bodies)
        undecided = self.filtered(
            lambda proposal: (
                proposal.state == "decided"
                and not proposal.decision_ids.filtered(lambda d: d not in decisions and d.state == "signed")
            )
        )
        bodies = {proposal_id: " ".join(texts) for proposal_id, texts in notes.items()}
        undecided._kttv_move("sent", body={pid: text for pid, text in bodies.items() if pid in undecided.ids})
        (self - undecided)._kttv_log({pid: text for pid, text in bodies.items() if pid not in undecided.ids})
