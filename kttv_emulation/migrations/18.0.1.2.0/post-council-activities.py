from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Sessions voting when the council moved to one ballot per member (issue 12).

    Their dossiers get the rules of the vote frozen (the catalog as it stands:
    the best that is known of the opening), the members' per-dossier vote
    activities give way to one ballot activity per member and session.  Safe
    to run twice: what exists is kept.
    """
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    sessions = env["kttv.council.session"].search([("state", "=", "voting")])
    if not sessions:
        return
    dossiers = sessions.registration_ids.filtered(lambda registration: registration.state == "council")
    # A dossier of another phase is left out: closing the vote names it, for TCCB to settle.
    sessions._kttv_create_dossier_lines(
        dossiers.filtered(lambda registration: registration.phase_id == registration.council_session_id.phase_id)
    )
    old_vote = env.ref("kttv_emulation.mail_act_registration_vote", raise_if_not_found=False)
    if old_vote and dossiers:
        env["mail.activity"].search(
            [
                ("res_model", "=", "kttv.exemplar.registration"),
                ("res_id", "in", dossiers.ids),
                ("activity_type_id", "=", old_vote.id),
            ]
        ).unlink()
    sessions._kttv_activity_update()
