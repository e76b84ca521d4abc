from . import kttv_registration_reason_wizard
from . import kttv_vote_wizard
