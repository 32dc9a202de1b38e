"""Colombian NIT (Número de Identificación Tributaria) with its DIAN check digit."""

from __future__ import annotations

import re
from dataclasses import dataclass

# DIAN weights, applied from the rightmost digit of the base number leftwards (módulo 11).
_WEIGHTS = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


class InvalidNit(ValueError):
    """Raised with a Spanish message that says what is wrong with the NIT."""


def check_digit(number: str) -> int:
    """The DIAN check digit (dígito de verificación) of a NIT base number."""
    if not number.isdigit() or not 1 <= len(number) <= len(_WEIGHTS):
        raise InvalidNit(f"«{number}» no es un número de NIT válido (hasta 15 dígitos).")
    total = sum(
        int(digit) * weight for digit, weight in zip(reversed(number), _WEIGHTS, strict=False)
    )
    remainder = total % 11
    return remainder if remainder < 2 else 11 - remainder


@dataclass(frozen=True)
class Nit:
    number: str
    digit: int

    def __str__(self) -> str:
        return f"{self.number}-{self.digit}"

    @property
    def formatted(self) -> str:
        """As Colombians write it: thousands separated by dots, then the check digit."""
        groups = []
        rest = self.number
        while rest:
            groups.insert(0, rest[-3:])
            rest = rest[:-3]
        return ".".join(groups) + f"-{self.digit}"


_NIT_TEXT = re.compile(r"^\s*(?P<number>\d{1,3}(?:[.\s]?\d{3})*)\s*[-.\s]\s*(?P<digit>\d)\s*$")


def parse_nit(text: str) -> Nit:
    """Parse a NIT written with its check digit ("891.900.493-2", "891900493-2", "891.900.493.2").

    The check digit must be present and must match the DIAN computation.
    """
    match = _NIT_TEXT.match(text or "")
    if not match:
        raise InvalidNit(
            f"«{text}» no es un NIT con dígito de verificación; escríbalo como 891.900.493-2."
        )
    number = re.sub(r"\D", "", match["number"])
    digit = int(match["digit"])
    expected = check_digit(number)
    if digit != expected:
        raise InvalidNit(
            f"El NIT {number}-{digit} no es válido: el dígito de verificación de {number} "
            f"es {expected}, no {digit}."
        )
    return Nit(number, digit)


def nit_readings(text: str) -> list[Nit]:
    """The NITs a person may mean by ``text``, however it is written: with or without dots,
    spaces, a hyphen, a leading «NIT», and with or without the check digit.

    A check digit set apart ("891.900.493-2", "891900493 2") must be the right one. Bare digits
    ("891900493" or "8919004932") are read both as the base number and, when their last digit is
    the check digit of the rest, as base number and digit: a search then matches either.
    """
    cleaned = re.sub(r"^\s*nit\s*[:.]?\s*", "", text or "", flags=re.IGNORECASE).strip()
    if _NIT_TEXT.match(cleaned):
        return [parse_nit(cleaned)]
    bare = re.fullmatch(r"\d+", cleaned) is not None
    if not bare and not re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+", cleaned):
        raise InvalidNit(
            f"«{text}» no es un NIT; escríbalo con o sin dígito de verificación, como "
            "891.900.493-2 o 891900493."
        )
    digits = re.sub(r"\D", "", cleaned)
    readings = [Nit(digits, check_digit(digits))]
    if bare and len(digits) > 1 and check_digit(digits[:-1]) == int(digits[-1]):
        readings.append(Nit(digits[:-1], int(digits[-1])))
    return readings


# A NIT inside a longer line: after its label («NIT», «Nit:», «NIT No.»), or unlabelled in the
# shape only a NIT has (nine digits grouped by dots, or joined, then its check digit).
_NIT_LABELLED = re.compile(
    r"\bnit\b\.?\s*(?:no\.?|n[°º]\.?|#)?\s*[:.]?\s*"
    r"(?P<nit>\d{1,3}(?:[.\s]?\d{3})*(?:\s*[-.]\s*\d)?)(?![\d])",
    re.IGNORECASE,
)
_NIT_SHAPED = re.compile(r"(?<![\d.])(?P<nit>\d{3}\.\d{3}\.\d{3}\s*[-.]\s*\d|\d{9}-\d)(?![\d])")


@dataclass(frozen=True)
class FoundNit:
    nit: Nit
    written: str
    start: int  # where the NIT, with its label, sits in the line
    end: int


def find_nit(text: str) -> FoundNit | None:
    """The NIT a line names, with or without its label: «MUNICIPIO DE CARTAGO - Nit:
    891.900.493.2», «ALCALDÍA DE PALMIRA - NIT 891.380.007-3», «891.380.007-3».

    Raises InvalidNit when the line names one whose check digit is wrong (or missing, after a
    label): a NIT is never taken without its DIAN check."""
    match = _nit_match(text)
    if match is None:
        return None
    written = match["nit"].strip()
    return FoundNit(parse_nit(written), written, match.start(), match.end())


def _nit_match(text: str) -> re.Match | None:
    return _NIT_LABELLED.search(text) or _NIT_SHAPED.search(text)


def nit_position(text: str) -> int | None:
    """Where a NIT (with its label) starts in a line, checked or not; None if there is none."""
    match = _nit_match(text)
    return match.start() if match else None
