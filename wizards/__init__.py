from . import safeguarding_annual_report_wizard
from . import safeguarding_reason_wizard
