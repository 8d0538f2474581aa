from . import test_data_collection
from . import test_review_access
from . import test_review_lifecycle
from . import test_review_performance
from . import test_review_tour
from . import test_participant_conversation
from . import test_analysis
