from . import kttv_reports
from . import ir_actions_report
