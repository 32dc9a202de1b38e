"""DIVIPOLA: the DANE's codes of Colombia's departments and municipalities, shipped with the
project (``organization/data/divipola.csv``), never fetched at run time.

A department has two digits (76, Valle del Cauca), a municipality five: its department's two and
three of its own (76147, Cartago). The list holds the 32 departments and Bogotá, D.C., and 1,123
municipalities and áreas no municipalizadas (Belén de Bajirá, 27086, included). Entities keep the
codes; the names shown are the list's, so a department is written the same way everywhere.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from core.text import fold

DATA = Path(__file__).resolve().parent / "data" / "divipola.csv"


@dataclass(frozen=True)
class Department:
    code: str
    name: str


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    department_code: str

    @property
    def department(self) -> Department:
        return departments()[self.department_code]


@functools.cache
def _load() -> tuple[dict[str, Department], dict[str, Municipality]]:
    departments: dict[str, Department] = {}
    municipalities: dict[str, Municipality] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["codigo_departamento"]
            departments.setdefault(code, Department(code, row["departamento"]))
            municipalities[row["codigo_municipio"]] = Municipality(
                row["codigo_municipio"], row["municipio"], code
            )
    return departments, municipalities


def departments() -> dict[str, Department]:
    """Every department by code, in code order."""
    return _load()[0]


def municipalities() -> dict[str, Municipality]:
    """Every municipality by code, in code order."""
    return _load()[1]


def department(code: str) -> Department | None:
    return departments().get(code)


def municipality(code: str) -> Municipality | None:
    return municipalities().get(code)


def municipalities_of(department_code: str) -> list[Municipality]:
    """A department's municipalities, by name."""
    found = [m for m in municipalities().values() if m.department_code == department_code]
    return sorted(found, key=lambda m: fold(m.name))


def department_choices() -> list[tuple[str, str]]:
    """(code, «name (code)») for a select, by name."""
    return [
        (d.code, f"{d.name} ({d.code})")
        for d in sorted(departments().values(), key=lambda d: fold(d.name))
    ]


def _key(text: str) -> str:
    words = fold(text).replace(",", " ").replace(".", " ").replace("-", " ").split()
    # «D.C.», «D. C.» and «DC» all read as nothing: «Bogotá, D.C.» is «Bogotá».
    return " ".join(w for w in words if w not in {"de", "del", "la", "el", "dc", "d", "c"})


@functools.cache
def _department_keys() -> dict[str, str]:
    keys = {_key(d.name): d.code for d in departments().values()}
    # How people write the long ones.
    keys.update({"bogota": "11", "san andres": "88", "san andres providencia": "88"})
    keys["valle"] = "76"
    return keys


def find_department(name: str) -> Department | None:
    """The department a written name means («VALLE DEL CAUCA», «Bogotá D.C.»), else None."""
    key = _key(name)
    key = key.removeprefix("departamento ").strip()
    code = _department_keys().get(key)
    return departments()[code] if code else None


def find_municipality(name: str, department_code: str = "") -> Municipality | None:
    """The municipality a written name means, inside the department when one is given. None when
    no municipality reads so, or when several do and no department tells them apart (there are
    five Belén and several San Pedro)."""
    key = _key(name).removeprefix("municipio ").strip()
    if not key:
        return None
    found = [
        m
        for m in municipalities().values()
        if _key(m.name) == key and (not department_code or m.department_code == department_code)
    ]
    return found[0] if len(found) == 1 else None
