"""A logging filter that masks personal data in log lines.

Wired to the console handler in settings.LOGGING. It runs the pattern detectors only (BSN,
IBAN, phone, e-mail, date of birth, address: microseconds per line), never the name model, so
logging stays cheap and never loads deduce.
"""

from __future__ import annotations

import logging

from wegwijs.privacy.scanner import mask, scan_patterns


def mask_patterns(text: str) -> str:
    findings = scan_patterns(text)
    return mask(text, findings) if findings else text


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        masked = mask_patterns(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_patterns(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_patterns(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_patterns(record.stack_info)
        return True
