"""The programme's models, one module per area (Django finds them through this module)."""

from wegwijs.programme.contact.models import *  # noqa: F403
from wegwijs.programme.partnerships.models import *  # noqa: F403
from wegwijs.programme.rollout.models import *  # noqa: F403
from wegwijs.programme.subsidy.models import *  # noqa: F403
from wegwijs.programme.support.models import *  # noqa: F403
from wegwijs.programme.training.models import *  # noqa: F403
