from . import report_findings
from . import report_action_plan
from . import report_annual_extract
from . import report_chronology
from . import report_briefing
