"""``wegwijs pii-scan`` through the real console script, and lazy loading of the name model."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

WEGWIJS = Path(sys.executable).with_name("wegwijs")
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "wegwijs.conf.test"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [str(WEGWIJS), "pii-scan", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )


def test_text_with_a_finding_exits_1_with_json() -> None:
    result = run("Mevrouw Jansen: bel mij op 06-12345678")
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        '[{"kind": "name", "start": 8, "end": 14}, {"kind": "phone", "start": 27, "end": 38}]\n'
    )


def test_text_without_findings_exits_0() -> None:
    result = run("ik word 67, hoe vraag ik aow aan?")
    assert (result.returncode, result.stdout) == (0, "[]\n")


def test_lines_prints_json_lines(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "thema;notitie\r\ndigid;Samen de DigiD aangevraagd\r\naow;bsn 123456782\r\n\r\n",
        encoding="utf-8",
    )
    result = run("--lines", str(export))
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [[], [], [{"kind": "bsn", "start": 8, "end": 17}], []]


def test_lines_from_stdin_and_text_from_stdin() -> None:
    clean = run("--lines", "-", stdin="een vraag over de aow\nnog een vraag\n")
    assert (clean.returncode, clean.stdout) == (0, "[]\n[]\n")
    found = run(stdin="mail naar a.b@example.nl\n")
    assert found.returncode == 1
    assert json.loads(found.stdout) == [{"kind": "email", "start": 10, "end": 24}]


@pytest.mark.parametrize(
    "args", [("tekst", "--lines", "file.txt"), ("--lines", "/no/such/file"), ("--no-such",)]
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""


def test_call_command_in_process() -> None:
    out = io.StringIO()
    call_command("pii-scan", "Een vraag over de AOW", stdout=out)
    assert out.getvalue() == "[]\n"
    with pytest.raises(SystemExit) as caught:
        call_command("pii-scan", "Adres: Kerkweg 3a", stdout=out)
    assert caught.value.code == 1


LAZY = textwrap.dedent(
    """
    import contextlib, io, sys, threading
    import django
    django.setup()
    from django.core.management import ManagementUtility, call_command
    import wegwijs.privacy, wegwijs.privacy.scanner, wegwijs.privacy.checks
    import wegwijs.privacy.forms, wegwijs.privacy.api, wegwijs.privacy.logging
    with contextlib.redirect_stdout(io.StringIO()):
        call_command("check")
        ManagementUtility(["wegwijs", "help"]).execute()
        ManagementUtility(["wegwijs", "help", "pii-scan"]).execute()
    import logging
    logging.getLogger("wegwijs").warning("bel 06-12345678, mevrouw Jansen")
    from wegwijs.privacy.scanner import scan, scan_patterns
    scan_patterns("Mevrouw Jansen, 06-12345678")
    scan("06-12345678")  # no letter: no name can be found, nothing to load
    assert not any(m.split(".")[0] in {"deduce", "docdeid"} for m in sys.modules), "loaded early"

    from wegwijs.privacy import names
    calls = []
    original = names.NameModel.load
    def counting_load():
        calls.append(1)
        return original()
    names.NameModel.load = staticmethod(counting_load)
    models = []
    threads = [
        threading.Thread(target=lambda: models.append(names.get_model())) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len({id(m) for m in models}) == 1, (calls, models)
    assert [f.kind for f in scan("Mevrouw Jansen belt")] == ["name"]
    assert len(calls) == 1
    print("ok")
    """
)


def test_name_model_loads_lazily_once_per_process() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", LAZY],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
    assert "06-12345678" not in result.stderr  # the log line went through the filter
