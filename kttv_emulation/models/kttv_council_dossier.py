from odoo import fields, models


class KttvCouncilDossier(models.Model):
    """A dossier before a council session, with the rules of its vote frozen.

    Written by the session when its vote opens (or when a dossier reaches a
    session already voting): the title voted on, whether the ballot is secret,
    the threshold and the number of members it is counted on.  Closing the
    vote counts on these, whatever the catalog says by then.
    """

    _name = "kttv.council.dossier"
    _description = "Dossier before the council"
    _order = "session_id, id"
    _rec_name = "registration_id"

    session_id = fields.Many2one("kttv.council.session", required=True, readonly=True, ondelete="cascade", index=True)
    registration_id = fields.Many2one(
        "kttv.exemplar.registration", string="Dossier", readonly=True, ondelete="cascade", index=True
    )
    # Or a title of the year (bình xét cuối năm): a dossier is one or the other.
    nomination_id = fields.Many2one(
        "kttv.title.nomination", string="Title nomination", readonly=True, ondelete="cascade", index=True
    )
    title_id = fields.Many2one("kttv.emulation.title", string="Title voted on", readonly=True, ondelete="restrict")
    secret_vote = fields.Boolean("Secret ballot", readonly=True)
    threshold = fields.Float(
        "Threshold (%)",
        digits=(5, 2),
        readonly=True,
        help="The share of all members a secret ballot needs, as the catalog said when the vote opened; "
        "any other vote needs more than half of the members.",
    )
    member_count = fields.Integer("Members counted", readonly=True)

    _sql_constraints = [
        (
            "one_per_session",
            "unique(session_id, registration_id)",
            "A dossier is put once before a council session.",
        ),
        (
            "one_nomination_per_session",
            "unique(session_id, nomination_id)",
            "A nomination is put once before a council session.",
        ),
        (
            "registration_or_nomination",
            "check((registration_id is null) != (nomination_id is null))",
            "A dossier is an exemplar registration or a title nomination, exactly one of them.",
        ),
    ]
