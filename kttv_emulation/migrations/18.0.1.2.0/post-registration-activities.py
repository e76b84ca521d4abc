from odoo import SUPERUSER_ID, api

# A registration no longer asks each council member for a vote, nor the
# Director General for a signature: the council session asks each member once
# (mail_act_council_session_vote), the decision its signatory
# (mail_act_decision_sign).  The types were noupdate data: an update keeps
# them, with their open activities, unless removed here.
OBSOLETE_TYPES = (
    "kttv_emulation.mail_act_registration_vote",
    "kttv_emulation.mail_act_registration_sign",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    types = env["mail.activity.type"].with_context(active_test=False)
    for xmlid in OBSOLETE_TYPES:
        types |= env.ref(xmlid, raise_if_not_found=False) or types.browse()
    if not types:
        return
    # Open and done (archived) alike: their type is gone.
    env["mail.activity"].with_context(active_test=False).search([("activity_type_id", "in", types.ids)]).unlink()
    types.unlink()
