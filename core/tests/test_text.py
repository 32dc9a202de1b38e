"""The one fold for comparing text (formats.text.normalize and organization.directory.name_key
add to it, and are tested with their modules)."""

from core.text import fold, strip_accents


def test_folding_ignores_case_accents_and_spacing():
    assert fold("  Secretaría de\tPLANEACIÓN \n") == "secretaria de planeacion"
    assert fold("Año") == fold("ANO") == "ano"
    assert fold("") == ""


def test_stripping_accents_keeps_case_spacing_and_punctuation():
    assert strip_accents("Sec.  de Planeación, Niñez") == "Sec.  de Planeacion, Ninez"
    assert strip_accents("ﬁn²") == "fin2"  # compatibility characters decomposed
