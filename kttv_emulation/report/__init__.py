from . import kttv_reports
from . import ir_actions_report
from . import report_kttv_year_review
from . import report_kttv_title_registration
from . import report_kttv_council_list
from . import report_kttv_year_decision
