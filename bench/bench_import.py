"""Benchmark: parse a generated 10,000-row people CSV (issue 4, import of a 10,000-row CSV).

Run: python -m bench.bench_import  (MEETINGCTL_BENCH_SCALE=0.1 shrinks the file).
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from pathlib import Path

from agenda.people.files import read_people_file

DEFAULT_ROWS = 10_000
_COUNTRIES = [
    "México",
    "Chile",
    "Brasil",
    "Perú",
    "Haití",
    "Bolivia",
    "Jamaica",
    "Trinidad & Tobago",
    "Colombia",
    "Argentina",
    "EE.UU.",
    "República Dominicana",
    "Guatemala",
    "Paraguay",
]
_GENDERS = ["Mujer", "Hombre", "F", "Male", "No binario", "Prefiero no decirlo", ""]
_CATEGORIES = ["Gobierno", "ONG", "Academia", "Sector privado", "Sindicatos", "Jóvenes", "Otro"]


def write_sample(path: Path, rows: int, seed: int = 7) -> None:
    """Write a realistic Spanish-header, semicolon-separated CSV with ``rows`` people."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "Nombre",
                "Apellidos",
                "Correo electrónico",
                "País",
                "Género",
                "Organización",
                "Cargo",
                "Tipo de actor",
                "Idiomas",
                "Joven",
            ]
        )
        for index in range(rows):
            writer.writerow(
                [
                    rng.choice(["Ana", "José", "María", "Luis", "Begoña", "Zoë"]),
                    rng.choice(["Pérez", "Núñez", "Silva", "O'Brien", "Ibáñez"]),
                    f"person{index}@example.org",
                    rng.choice(_COUNTRIES),
                    rng.choice(_GENDERS),
                    "Ministerio de Relaciones Exteriores",
                    "Directora",
                    rng.choice(_CATEGORIES),
                    rng.choice(["es", "es, en", "Español y Portugués"]),
                    rng.choice(["sí", "no", ""]),
                ]
            )


def run() -> list[str]:
    """Generate the file, parse it and report rows per second."""
    scale = float(os.environ.get("MEETINGCTL_BENCH_SCALE", "1.0"))
    rows = max(10, int(DEFAULT_ROWS * scale))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        write_sample(path, rows)
        size = path.stat().st_size
        started = time.perf_counter()
        result = read_people_file(path)
        elapsed = time.perf_counter() - started
    return [
        f"import: parsed {rows} rows ({size / 1048576:.2f} MiB CSV) in {elapsed:.3f} s "
        f"= {rows / elapsed:,.0f} rows/s; {len(result.rows)} valid, {len(result.errors)} errors, "
        f"{len(result.warnings)} warnings",
    ]


if __name__ == "__main__":
    for line in run():
        print(line)
