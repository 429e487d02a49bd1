"""The ``wegwijs`` console script: runs any Django management command.

``wegwijs migrate``, ``wegwijs loaddemo``, ``wegwijs check --deploy``... Without
``DJANGO_SETTINGS_MODULE`` in the environment it uses the development settings.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijs.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
