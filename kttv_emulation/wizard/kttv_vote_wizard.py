from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import clean_context


class KttvVoteWizard(models.TransientModel):
    """A council member's ballot: every dossier of the session still to vote on, confirmed at once.

    Or the written votes of a member absent from the meeting, entered by the
    secretary.  Only its creator reads it (record rules), and nothing of it is
    kept once confirmed: the choices live on in the secret votes only.
    """

    _name = "kttv.vote.wizard"
    _description = "Council ballot"

    session_id = fields.Many2one("kttv.council.session", string="Council session", required=True, ondelete="cascade")
    written = fields.Boolean("Written votes of an absent member")
    member_id = fields.Many2one(
        "res.users",
        string="Member",
        compute="_compute_member_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', allowed_member_ids)]",
    )
    allowed_member_ids = fields.Many2many("res.users", compute="_compute_allowed_member_ids")
    line_ids = fields.One2many(
        "kttv.vote.wizard.line",
        "wizard_id",
        string="Dossiers",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    # A session votes on exemplar dossiers, on the year's title nominations, or both: the ballot
    # shows the column of each kind only when it has such dossiers.
    has_registrations = fields.Boolean("Has exemplar dossiers", compute="_compute_has_kinds")
    has_nominations = fields.Boolean("Has title nominations", compute="_compute_has_kinds")

    @api.depends("line_ids.registration_id", "line_ids.nomination_id")
    def _compute_has_kinds(self):
        for wizard in self:
            wizard.has_registrations = bool(wizard.line_ids.registration_id)
            wizard.has_nominations = bool(wizard.line_ids.nomination_id)

    @api.depends("written")
    def _compute_member_id(self):
        for wizard in self:
            wizard.member_id = wizard.member_id if wizard.written else self.env.user

    @api.depends("session_id", "written")
    def _compute_allowed_member_ids(self):
        for wizard in self:
            session = wizard.session_id
            if not session:
                wizard.allowed_member_ids = False
            elif wizard.written:
                remaining = session._kttv_remaining(session.sudo().absent_member_ids)
                wizard.allowed_member_ids = session.sudo().absent_member_ids.filtered(
                    lambda member, s=session, left=remaining: left.get((s.id, member.id))
                )
            else:
                wizard.allowed_member_ids = self.env.user

    @api.depends("session_id", "member_id")
    def _compute_line_ids(self):
        for wizard in self:
            dossiers = self.env["kttv.exemplar.registration"]
            nominations = self.env["kttv.title.nomination"]
            if wizard.session_id and wizard.member_id:
                dossiers = wizard.session_id._kttv_dossiers_to_vote(wizard.member_id).sorted("name")
                nominations = wizard.session_id._kttv_nominations_to_vote(wizard.member_id)
            wizard.line_ids = (
                [Command.clear()]
                + [Command.create({"registration_id": dossier.id}) for dossier in dossiers]
                + [Command.create({"nomination_id": nomination.id}) for nomination in nominations]
            )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._kttv_check_ballot()
        return wizards

    def write(self, vals):
        res = super().write(vals)
        if {"session_id", "member_id", "written", "line_ids"} & set(vals):
            self._kttv_check_ballot()
        return res

    def _kttv_check_ballot(self):
        """A ballot is the voter's own (or an absent member's, for the secretary), on the dossiers left to vote."""
        for wizard in self:
            session = wizard.session_id
            member = wizard.member_id
            if wizard.written:
                session._kttv_check_step("record_written_vote")
                if member and member not in session.sudo().absent_member_ids:
                    raise UserError(
                        _(
                            "%(member)s is not marked absent from %(session)s: only an absent member's vote is "
                            "recorded in writing.",
                            member=member.name,
                            session=session.name,
                        )
                    )
            else:
                session._kttv_check_step("open_ballot")
                if member != self.env.user:
                    raise AccessError(_("A member casts their own vote only."))
            dossiers = wizard.line_ids.registration_id
            nominations = wizard.line_ids.nomination_id
            if len(dossiers) + len(nominations) != len(wizard.line_ids) or any(
                bool(line.registration_id) == bool(line.nomination_id) for line in wizard.line_ids
            ):
                raise ValidationError(_("A ballot lists each dossier once."))
            strays = dossiers - session._kttv_dossiers_to_vote(member) if member else dossiers
            strays = strays or (nominations - session._kttv_nominations_to_vote(member) if member else nominations)
            if strays:
                raise ValidationError(
                    _(
                        "%(dossier)s is not on the ballot of %(member)s in %(session)s.",
                        dossier=strays[0].sudo().display_name,
                        member=member.name or "",
                        session=session.name,
                    )
                )

    def action_confirm(self):
        """Cast every vote of the ballot at once, then keep nothing of it."""
        self.ensure_one()
        # Lines may have been added on their own (over RPC): the whole ballot is checked again.
        self._kttv_check_ballot()
        lines = self.line_ids
        orphans = lines.filtered(lambda line: not line.vote and (line.comment or "").strip())
        if orphans:
            raise UserError(
                _(
                    "%(dossier)s: choose Approve or Reject, a comment goes with a vote.",
                    dossier=(orphans[0].registration_id or orphans[0].nomination_id).display_name,
                )
            )
        cast = lines.filtered("vote")
        if not cast:
            raise UserError(_("Choose Approve or Reject for at least one dossier."))
        self.env["kttv.council.vote"].with_context(clean_context(self.env.context)).create(
            [
                {
                    "session_id": self.session_id.id,
                    "registration_id": line.registration_id.id,
                    "nomination_id": line.nomination_id.id,
                    "member_id": self.member_id.id,
                    "vote": line.vote,
                    "comment": (line.comment or "").strip() or False,
                    "written": self.written,
                }
                for line in cast
            ]
        )
        # A ballot carries a secret: once cast, nothing of it stays readable.
        self.sudo().line_ids.unlink()
        self.sudo().unlink()
        return {"type": "ir.actions.act_window_close"}
