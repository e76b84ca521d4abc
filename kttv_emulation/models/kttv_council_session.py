from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import formatLang

from ..lib import voting


class KttvCouncilSession(models.Model):
    """A meeting of the emulation and commendation council (Hội đồng TĐKT)."""

    _name = "kttv.council.session"
    _inherit = ["mail.thread", "mail.activity.mixin", "kttv.workflow.mixin"]
    _description = "Council session"
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    phase_id = fields.Many2one("kttv.exemplar.phase", required=True, index=True)
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
    vote_ids = fields.One2many("kttv.council.vote", "session_id", string="Votes")
    minutes = fields.Binary("Minutes", attachment=True)
    minutes_name = fields.Char("Minutes file name")
    member_count = fields.Integer(compute="_compute_member_count")
    is_secretary = fields.Boolean(compute="_compute_is_member")
    is_member = fields.Boolean(compute="_compute_is_member")

    def _compute_council_group_id(self):
        self.council_group_id = self.env.ref("kttv_emulation.group_emulation_council")

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

    @api.constrains("secretary_id")
    def _check_secretary_is_tccb(self):
        for session in self:
            if not session.secretary_id.has_group("kttv_emulation.group_emulation_officer"):
                raise ValidationError(
                    _(
                        "%(user)s cannot be the secretary of %(session)s: the secretary is a TCCB officer.",
                        user=session.secretary_id.name,
                        session=session.name,
                    )
                )

    def write(self, vals):
        if "state" in vals and not self.env.su:
            raise UserError(_("Use the buttons to open or close the vote."))
        if {"member_ids", "secretary_id"} & set(vals) and any(s.state != "draft" for s in self):
            raise UserError(_("The members of a council cannot change once the vote is open."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_preparation(self):
        if any(session.state != "draft" for session in self):
            raise UserError(_("A council session that has voted cannot be deleted."))

    def _check_secretary(self, action):
        for session in self:
            if session.secretary_id != self.env.user:
                raise AccessError(
                    _(
                        "Only %(secretary)s, the secretary of %(session)s, may %(action)s.",
                        secretary=session.secretary_id.name,
                        session=session.name,
                        action=action,
                    )
                )

    def action_open_vote(self):
        self._kttv_require("kttv_emulation.group_emulation_officer", _("open a council vote"))
        self._check_secretary(_("open the vote"))
        for session in self:
            if session.state != "draft":
                raise UserError(_("%(session)s is not in preparation.", session=session.name))
            if not session.member_ids:
                raise UserError(_("%(session)s has no members.", session=session.name))
            outsiders = session.member_ids.filtered(
                lambda user: not user.has_group("kttv_emulation.group_emulation_council")
            )
            if outsiders:
                raise UserError(
                    _(
                        "%(names)s are not members of the council: remove them from %(session)s.",
                        names=", ".join(outsiders.mapped("name")),
                        session=session.name,
                    )
                )
        self.sudo().write({"state": "voting"})
        self.registration_ids.filtered(lambda r: r.state == "nominated").action_send_to_council()
        # Dossiers sent while the session was in preparation: ask the members now.
        self.registration_ids.filtered(lambda r: r.state == "council")._activity_update()

    def action_close_vote(self):
        """Count each dossier on all members and move it on, or refuse it."""
        self._kttv_require("kttv_emulation.group_emulation_officer", _("close a council vote"))
        self._check_secretary(_("close the vote"))
        for session in self:
            if session.state != "voting":
                raise UserError(_("The vote of %(session)s is not open.", session=session.name))
        for session in self:
            dossiers = session.registration_ids.filtered(lambda r: r.state == "council")
            approvals = dict(
                self.env["kttv.council.vote"]
                .sudo()
                ._read_group(
                    [("session_id", "=", session.id), ("vote", "=", "approve")], ["registration_id"], ["__count"]
                )
            )
            members = len(session.member_ids)
            passed = dossiers.browse()
            for registration in dossiers:
                title = registration.title_id
                threshold = title.vote_threshold if title.secret_vote else 50.0
                percent, ok = voting.tally(approvals.get(registration, 0), members, threshold, title.secret_vote)
                registration.sudo().write(
                    {
                        "vote_approve_count": approvals.get(registration, 0),
                        "vote_member_count": members,
                        "vote_percent": percent,
                        "vote_threshold": threshold,
                        "vote_passed": ok,
                    }
                )
                if ok:
                    passed |= registration
                else:
                    registration._kttv_refuse(
                        _(
                            "The council did not reach the threshold: %(approvals)s of %(members)s members "
                            "(%(percent)s%%), %(threshold)s%% needed.",
                            approvals=approvals.get(registration, 0),
                            members=members,
                            percent=formatLang(self.env, percent, digits=1),
                            threshold=formatLang(self.env, threshold, digits=0 if float(threshold).is_integer() else 2),
                        )
                    )
            # Votes not cast are withdrawn; the Director General is asked to sign.
            passed._activity_update()
            for registration in passed:
                registration.message_post(
                    body=_(
                        "The council approved: %(approvals)s of %(members)s members (%(percent)s%%).",
                        approvals=registration.vote_approve_count,
                        members=members,
                        percent=formatLang(self.env, registration.vote_percent, digits=1),
                    )
                )
        self.sudo().write({"state": "closed"})
