from . import res_company
from . import res_config_settings
from . import safeguarding_review_gate
from . import safeguarding_review_stage
from . import safeguarding_review_tag
from . import safeguarding_review
