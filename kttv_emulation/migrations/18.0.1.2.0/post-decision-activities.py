from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Decisions and proposals on the workflow engine, for a database of 18.0.1.1.0.

    - The register (issue 11): a document issued under its number is never
      deleted. ``number_issued`` is new: it is set for the decisions sent for
      signature, signed or cancelled under a number, for those put back to
      draft after being sent (their chatter tracked a change of status), and
      for the proposals sent.
    - Activities (issue 12): the Director General has one sign activity per
      decision waiting for its signature, and none per dossier: the
      registrations' sign activities go (the decision's own activity and its
      chatter keep what was signed), each decision to sign gets its one.
    """
    if not version:
        return
    cr.execute(
        """
        UPDATE kttv_emulation_decision decision
           SET number_issued = TRUE
         WHERE decision.number != '/'
           AND (decision.state != 'draft'
                OR EXISTS (SELECT 1
                             FROM mail_message message
                             JOIN mail_tracking_value value ON value.mail_message_id = message.id
                             JOIN ir_model_fields field ON field.id = value.field_id
                            WHERE message.model = 'kttv.emulation.decision'
                              AND message.res_id = decision.id
                              AND field.model = 'kttv.emulation.decision'
                              AND field.name = 'state'))
        """
    )
    cr.execute("UPDATE kttv_ministry_proposal SET number_issued = TRUE WHERE number != '/' AND state != 'draft'")
    env = api.Environment(cr, SUPERUSER_ID, {})
    per_dossier = env.ref("kttv_emulation.mail_act_registration_sign", raise_if_not_found=False)
    if per_dossier:
        env["mail.activity"].with_context(active_test=False).search(
            [("activity_type_id", "=", per_dossier.id), ("res_model", "=", "kttv.exemplar.registration")]
        ).unlink()
    env["kttv.emulation.decision"].search([("state", "=", "to_sign")])._kttv_activity_update()
