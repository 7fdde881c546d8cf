"""Tests for agenda.people.files: reading messy CSV/XLSX people files."""

from __future__ import annotations

import codecs
import json

import pytest
from openpyxl import Workbook

from agenda.people.files import PeopleFileError, read_people_file

HEADER_EN = "Given name,Family name,Email,Country,Gender,Organization,Category"


def write(tmp_path, text, name="people.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_english_csv_all_fields(tmp_path):
    path = write(
        tmp_path,
        "Title,First name,Last name,E-mail,Country,Gender,Organization,Position,"
        "Stakeholder category,Delegation,Head of delegation,Youth,Languages,Time zone,"
        "Accessibility needs,Phone\n"
        "Ms.,Ana,Pérez,Ana.Perez@Example.org,Chile,Female,CEPAL,Director,Academia,Chile,"
        'yes,no,"Spanish, English",America/Santiago,"Wheelchair access\nSign language",'
        "+56 2 2210 2000\n",
    )
    result = read_people_file(path)
    assert result.ok and result.rows_read == 1
    (person,) = result.rows
    assert person.honorific == "Ms."
    assert (person.given_name, person.family_name) == ("Ana", "Pérez")
    assert (person.email, person.email_key) == ("Ana.Perez@example.org", "ana.perez@example.org")
    assert (person.country, person.delegation, person.gender) == ("CL", "CL", "woman")
    assert (person.organization, person.position, person.category) == (
        "CEPAL",
        "Director",
        "academia",
    )
    assert person.head_of_delegation is True and person.is_youth is False
    assert person.languages == ("es", "en")
    assert person.timezone == "America/Santiago"
    assert person.accessibility == "Wheelchair access\nSign language"
    assert person.phone == "+56 2 2210 2000"
    assert person.source_row == 2


def test_spanish_headers_latin1_semicolons(tmp_path):
    text = (
        "Nombre;Apellidos;Correo electrónico;País;Sexo;Institución;Tipo de actor;"
        "Jefe de delegación;Joven;Idiomas;Zona horaria;Teléfono\n"
        "José;Núñez;jose@example.org;Perú;Hombre;Cancillería;Gobierno;Sí;No;Español;"
        "america/lima;\n"
        "Begoña;Ibáñez;begona@example.org;Bolivia (Estado Plurinacional de);Mujer;ONG;ONG;"
        "no;sí;es y en;;\n"
    )
    path = write(tmp_path, text, encoding="cp1252")
    result = read_people_file(path)
    assert result.encoding == "cp1252" and result.delimiter == ";"
    assert [w.code for w in result.warnings] == ["encoding"]
    assert result.ok
    jose, begona = result.rows
    assert (jose.family_name, jose.country, jose.gender, jose.category) == (
        "Núñez",
        "PE",
        "man",
        "member_state",
    )
    assert jose.head_of_delegation and jose.timezone == "America/Lima"
    assert (begona.given_name, begona.country, begona.category) == ("Begoña", "BO", "civil_society")
    assert begona.is_youth and begona.languages == ("es", "en")


def test_utf8_bom_header_is_recognized(tmp_path):
    path = write(
        tmp_path, "Nombre,Apellido,Correo\nAna,Pérez,ana@example.org\n", encoding="utf-8-sig"
    )
    result = read_people_file(path)
    assert result.encoding == "utf-8-sig"
    assert result.columns["given_name"] == "Nombre"
    assert result.rows[0].family_name == "Pérez"


def test_utf16_tab_separated_excel_unicode_text(tmp_path):
    path = tmp_path / "people.txt"
    text = "Given name\tFamily name\tEmail\nZoë\tO'Brien\tzoe@example.org\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = read_people_file(path)
    assert result.delimiter == "\t"
    assert result.rows[0].given_name == "Zoë"


@pytest.mark.parametrize("content", [b"", b"   \n\n", codecs.BOM_UTF8])
def test_empty_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(PeopleFileError, match=r"empty\.csv: the file is empty"):
        read_people_file(path)


def test_header_without_rows_is_an_error(tmp_path):
    path = write(tmp_path, HEADER_EN + "\n\n")
    with pytest.raises(PeopleFileError, match="no data rows"):
        read_people_file(path)


def test_missing_required_columns_names_them_and_headers_found(tmp_path):
    path = write(tmp_path, "Full name,Correo,País\nAna Pérez,ana@example.org,Chile\n")
    with pytest.raises(PeopleFileError) as info:
        read_people_file(path)
    message = str(info.value)
    missing_part = message.split("Headers found")[0]
    assert "given_name: Given name / Nombre" in missing_part
    assert "family_name: Family name / Apellidos" in missing_part
    assert "email:" not in missing_part  # "Correo" was recognized
    assert "'Full name', 'Correo', 'País'" in message
    assert "mapping file" in message


@pytest.mark.parametrize(
    "cell",
    ['"=HYPERLINK(""http://evil.example"",""click"")"', "+cmd", "-2+3", "@SUM(A1)", " =1+1"],
)
def test_formula_cells_are_rejected_with_row_and_column(tmp_path, cell):
    path = write(
        tmp_path,
        "Given name,Family name,Email\nAna,Pérez,ana@example.org\n"
        + f"Luis,{cell},luis@example.org\n",
    )
    result = read_people_file(path)
    assert [r.email for r in result.rows] == ["ana@example.org"]
    (error,) = result.errors
    assert (error.row, error.column, error.code) == (3, "Family name", "formula")
    assert "formula" in error.reason and "fórmula" in error.message("es")
    assert result.rejected[3][0] == "Luis"


def test_formula_in_email_and_organization_also_rejected(tmp_path):
    path = write(tmp_path, "Given name,Family name,Email,Organization\nAna,P,=x@y.org,@corp\n")
    result = read_people_file(path)
    assert sorted(e.column for e in result.errors) == ["Email", "Organization"]
    assert result.rows == []


def test_phone_may_start_with_plus_and_placeholders_are_blank(tmp_path):
    path = write(
        tmp_path,
        "Given name,Family name,Email,Phone,Organization,Position\n"
        "Ana,P,ana@example.org,'+52 55 5555 0100,-,n/a\n",
    )
    (person,) = read_people_file(path).rows
    assert person.phone == "+52 55 5555 0100"
    assert person.organization is None and person.position is None


@pytest.mark.parametrize(
    "name", ['"Ana\nMaría"', "Ana\x07", "Ana\u202eairaM", '"Ana\rMaría"', "Ana\x00"]
)
def test_names_with_newlines_or_control_characters_rejected(tmp_path, name):
    path = write(tmp_path, f"Given name,Family name,Email\n{name},Pérez,ana@example.org\n")
    result = read_people_file(path)
    assert result.rows == []
    (error,) = result.errors
    assert (error.row, error.column, error.code) == (2, "Given name", "control")
    assert "\n" not in error.value and "\x07" not in error.value


def test_row_numbers_match_the_spreadsheet(tmp_path):
    path = write(
        tmp_path,
        "Given name,Family name,Email,Organization\n"
        'Ana,Pérez,ana@example.org,"Multi\nline org"\n'
        "\n"
        "Luis,Gómez,not-an-email,\n",
    )
    result = read_people_file(path)
    assert result.errors[0].row == 2  # the multi-line organization
    assert result.errors[1].row == 4 and result.errors[1].code == "email"


def test_duplicate_emails_in_different_case(tmp_path):
    path = write(
        tmp_path,
        HEADER_EN + "\n"
        "Ana,Pérez,ana@example.org,Chile,F,CEPAL,academia\n"
        "Ana,Pérez,ANA@Example.org,Chile,F,CEPAL,academia\n"
        "Ana,Pérez,Ana@example.ORG,Chile,F,IOM,academia\n",
    )
    result = read_people_file(path)
    assert [r.source_row for r in result.rows] == [2]
    (warning,) = [w for w in result.warnings if w.code == "duplicate_same"]
    assert warning.row == 3 and "row 2" in warning.reason
    (error,) = result.errors
    assert (error.row, error.code) == (4, "duplicate")
    assert "row 2" in error.reason and "Organization" in error.reason


def test_unknown_values_are_row_errors_with_reasons(tmp_path):
    path = write(
        tmp_path,
        "Given name,Family name,Email,Country,Category,Youth,Time zone\n"
        "Ana,P,ana@example.org,Colmbia,astronaut,maybe,America/Santiag\n",
    )
    result = read_people_file(path)
    reasons = {e.column: e.reason for e in result.errors}
    assert "Colombia (CO)" in reasons["Country"]
    assert "civil_society" in reasons["Category"]
    assert "yes or no" in reasons["Youth"]
    assert "America/Santiago" in reasons["Time zone"]
    assert "¿quiso decir Colombia (CO)" in next(
        e.message("es") for e in result.errors if e.column == "Country"
    )


@pytest.mark.parametrize(
    ("header", "expected", "warns"),
    [("Gender", "man", False), ("Sexo", "unknown", True), ("Género", "unknown", True)],
)
def test_gender_m_follows_header_language(tmp_path, header, expected, warns):
    path = write(tmp_path, f"Given name,Family name,Email,{header}\nAna,P,a@example.org,M\n")
    result = read_people_file(path)
    assert result.rows[0].gender == expected
    assert any(w.code == "gender_ambiguous" for w in result.warnings) is warns


def test_gender_not_guessed_and_blank_is_unknown(tmp_path):
    path = write(
        tmp_path,
        "Nombre,Apellido,Correo,Género\nMaría,P,m@example.org,\nJuan,P,j@example.org,Helicóptero\n",
    )
    result = read_people_file(path)
    assert [r.gender for r in result.rows] == ["unknown", "unknown"]
    assert [w.row for w in result.warnings if w.code == "gender_unknown"] == [3]


def test_mapping_overrides_headers(tmp_path):
    path = write(tmp_path, "Col A,Col B,Contact,Nombre\nAna,Pérez,ana@example.org,ignored\n")
    mapping = {
        "col a": "given_name",
        "COL B": "family_name",
        "Contact": "email",
        "Nombre": "ignore",
    }
    (person,) = read_people_file(path, mapping).rows
    assert (person.given_name, person.family_name, person.email) == (
        "Ana",
        "Pérez",
        "ana@example.org",
    )


def test_mapping_files_toml_and_json(tmp_path):
    path = write(tmp_path, "A,B,C\nAna,Pérez,ana@example.org\n")
    toml = tmp_path / "map.toml"
    toml.write_text('[columns]\nA = "given_name"\nB = "family_name"\nC = "email"\n', "utf-8")
    as_json = tmp_path / "map.json"
    as_json.write_text(json.dumps({"A": "given_name", "B": "family_name", "C": "email"}), "utf-8")
    assert read_people_file(path, toml).rows[0].family_name == "Pérez"
    assert read_people_file(path, str(as_json)).rows[0].email == "ana@example.org"


def test_bad_mappings_are_clear_errors(tmp_path):
    path = write(tmp_path, "A,B,C\nAna,Pérez,ana@example.org\n")
    with pytest.raises(PeopleFileError, match="'A' is mapped to 'nombre'.*valid fields"):
        read_people_file(path, {"A": "nombre"})
    with pytest.raises(PeopleFileError, match="not in the file: 'Z'"):
        read_people_file(path, {"Z": "email"})
    broken = tmp_path / "broken.toml"
    broken.write_text("A = ", "utf-8")
    with pytest.raises(PeopleFileError, match="broken.toml"):
        read_people_file(path, broken)


def test_two_columns_for_one_field_is_an_error(tmp_path):
    path = write(tmp_path, "Nombre,Apellido,Email,Correo\nAna,P,a@example.org,b@example.org\n")
    with pytest.raises(PeopleFileError, match="'Email' and 'Correo' both mean 'email'"):
        read_people_file(path)
    ok = read_people_file(path, {"Correo": "ignore"})
    assert ok.rows[0].email == "a@example.org"


def test_unrecognized_columns_reported_as_warning(tmp_path):
    path = write(
        tmp_path, "Nombre,Apellido,Correo,Comida favorita\nAna,P,a@example.org,empanadas\n"
    )
    result = read_people_file(path)
    assert any(
        w.code == "ignored_columns" and "Comida favorita" in w.reason for w in result.warnings
    )


def test_file_above_size_limit_is_refused_before_reading(tmp_path):
    path = write(tmp_path, HEADER_EN + "\n" + "Ana,P,a@example.org,Chile,F,X,academia\n" * 200)
    with pytest.raises(PeopleFileError, match=r"above the import limit of 0\.0 MiB"):
        read_people_file(path, max_bytes=1000)
    result = read_people_file(path, max_bytes=1_000_000)
    assert len(result.rows) == 1
    assert len([w for w in result.warnings if w.code == "duplicate_same"]) == 199


def test_missing_file_and_legacy_xls(tmp_path):
    with pytest.raises(PeopleFileError, match="cannot read file"):
        read_people_file(tmp_path / "nope.csv")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(PeopleFileError, match="save it as .xlsx"):
        read_people_file(xls)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Given name,Family name,Email\n", "utf-8")
    with pytest.raises(PeopleFileError, match="not a valid .xlsx"):
        read_people_file(fake)


def test_xlsx_with_formula_numbers_booleans_and_blank_rows(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nombre", "Apellidos", "Correo", "País", "Teléfono", "Joven"])
    sheet.append(["Ana", "Pérez", "ana@example.org", "MEX", 5622102000, True])
    sheet.append([])
    sheet.append(
        ["Luis", '=HYPERLINK("http://evil.example","x")', "luis@example.org", "CL", None, False]
    )
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    result = read_people_file(path)
    assert result.kind == "xlsx"
    (ana,) = result.rows
    assert (ana.country, ana.phone, ana.is_youth) == ("MX", "5622102000", True)
    (error,) = result.errors
    assert (error.row, error.column, error.code) == (4, "Apellidos", "formula")


def test_fifty_megabyte_file_refused_by_default_with_clear_message(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"Given name,Family name,Email\n")
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    with pytest.raises(PeopleFileError) as info:
        read_people_file(path)
    message = str(info.value)
    assert "huge.csv" in message and "50.0 MiB" in message and "20.0 MiB" in message
    assert "split it" in message


def test_title_rows_above_the_header_are_skipped(tmp_path):
    path = write(
        tmp_path,
        "Lista de participantes,,\n,,\nRegional review 2025,,\nNombre,Apellidos,Correo\n"
        "Ana,Pérez,ana@example.org\nLuis,=1+1,luis@example.org\n",
    )
    result = read_people_file(path)
    assert [p.source_row for p in result.rows] == [5]
    assert [(e.row, e.code) for e in result.errors] == [(6, "formula")]
    (warning,) = [w for w in result.warnings if w.code == "title_rows"]
    assert warning.row == 4 and "1, 3" in warning.reason


def test_semicolon_file_with_commas_inside_cells(tmp_path):
    path = write(
        tmp_path,
        "Nombre;Apellidos;Correo;Organización\n"
        "Ana;Pérez, de la Vega;ana@example.org;"
        "Ministerio de Relaciones Exteriores, Comercio y Culto\n"
        "Luis;Gómez;luis@example.org;Cancillería, Dirección de Migraciones\n",
    )
    result = read_people_file(path)
    assert result.delimiter == ";"
    assert result.rows[0].family_name == "Pérez, de la Vega"
    assert result.rows[1].organization == "Cancillería, Dirección de Migraciones"


def test_bilingual_cells_migrant_flag_and_multiline_notes(tmp_path):
    path = write(
        tmp_path,
        "Nombre,Apellidos,Correo,Género,Categoría,Persona migrante,Notas\n"
        'Ana,Pérez,ana@example.org,Mujer / Woman,Sociedad civil / Civil society,sí,"Llega el 17\n'
        'Sale el 20"\n'
        "Luis,Gómez,luis@example.org,Mujer / Man,ONG,no,\n",
    )
    result = read_people_file(path)
    ana, luis = result.rows
    assert (ana.gender, ana.category, ana.is_migrant) == ("woman", "civil_society", True)
    assert ana.notes == "Llega el 17\nSale el 20"
    assert luis.gender == "unknown"  # contradictory parts are never resolved by guessing
    assert any(w.code == "gender_unknown" and w.row == 3 for w in result.warnings)


def test_placeholder_in_required_column_is_missing_not_formula(tmp_path):
    path = write(tmp_path, "Given name,Family name,Email\nAna,-,ana@example.org\n")
    (error,) = read_people_file(path).errors
    assert (error.column, error.code) == ("Family name", "required")
    assert error.message("es") == "Family name es obligatorio"


def test_xlsx_reads_first_sheet_and_warns_about_others(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Registros"
    workbook.active.append(["Nombre", "Apellidos", "Correo"])
    workbook.active.append(["Ana", "Pérez", "ana@example.org"])
    workbook.create_sheet("Resumen").append(["total", 1])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    result = read_people_file(path)
    assert len(result.rows) == 1
    (warning,) = [w for w in result.warnings if w.code == "other_sheets"]
    assert "'Registros'" in warning.reason and "'Resumen'" in warning.reason


def test_file_errors_are_bilingual(tmp_path):
    path = write(tmp_path, "Full name,Correo\nAna Pérez,ana@example.org\n")
    with pytest.raises(PeopleFileError) as info:
        read_people_file(path)
    assert info.value.code == "missing_columns"
    spanish = info.value.message("es")
    assert spanish.startswith(str(path)) and "faltan columnas obligatorias" in spanish
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(b"")
    with pytest.raises(PeopleFileError) as info:
        read_people_file(empty)
    assert info.value.message("es").endswith(
        "el archivo está vacío; exporte de nuevo la lista con una fila de encabezados"
    )


def test_bilingual_headers(tmp_path):
    path = write(
        tmp_path,
        "Nombre / First name,Apellidos / Last name,Correo electrónico | Email,País/Country\n"
        "Ana,Pérez,ana@example.org,Chile\n",
    )
    result = read_people_file(path)
    assert result.columns["email"] == "Correo electrónico | Email"
    assert result.rows[0].country == "CL"


def test_row_error_descriptions_in_both_languages(tmp_path):
    path = write(tmp_path, "Nombre,Apellidos,Correo\nAna,Pérez,no-es-correo\n", encoding="cp1252")
    result = read_people_file(path)
    (error,) = result.errors
    assert error.describe("en").startswith("row 2, column 'Correo': invalid e-mail address")
    assert error.describe("es").startswith("fila 2, columna 'Correo': correo electrónico no válido")
    assert str(error) == error.describe("en")
    (file_warning,) = [w for w in result.warnings if w.code == "encoding"]
    assert file_warning.describe("es").startswith("el archivo no está en UTF-8")
