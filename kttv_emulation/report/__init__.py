from . import kttv_reports
