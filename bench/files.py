"""Benchmark: what reading a hostile file costs, against the bound of issue 17.

Run with `make bench-files` (also part of `make bench`), or `.venv/bin/python bench/files.py
[--only NAME ...]`. Each file of ``bench/hostile_files.py`` (and, to compare, real plans of
thousands of activities) is built here, then read by the importer's reader in a forked child
(`bench/measure.py`), as a worker process with Django loaded would read an upload. It prints
each file's size, whether it was accepted or refused (with the message), the time and the
child's peak resident memory, against the bound: any file up to 20 MB is accepted or refused
within 10 s and 300 MB. A child that passes 60 s or 4 GB of address space is stopped, so the
benchmark never takes the machine down; it then reports what it had reached. Needs no
database. Exits with status 1 if any file breaks the bound.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import hostile_files  # noqa: E402
from bench.measure import run_in_child  # noqa: E402

MAX_SECONDS, MAX_MEGABYTES = 10, 300
STOP_SECONDS, STOP_ADDRESS_SPACE = 60, 4 * 2**30


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="file names to measure (repetida.ods ...)")
    only = parser.parse_args().only

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planaccion.settings")
    import django

    django.setup()
    # What a worker has imported before its first upload.
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    from formats.document import ImportFileError
    from formats.readers.base import reader_for

    def read(data: bytes, name: str) -> str:
        try:
            document = reader_for(name).read(data, name)
        except ImportFileError as error:
            return f"rechazado: {error}"
        return f"aceptado: {len(document.rows)} actividades"

    print("| archivo | tamaño | resultado | tiempo (s) | memoria pico (MB) | ¿dentro del límite? |")
    print("|---|---|---|---|---|---|")
    broken = 0
    for label, name, build in hostile_files.HOSTILE + hostile_files.AT_LIMIT + hostile_files.REAL:
        if only and name not in only:
            continue
        data = build()
        size = len(data)
        gc.collect()
        outcome = run_in_child(
            lambda data=data, name=name: read(data, name),
            timeout=STOP_SECONDS,
            address_space=STOP_ADDRESS_SPACE,
        )
        del data
        within = (
            not outcome.error and outcome.seconds <= MAX_SECONDS and outcome.peak <= MAX_MEGABYTES
        )
        broken += not within
        result = outcome.result or f"error: {outcome.error}"
        print(
            f"| {label} | {_size(size)} | {result} | {outcome.seconds:.2f} "
            f"| {outcome.peak:.0f} | {'sí' if within else '**no**'} |",
            flush=True,
        )
    print(f"\nLímite: {MAX_SECONDS} s y {MAX_MEGABYTES} MB por archivo de hasta 20 MB.")
    sys.exit(1 if broken else 0)


def _size(length: int) -> str:
    if length < 2**20:
        return f"{length / 1024:.1f} KB".replace(".", ",")
    return f"{length / 2**20:.1f} MB".replace(".", ",")


if __name__ == "__main__":
    main()
