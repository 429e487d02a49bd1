"""The admin pages of every programme area (Django autodiscovers this module only)."""

from wegwijs.programme.contact import admin as contact_admin  # noqa: F401
from wegwijs.programme.partnerships import admin as partnerships_admin  # noqa: F401
from wegwijs.programme.rollout import admin as rollout_admin  # noqa: F401
from wegwijs.programme.subsidy import admin as subsidy_admin  # noqa: F401
from wegwijs.programme.support import admin as support_admin  # noqa: F401
from wegwijs.programme.training import admin as training_admin  # noqa: F401
