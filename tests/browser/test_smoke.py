import pytest

from tests.browser.conftest import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_has_no_axe_violations(page):
    page.goto("/account/inloggen/")
    assert page.locator("h1").is_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
