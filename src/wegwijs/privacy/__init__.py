"""The privacy guard: free text is checked for personal data before anything is stored.

Import from ``wegwijs.privacy.scanner`` (scan, mask, Finding), ``wegwijs.privacy.checks``
(validate_no_personal_data), ``wegwijs.privacy.forms`` (PrivacyCheckedCharField,
MaskablePrivacyFormMixin) and ``wegwijs.privacy.api`` (the DRF field). Importing this package
loads no name model; see wegwijs.privacy.names.
"""
