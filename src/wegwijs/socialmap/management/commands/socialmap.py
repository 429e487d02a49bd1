"""``wegwijs socialmap export [--format json|csv] [--output PATH]`` and
``wegwijs socialmap import FILE_OR_DIR --owner ORG_SLUG [--schema-dir DIR]`` (HSDS 3);
``wegwijs socialmap import-sheet FILE --owner ORG [--dry-run]`` and
``wegwijs socialmap sheet-template --output FILE.xlsx|FILE.csv`` (the libraries' flat sheet)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijs.network.models import Organisation
from wegwijs.socialmap import hsds, tabular


class Command(BaseCommand):
    help = "Export or import the social map as Open Referral HSDS 3 (JSON or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write the social map as HSDS 3.")
        export.add_argument("--format", choices=["json", "csv"], default="json")
        export.add_argument(
            "--output",
            type=Path,
            help="File (json, default: standard output) or folder (csv, required).",
        )
        load = sub.add_parser("import", help="Import an HSDS 3 JSON file or CSV folder.")
        load.add_argument("path", type=Path, metavar="FILE_OR_DIR")
        load.add_argument("--owner", required=True, help="Slug of the keeping organisation.")
        load.add_argument("--schema-dir", type=Path, help="Folder with the HSDS JSON Schemas.")
        sheet = sub.add_parser(
            "import-sheet", help="Import a library's spreadsheet (CSV or XLSX, one row per offer)."
        )
        sheet.add_argument("path", type=Path, metavar="FILE")
        sheet.add_argument(
            "--owner", required=True, help="Slug or code of the keeping organisation."
        )
        sheet.add_argument(
            "--dry-run", action="store_true", help="Check and count only; store nothing."
        )
        template = sub.add_parser(
            "sheet-template", help="Write the empty spreadsheet with one example row."
        )
        template.add_argument("--output", type=Path, required=True, help="FILE.xlsx or FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(options["format"], options["output"])
        elif options["action"] == "import-sheet":
            self.load_sheet(options["path"], options["owner"], options["dry_run"])
        elif options["action"] == "sheet-template":
            self.write_template(options["output"])
        else:
            self.load(options["path"], options["owner"], options["schema_dir"])

    def export(self, fmt: str, output: Path | None) -> None:
        if fmt == "csv":
            if output is None:
                raise CommandError("--output FOLDER is required for CSV.")
            files = hsds.export_csv(output)
            self.stdout.write(f"Wrote {len(files)} files to {output}.")
            return
        text = json.dumps(hsds.export_json(), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {output}.")

    def load(self, path: Path, slug: str, schema_dir: Path | None) -> None:
        owner = Organisation.objects.filter(slug=slug).first()
        if owner is None:
            raise CommandError(f"No organisation with slug {slug!r}.")
        if schema_dir is not None and hsds.schema_dir(schema_dir) is None:
            raise CommandError(f"No HSDS schemas (service.json) in {schema_dir}.")
        try:
            if path.is_dir():
                result = hsds.import_csv(path, owner=owner, schema_dir_path=schema_dir)
            else:
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"Cannot read {path}: {exc}") from exc
                result = hsds.import_json(data, owner=owner, schema_dir_path=schema_dir)
        except hsds.HSDSImportError as exc:
            raise CommandError(
                f"Nothing imported ({len(exc.messages)} problems):\n" + "\n".join(exc.messages)
            ) from exc
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(f"Imported. {result.summary()}.")

    def load_sheet(self, path: Path, owner_ref: str, dry_run: bool) -> None:
        owner = (
            Organisation.objects.filter(slug=owner_ref).first()
            or Organisation.objects.filter(code=owner_ref).exclude(code="").first()
        )
        if owner is None:
            raise CommandError(f"No organisation with slug or code {owner_ref!r}.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            plan = tabular.check(data, path.name, owner)
            if plan.problems:
                raise tabular.SheetError(plan.messages)
            if not dry_run:
                tabular.apply(plan)
        except tabular.SheetError as exc:
            raise CommandError(
                f"Nothing imported ({len(exc.messages)} problems):\n" + "\n".join(exc.messages)
            ) from exc
        for warning in plan.warnings:
            self.stderr.write(f"Warning: {warning}")
        verb = "Checked, nothing stored" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {plan.rows} rows for {owner}. {plan.summary()}.")

    def write_template(self, output: Path) -> None:
        if output.suffix.lower() == ".xlsx":
            output.write_bytes(tabular.template_xlsx())
        elif output.suffix.lower() == ".csv":
            output.write_bytes(tabular.template_csv())
        else:
            raise CommandError("--output must end in .xlsx or .csv.")
        self.stdout.write(f"Wrote {output}.")
