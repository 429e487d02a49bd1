from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is not right. Check them and try again. "
            "After %(limit)s wrong attempts the account is locked for a while."
        ),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        # No autofocus: screen reader users would skip the heading, keyboard users the skip link.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class CodeInput(forms.TextInput):
    """A text field that never shows a typed code again (after a wrong code: empty)."""

    def format_value(self, value: Any) -> str | None:
        return None


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=CodeInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code has only digits."))
        return token


class SetupForm(TokenForm):
    def __init__(self, *args: Any, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = super().clean_token()
        totp = TOTP(self.device.bin_key, self.device.step, self.device.t0, self.device.digits)
        totp.drift = 0
        if not totp.verify(int(token), tolerance=1):
            raise forms.ValidationError(
                _("This code is not right. Check the time on your phone and try the newest code.")
            )
        return token
