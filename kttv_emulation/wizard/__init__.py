from . import kttv_registration_reason_wizard
from . import kttv_vote_wizard
from . import kttv_decision_cancel_wizard
from . import kttv_fund_override_wizard
from . import kttv_xlsx_import_mixin
from . import kttv_history_import_wizard
from . import kttv_registration_import_wizard
from . import kttv_xlsx_export_wizard
