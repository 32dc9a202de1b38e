from formats.mapping import map_columns


def fields(top, sub=None):
    return [column.field for column in map_columns(top, sub)]


def test_it_maps_the_seed_header_rows_by_their_text():
    top = ["N°", "ACTIVIDADES", "TAREA (S) QUE AYUDA A IMPLEMENTAR LA ACTIVIDAD", "MES"]
    top += [""] * 11 + ["PRODUCTOS (BIENES O SERVICIOS) ENTREGABLES", "INDICADOR", ""]
    top += ["RESPONSABLES", "SEGUIMIENTO TRIMESTRAL", "", "", ""]
    sub = ["", "", ""] + [str(m) for m in range(1, 13)] + ["", "FÓRMULA", "RESULTADO", ""]
    sub += ["I", "II", "III", "IV"]
    assert fields(top, sub) == [
        "number",
        "description",
        "tasks",
        *[f"month:{m}" for m in range(1, 13)],
        "deliverables",
        "indicator_formula",
        "indicator_result",
        "responsible_text",
        "followup:1",
        "followup:2",
        "followup:3",
        "followup:4",
    ]


def test_headers_match_without_accents_case_or_extra_spaces_and_with_synonyms():
    assert fields(
        ["No.", "actividad", "Tareas", "Entregable", "Fórmula del indicador", "META"]
    ) == [
        "number",
        "description",
        "tasks",
        "deliverables",
        "indicator_formula",
        "indicator_target",
    ]
    assert fields(["  RESPONSABLE ", "Observaciones", "Resultado"]) == [
        "responsible_text",
        "observations",
        "indicator_result",
    ]


def test_month_names_and_four_month_periods_are_understood():
    top = ["CRONOGRAMA", "", "", "AVANCE", "", ""]
    sub = ["Ene", "Febrero", "MAR", "1", "2", "3"]
    assert fields(top, sub) == [
        "month:1",
        "month:2",
        "month:3",
        "followup:1",
        "followup:2",
        "followup:3",
    ]


def test_unknown_columns_are_kept_as_extra_fields_with_their_label():
    columns = map_columns(["N°", "ACTIVIDAD", "PRESUPUESTO", "BPIN"])
    assert [c.field for c in columns[2:]] == ["extra:PRESUPUESTO", "extra:BPIN"]
    assert columns[2].label == "PRESUPUESTO"
