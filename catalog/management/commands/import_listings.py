"""python manage.py import_listings FILE --supplier ID: the spreadsheet import, run in the foreground."""

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from catalog.models import ListingImport
from catalog.services import listing_import_create, listing_import_process
from marketplace.core.exceptions import DomainError
from marketplace.organizations.choices import OrganizationKind
from marketplace.organizations.models import Organization


class Command(BaseCommand):
    help = "Import a CSV or XLSX of listings for a supplier, synchronously, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--supplier", type=int, required=True, help="Supplier organisation id.")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        supplier = Organization.objects.filter(pk=options["supplier"], kind=OrganizationKind.SUPPLIER).first()
        if supplier is None:
            raise CommandError(f"No supplier organisation with id {options['supplier']}.")
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as fh:
            try:
                listing_import = listing_import_create(
                    supplier=supplier, user=None, upload=File(fh, name=path.name), enqueue=False
                )
            except DomainError as exc:
                raise CommandError(exc.detail) from exc
        bar = tqdm(unit="rows", disable=options["no_progress"], desc=path.name)

        def progress(current: ListingImport) -> None:
            if not bar.total and current.total_rows:
                bar.total = current.total_rows
            bar.update(current.processed_rows - bar.n)

        result = listing_import_process(import_id=listing_import.pk, on_progress=progress)
        bar.close()
        self.stdout.write(
            f"Import {result.pk}: {result.status}, rows {result.processed_rows}, "
            f"created {result.created}, updated {result.updated}, errors {result.error_count}"
        )
        for error in result.errors[:20]:
            self.stdout.write(f"  row {error['row']}: {error['message']}")
