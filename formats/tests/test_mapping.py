from formats.mapping import map_columns

SEED_TOP = (
    ["N°", "ACTIVIDADES", "TAREA (S) QUE AYUDA A IMPLEMENTAR LA ACTIVIDAD", "MES"]
    + [""] * 11
    + ["PRODUCTOS (BIENES O SERVICIOS) ENTREGABLES", "INDICADOR", "", "RESPONSABLES"]
    + ["SEGUIMIENTO TRIMESTRAL", "", "", ""]
)
SEED_SUB = (
    ["", "", ""]
    + [str(month) for month in range(1, 13)]
    + ["", "FÓRMULA", "RESULTADO", "", "I", "II", "III", "IV"]
)


def fields(top, sub=None):
    return [column.field for column in map_columns(top, sub)]


def test_the_seed_header_rows_map_to_the_23_fields_by_their_text():
    assert fields(SEED_TOP, SEED_SUB) == [
        "number",
        "description",
        "tasks",
        *[f"month:{month}" for month in range(1, 13)],
        "deliverables",
        "indicator_formula",
        "indicator_result",
        "responsible_text",
        *[f"followup:{period}" for period in range(1, 5)],
    ]


def test_every_column_gets_a_label_for_messages():
    labels = [column.label for column in map_columns(SEED_TOP, SEED_SUB)]
    assert labels[:2] == ["N°", "ACTIVIDADES"]
    assert labels[3] == "MES 1"
    assert labels[5] == "MES 3"
    assert labels[16:18] == ["INDICADOR: FÓRMULA", "INDICADOR: RESULTADO"]
    assert labels[-3] == "SEGUIMIENTO TRIMESTRAL II"


def test_a_column_is_found_by_its_header_wherever_it_sits():
    assert fields(["ACTIVIDAD", "RESPONSABLE", "N°"]) == [
        "description",
        "responsible_text",
        "number",
    ]


def test_headers_match_without_accents_case_or_extra_spaces_and_with_synonyms():
    assert fields(
        [
            "No.",
            "actividad",
            "Tareas",
            "Entregable",
            "Fórmula del indicador",
            "META",
            "  resultado ",
        ]
    ) == [
        "number",
        "description",
        "tasks",
        "deliverables",
        "indicator_formula",
        "indicator_target",
        "indicator_result",
    ]
    assert fields(["Nº", "#", "ITEM", "Productos", "INDICADOR", "Observaciones"]) == [
        "number",
        "extra:# (columna 2)",
        "extra:ITEM (columna 3)",
        "deliverables",
        "indicator_formula",
        "observations",
    ]


def test_month_names_and_arabic_period_numbers_are_understood():
    top = ["CRONOGRAMA", "", "", "", "AVANCE", "", ""]
    sub = ["Ene", "Febrero", "MAR.", "Sept", "1", "2", "3"]
    assert fields(top, sub) == [
        "month:1",
        "month:2",
        "month:3",
        "month:9",
        "followup:1",
        "followup:2",
        "followup:3",
    ]


def test_an_indicator_spanning_formula_target_and_result_maps_each_part():
    columns = map_columns(["INDICADOR", "", ""], ["Fórmula", "Meta", "Resultado"])
    assert [(c.field, c.label) for c in columns] == [
        ("indicator_formula", "INDICADOR: Fórmula"),
        ("indicator_target", "INDICADOR: Meta"),
        ("indicator_result", "INDICADOR: Resultado"),
    ]


def test_unknown_columns_are_kept_as_extra_fields_with_their_label_as_written():
    columns = map_columns(["N°", "ACTIVIDAD", "COSTO", "Código interno", ""])
    assert [(c.field, c.label) for c in columns[2:]] == [
        ("extra:COSTO", "COSTO"),
        ("extra:Código interno", "Código interno"),
        ("extra:columna 5", "columna 5"),
    ]


def test_baseline_and_start_and_end_dates_are_known_columns():
    columns = map_columns(["Línea base", "Fecha de inicio", "FECHA FINAL", "Fecha de terminación"])
    assert [c.field for c in columns] == [
        "indicator_baseline",
        "start_date",
        "end_date",
        "extra:Fecha de terminación (columna 4)",
    ]


def test_a_sub_label_the_group_does_not_know_is_kept_as_an_extra_field():
    columns = map_columns(["MES", "", "SEGUIMIENTO", ""], ["1", "Total", "I", "V"])
    assert [c.field for c in columns] == [
        "month:1",
        "extra:MES Total",
        "followup:1",
        "extra:SEGUIMIENTO V",
    ]


def test_a_top_label_stops_spanning_at_a_column_without_sub_label():
    assert fields(["MES", "", "", "OBSERVACIONES"], ["1", "2", "", ""]) == [
        "month:1",
        "month:2",
        "extra:columna 3",
        "observations",
    ]
