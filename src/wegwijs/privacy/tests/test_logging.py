"""The log filter masks what the patterns find, and never needs the name model."""

from __future__ import annotations

import io
import logging
from unittest import mock

from django.conf import settings

from wegwijs.privacy.logging import MaskPersonalDataFilter


def _logger() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalDataFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("wegwijs.privacy.tests.filtered")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_messages_and_arguments_are_masked() -> None:
    logger, stream = _logger()
    logger.info("Bel %s of mail %s", "06-12345678", "j.devries@gmail.com")
    logger.warning("BSN 123456782 en IBAN NL91ABNA0417164300, Dorpsstraat 12, geb. 3-3-1950")
    logger.info("Alles goed: %d vragen", 3)
    assert stream.getvalue().splitlines() == [
        "INFO Bel [TELEFOONNUMMER] of mail [E-MAIL]",
        "WARNING BSN [BSN] en IBAN [IBAN], [ADRES], geb. [GEBOORTEDATUM]",
        "INFO Alles goed: 3 vragen",
    ]


def test_tracebacks_are_masked() -> None:
    logger, stream = _logger()
    try:
        raise ValueError("kan 06-12345678 niet bellen")
    except ValueError:
        logger.exception("Fout bij %s", "a@b.nl")
    output = stream.getvalue()
    assert "06-12345678" not in output and "a@b.nl" not in output
    assert "ValueError: kan [TELEFOONNUMMER] niet bellen" in output


def test_the_filter_never_loads_the_name_model() -> None:
    logger, stream = _logger()
    with mock.patch("wegwijs.privacy.names.get_model", side_effect=AssertionError("loaded")):
        logger.info("Mevrouw Jansen belde vanaf 06-12345678")
    assert stream.getvalue() == "INFO Mevrouw Jansen belde vanaf [TELEFOONNUMMER]\n"


def test_a_broken_record_is_passed_on() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s %s", ("one",), None)
    assert MaskPersonalDataFilter().filter(record)


def test_the_console_handler_uses_the_filter() -> None:
    console = settings.LOGGING["handlers"]["console"]
    assert "mask_personal_data" in console["filters"]
    assert settings.LOGGING["filters"]["mask_personal_data"]["()"] == (
        "wegwijs.privacy.logging.MaskPersonalDataFilter"
    )
