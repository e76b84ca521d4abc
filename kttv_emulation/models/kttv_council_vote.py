from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Votes are never changed nor deleted: no group has write or unlink access.
# The ballot is secret (Decree 98/2023, art. 30): what a member chose, and
# what they wrote with it, is read by no user, only counted by the system;
# who has voted stays visible, so that the secretary can chase the others.
SECRET = "."


class KttvCouncilVote(models.Model):
    """One member's vote on one dossier in one session."""

    _name = "kttv.council.vote"
    _description = "Council vote"
    _order = "session_id, registration_id, id"

    session_id = fields.Many2one("kttv.council.session", required=True, ondelete="cascade", index=True)
    registration_id = fields.Many2one("kttv.exemplar.registration", ondelete="cascade", index=True, string="Dossier")
    nomination_id = fields.Many2one("kttv.title.nomination", ondelete="cascade", index=True, string="Title nomination")
    member_id = fields.Many2one("res.users", string="Member", required=True, index=True)
    vote = fields.Selection([("approve", "Approve"), ("reject", "Reject")], required=True, groups=SECRET)
    comment = fields.Text(groups=SECRET)
    written = fields.Boolean(
        "Written vote", help="The member was absent and voted in writing; the secretary recorded it."
    )
    recorded_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    # When each ballot came in is as secret as what it says: read next to the
    # comments, the order of arrival would tell who wrote which.
    date = fields.Datetime(default=fields.Datetime.now, readonly=True, groups=SECRET)
    create_date = fields.Datetime("Created on", readonly=True, groups=SECRET)
    write_date = fields.Datetime("Last Updated on", readonly=True, groups=SECRET)

    _sql_constraints = [
        (
            "one_vote",
            "unique(session_id, registration_id, member_id)",
            "A member votes once on a dossier in a session.",
        ),
        (
            "one_vote_nomination",
            "unique(session_id, nomination_id, member_id)",
            "A member votes once on a nomination in a session.",
        ),
        (
            "registration_or_nomination",
            "check((registration_id is null) != (nomination_id is null))",
            "A vote is on an exemplar registration or on a title nomination, exactly one of them.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self.browse().check_access("create")
        sessions = self._kttv_check_all_votes(vals_list)
        for vals in vals_list:
            vals["recorded_by_id"] = self.env.user.id
        # The ballot is secret even to the one who casts it, once cast: the
        # checks above are the access control, the insert is the system's.
        votes = super(KttvCouncilVote, self.sudo()).create(vals_list).sudo(self.env.su)
        # A member who has voted on every dossier has done their ballot.
        sessions._kttv_activity_update()
        return votes

    def _check_votes(self, vals_list):
        """Votes on exemplar registrations: see ``_kttv_check_votes_on``."""
        return self._kttv_check_votes_on(vals_list, "registration_id")

    def _kttv_check_votes_on(self, vals_list, dossier_field):
        """Everything the votes must satisfy, for all of them at once, before anything is written.

        ``dossier_field`` is what the votes are on (``registration_id`` or
        ``nomination_id``): the same rules hold for both.  Returns the sessions
        voted in.  A fixed number of queries whatever the number of votes: the
        sessions, dossiers and members are read together, the frozen dossiers
        and the votes already cast are searched once.
        """
        for vals in vals_list:
            missing = [name for name in ("session_id", dossier_field, "member_id") if not vals.get(name)]
            if missing:
                raise ValidationError(
                    _("A vote needs %(fields)s.", fields=self._kttv_labels(missing)),
                )
        sessions = self.env["kttv.council.session"].sudo().browse({vals["session_id"] for vals in vals_list})
        Dossier = self.env[self._fields[dossier_field].comodel_name].sudo()
        dossiers = Dossier.browse({vals[dossier_field] for vals in vals_list})
        members = self.env["res.users"].sudo().browse({vals["member_id"] for vals in vals_list})
        frozen = {
            (line.session_id.id, line[dossier_field].id)
            for line in self.env["kttv.council.dossier"]
            .sudo()
            .search_fetch(
                [("session_id", "in", sessions.ids), (dossier_field, "in", dossiers.ids)],
                ["session_id", dossier_field],
            )
        }
        cast = {
            (vote.session_id.id, vote[dossier_field].id, vote.member_id.id)
            for vote in self.sudo().search_fetch(
                [
                    ("session_id", "in", sessions.ids),
                    (dossier_field, "in", dossiers.ids),
                    ("member_id", "in", members.ids),
                ],
                ["session_id", dossier_field, "member_id"],
            )
        }
        user = self.env.user
        for vals in vals_list:
            session = sessions.browse(vals["session_id"])
            dossier = dossiers.browse(vals[dossier_field])
            member = members.browse(vals["member_id"])
            if vals.get("written"):
                if session.secretary_id != user:
                    raise AccessError(_("Only the secretary of the session records a written vote."))
                if session.state == "voting" and member not in session.absent_member_ids:
                    raise UserError(
                        _(
                            "%(member)s is not marked absent from %(session)s: only an absent member's vote is "
                            "recorded in writing.",
                            member=member.name,
                            session=session.name,
                        )
                    )
            elif member != user:
                raise AccessError(_("A member casts their own vote only."))
            if session.state != "voting":
                raise UserError(_("The vote of %(session)s is not open.", session=session.name))
            if member not in session.member_ids:
                raise ValidationError(
                    _("%(member)s is not a member of %(session)s.", member=member.name, session=session.name)
                )
            if (
                (session.id, dossier.id) not in frozen
                or dossier.council_session_id != session
                or dossier.state != "council"
            ):
                raise ValidationError(
                    _("%(dossier)s is not before %(session)s.", dossier=dossier.display_name, session=session.name)
                )
            key = (session.id, dossier.id, member.id)
            if key in cast:
                raise ValidationError(
                    _(
                        "%(member)s has already voted on %(dossier)s.",
                        member=member.name,
                        dossier=dossier.display_name,
                    )
                )
            cast.add(key)
        return sessions

    def _kttv_check_all_votes(self, vals_list):
        """Votes on exemplar registrations (``_check_votes``) and on title nominations, checked apart."""
        on_nominations = [vals for vals in vals_list if vals.get("nomination_id") and not vals.get("registration_id")]
        on_registrations = [vals for vals in vals_list if not any(vals is other for other in on_nominations)]
        sessions = self.env["kttv.council.session"]
        if on_nominations:
            sessions |= self._kttv_check_nomination_votes(on_nominations)
        if on_registrations or not on_nominations:
            sessions |= self._check_votes(on_registrations)
        return sessions

    def _kttv_check_nomination_votes(self, vals_list):
        """Votes on title nominations: see ``_kttv_check_votes_on``."""
        return self._kttv_check_votes_on(vals_list, "nomination_id")

    @api.model
    def _kttv_labels(self, names):
        return ", ".join(self._fields[name]._description_string(self.env) for name in names)
