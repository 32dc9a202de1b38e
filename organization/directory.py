"""Matching the names people write for dependencias against an entity's directory.

Real plans write responsables as abbreviations ("Sec. de Planeación"), with or without accents,
with typos ("Sevicios"), or name the whole administration ("Administración Municipal"). This
module turns such text into units of the directory and says how each match was made, so the
importer can report it. It is pure: it works on plain candidates, not on querysets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from core.text import fold, strip_accents

ABBREVIATIONS = {
    "sec": "secretaria",
    "secr": "secretaria",
    "secret": "secretaria",
    "subsec": "subsecretaria",
    "of": "oficina",
    "ofi": "oficina",
    "ofic": "oficina",
    "dir": "direccion",
    "dpto": "departamento",
    "depto": "departamento",
    "gral": "general",
    "mpal": "municipal",
    "admon": "administracion",
    "adm": "administrativa",
    "coord": "coordinacion",
}
STOPWORDS = {"de", "del", "la", "las", "el", "los", "y", "e", "para", "en", "a"}

# Names that mean "the whole entity" rather than one dependencia.
WHOLE_ENTITY_KEYS = {
    "administracion municipal",
    "administracion departamental",
    "administracion central",
    "alcaldia",
    "alcaldia municipal",
    "gobernacion",
    "toda entidad",
    "todas dependencias",
    "todos procesos",
}

# Words that begin the name of a dependencia: a comma or "y" before one of them separates two
# names, a comma elsewhere is part of a name ("Planeación, Medio Ambiente y Desarrollo").
UNIT_HEADS = (
    "secretaria",
    "subsecretaria",
    "oficina",
    "despacho",
    "direccion",
    "subdireccion",
    "departamento",
    "jefatura",
    "gerencia",
    "unidad",
    "coordinacion",
    "area",
    "grupo",
    "division",
    "seccion",
    "alcaldia",
    "gobernacion",
    "administracion",
    "control",
    "comisaria",
    "inspeccion",
    "tesoreria",
    "almacen",
    "instituto",
    "programa",
)

FUZZY_THRESHOLD = 85
FUZZY_MARGIN = 5


@functools.lru_cache(maxsize=8192)  # a plan names the same few dependencias on every row
def name_key(text: str) -> str:
    """A comparison key for names of dependencias: core.text.fold, and on purpose more than it
    (two names that read the same to a person are one dependencia): no punctuation, no
    stopwords, abbreviations expanded («Sec. de Planeación» → «secretaria planeacion»)."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    expanded = (ABBREVIATIONS.get(word, word) for word in words)
    return " ".join(word for word in expanded if word not in STOPWORDS)


def split_unit_names(text: str) -> list[str]:
    """Split a written list of dependencias into names, keeping commas that belong to a name."""
    return list(_split_unit_names(text))


_HEAD = (
    rf"(?:{'|'.join(UNIT_HEADS)}|(?:{'|'.join(sorted(ABBREVIATIONS, key=len, reverse=True))})\.)"
)
_CUT = re.compile(rf"(?:,|\s+y\s+|\s+-\s+)\s*(?={_HEAD})", re.IGNORECASE)


@functools.lru_cache(maxsize=8192)  # a plan names the same few dependencias on every row
def _split_unit_names(text: str) -> tuple[str, ...]:
    pieces: list[str] = []
    for chunk in re.split(r"[;\n/]+", text):
        plain = strip_accents(chunk)
        cuts = [0]
        for match in _CUT.finditer(plain):
            cuts.append(match.start())
            cuts.append(match.end())
        cuts.append(len(chunk))
        for start, end in zip(cuts[::2], cuts[1::2], strict=True):
            name = chunk[start:end].strip(" ,.")
            if name:
                pieces.append(name)
    return tuple(pieces)


@dataclass(frozen=True)
class Candidate:
    """A unit of the directory as the matcher sees it."""

    unit_id: int
    name: str
    aliases: tuple[str, ...] = ()
    is_whole_entity: bool = False


@dataclass
class Match:
    written: str
    candidate: Candidate | None
    how: str = ""  # exacto, alias, abreviatura, aproximado, toda la entidad
    score: int = 100

    @property
    def resolved(self) -> bool:
        return self.candidate is not None

    def describe(self) -> str:
        if self.candidate is None:
            return f"«{self.written}» no corresponde a ninguna dependencia del directorio"
        detail = {
            "exacto": "mismo nombre",
            "alias": "por alias",
            "abreviatura": "nombre abreviado",
            "aproximado": f"coincidencia aproximada, {self.score} %",
            "toda la entidad": "responsabilidad de toda la entidad",
        }[self.how]
        return f"«{self.written}» → {self.candidate.name} ({detail})"


@dataclass
class Directory:
    """The dependencias of one entity, indexed for matching written names."""

    candidates: list[Candidate] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._keys: dict[str, tuple[Candidate, str]] = {}
        for candidate in self.candidates:
            self._index(candidate)

    def _index(self, candidate: Candidate) -> None:
        self._keys.setdefault(name_key(candidate.name), (candidate, "exacto"))
        for alias in candidate.aliases:
            self._keys.setdefault(name_key(alias), (candidate, "alias"))

    def add(self, candidate: Candidate) -> None:
        self.candidates.append(candidate)
        self._index(candidate)

    @property
    def whole_entity(self) -> Candidate | None:
        return next((c for c in self.candidates if c.is_whole_entity), None)

    def match(self, written: str) -> Match:
        key = name_key(written)
        if not key:
            return Match(written, None)
        if key in self._keys:
            candidate, how = self._keys[key]
            return Match(
                written, candidate, "toda la entidad" if candidate.is_whole_entity else how
            )
        if key in WHOLE_ENTITY_KEYS and self.whole_entity:
            return Match(written, self.whole_entity, "toda la entidad")
        words = set(key.split())
        containing = [
            c
            for c in self.candidates
            if not c.is_whole_entity and len(words) >= 2 and words <= set(name_key(c.name).split())
        ]
        if len(containing) == 1:
            return Match(written, containing[0], "abreviatura")
        if len(containing) > 1:
            return Match(written, None)  # an abbreviation of several names: a planner decides
        return self._fuzzy(written, key)

    def _fuzzy(self, written: str, key: str) -> Match:
        scored = sorted(
            (
                (round(fuzz.token_sort_ratio(key, other)), candidate)
                for other, (candidate, _how) in self._keys.items()
            ),
            key=lambda pair: pair[0],
            reverse=True,
        )
        if not scored or scored[0][0] < FUZZY_THRESHOLD:
            return Match(written, None)
        best_score, best = scored[0]
        rivals = [s for s, c in scored[1:] if c.unit_id != best.unit_id]
        if rivals and best_score - rivals[0] < FUZZY_MARGIN:
            return Match(written, None)
        return Match(written, best, "aproximado", best_score)

    def match_all(self, text: str) -> list[Match]:
        """Match every name in a written list (one cell may name several dependencias)."""
        return [self.match(name) for name in split_unit_names(text)]


def is_whole_entity_name(text: str) -> bool:
    return name_key(text) in WHOLE_ENTITY_KEYS


def candidates(units: Iterable) -> list[Candidate]:
    """Candidates from Unit instances fetched with their aliases prefetched."""
    return [
        Candidate(
            unit_id=unit.pk,
            name=unit.name,
            aliases=tuple(alias.alias for alias in unit.aliases.all()),
            is_whole_entity=unit.is_whole_entity,
        )
        for unit in units
    ]
