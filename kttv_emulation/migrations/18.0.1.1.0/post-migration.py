from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Decree 30/2020 numbering for a database created with 18.0.1.0.0.

    The sequences are noupdate data: their padding (01) and their gapless
    implementation reach an existing database only through this step.
    """
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kttv.emulation.decision"]._kttv_update_sequences()
