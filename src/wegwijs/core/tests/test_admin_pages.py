"""Every model page of the admin opens for an administrator (lists and, where allowed, add)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from wegwijs.testing.network import Network, user_for

pytestmark = pytest.mark.django_db


def test_every_admin_list_opens(network: Network, log_in: Any) -> None:
    user = user_for("admin", network)
    client = log_in(user)
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
