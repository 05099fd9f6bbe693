"""`sciencecity import TABLE FILE`: a registry table from CSV or XLSX, all rows or none (registry/bulk.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sciencecity.registry import bulk


class Progress:
    """A one-line bar on a terminal (rows done, of how many, rows per second); silent otherwise."""

    def __init__(self, total: int | None, stream: Any) -> None:
        self.total = total
        self.stream = stream
        self.started = time.monotonic()
        self.shown = stream.isatty()

    def __call__(self, done: int) -> None:
        if not self.shown:
            return
        rate = done / max(time.monotonic() - self.started, 1e-6)
        if self.total:
            width = 30
            filled = min(width, width * done // max(self.total, 1))
            bar = "#" * filled + "-" * (width - filled)
            line = f"\r[{bar}] {done:,}/{self.total:,} rows, {rate:,.0f}/s"
        else:
            line = f"\r{done:,} rows, {rate:,.0f}/s"
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Import a registry table (fields, organisations, facilities, instruments, projects, achievements, "
        "claims) from a CSV or XLSX file with the columns the admin exports. Every row is validated; a "
        "file with a bad row imports nothing and each bad row is listed with its line number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", choices=sorted(bulk.TABLES))
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, table: str, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        progress = Progress(bulk.count_rows(file), sys.stderr)
        started = time.monotonic()
        try:
            report = bulk.import_rows(table, bulk.read_rows(file), progress=progress)
        except bulk.ImportRefused as exc:
            progress.close()
            raise CommandError(f"Nothing was imported from {file}:\n{exc}") from None
        progress.close()
        bulk.analyse(bulk.TABLES[table])
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Imported {report.rows:,} {table} ({report.created:,} new, {report.updated:,} updated) "
            f"in {seconds:.1f} s."
        )
