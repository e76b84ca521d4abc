from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Votes are never changed nor deleted: no group has write or unlink access.
# The ballot is secret (Decree 98/2023, art. 30): what a member chose, and
# what they wrote with it, is read by no user, only counted by the system;
# who has voted stays visible, so that the secretary can chase the others.
SECRET = "."

VOTE_ACTIVITY = "kttv_emulation.mail_act_registration_vote"


class KttvCouncilVote(models.Model):
    """One member's vote on one dossier in one session."""

    _name = "kttv.council.vote"
    _description = "Council vote"
    _order = "session_id, registration_id, id"

    session_id = fields.Many2one("kttv.council.session", required=True, ondelete="cascade", index=True)
    registration_id = fields.Many2one(
        "kttv.exemplar.registration", required=True, ondelete="cascade", index=True, string="Dossier"
    )
    member_id = fields.Many2one("res.users", string="Member", required=True, index=True)
    vote = fields.Selection([("approve", "Approve"), ("reject", "Reject")], required=True, groups=SECRET)
    comment = fields.Text(groups=SECRET)
    written = fields.Boolean(
        "Written vote", help="The member was absent and voted in writing; the secretary recorded it."
    )
    recorded_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)

    _sql_constraints = [
        (
            "one_vote",
            "unique(session_id, registration_id, member_id)",
            "A member votes once on a dossier in a session.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self.browse().check_access("create")
        for vals in vals_list:
            self._check_vote(vals)
            vals["recorded_by_id"] = self.env.user.id
        # The ballot is secret even to the one who casts it, once cast: the
        # checks above are the access control, the insert is the system's.
        votes = super(KttvCouncilVote, self.sudo()).create(vals_list).sudo(self.env.su)
        for vote in votes:
            vote.registration_id.sudo().activity_feedback([VOTE_ACTIVITY], user_id=vote.member_id.id)
        return votes

    def _check_vote(self, vals):
        """Everything a vote must satisfy, before anything is written."""
        session = self.env["kttv.council.session"].sudo().browse(vals.get("session_id"))
        registration = self.env["kttv.exemplar.registration"].sudo().browse(vals.get("registration_id"))
        member = self.env["res.users"].sudo().browse(vals.get("member_id"))
        user = self.env.user
        if vals.get("written"):
            if session.secretary_id != user:
                raise AccessError(_("Only the secretary of the session records a written vote."))
        elif member != user:
            raise AccessError(_("A member casts their own vote only."))
        if session.state != "voting":
            raise UserError(_("The vote of %(session)s is not open.", session=session.name))
        if member not in session.member_ids:
            raise ValidationError(
                _("%(member)s is not a member of %(session)s.", member=member.name, session=session.name)
            )
        if registration.council_session_id != session or registration.state != "council":
            raise ValidationError(
                _("%(dossier)s is not before %(session)s.", dossier=registration.display_name, session=session.name)
            )
        if self.sudo().search_count(
            [("session_id", "=", session.id), ("registration_id", "=", registration.id), ("member_id", "=", member.id)],
            limit=1,
        ):
            raise ValidationError(
                _(
                    "%(member)s has already voted on %(dossier)s.",
                    member=member.name,
                    dossier=registration.display_name,
                )
            )
