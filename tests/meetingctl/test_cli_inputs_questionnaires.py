"""`meetingctl inputs import` takes questionnaire exports as the platforms write them, and a
column mapping file (`--mapping`) like `people import`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from agenda.model.orm import StakeholderInput
from meetingctl.cli import main
from tests.agenda.annex.test_annex_data import build_dataset

FIXTURES = Path(__file__).parents[1] / "agenda" / "inputs" / "fixtures"


@pytest.fixture
def meeting_db(engine_url: str, db_factory) -> str:  # type: ignore[no-untyped-def]
    with db_factory() as db:
        build_dataset(db)
        db.commit()
    return engine_url


@pytest.mark.parametrize(
    ("fixture", "count"),
    [("qualtrics.csv", 3), ("google_forms.csv", 3), ("surveymonkey.csv", 2), ("kobo.csv", 2)],
)
def test_each_platform_export_imports(
    meeting_db: str, db_factory, capsys, fixture: str, count: int
) -> None:  # type: ignore[no-untyped-def]
    code = main(["--db", meeting_db, "inputs", "import", str(FIXTURES / fixture)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"Imported {count} inputs" in out.out
    with db_factory() as db:
        assert len(db.scalars(select(StakeholderInput)).all()) == count


def test_a_mapping_file_maps_the_questions(meeting_db: str, db_factory, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "export.csv"
    export.write_text(
        "Timestamp,Entidad que responde,Nación,Pregunta 7,Pregunta 9\n"
        "2021/03/10,Red Clamor,RD,Todos,Trata de personas en la frontera.\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\n"Entidad que responde" = "organization"\n"Nación" = "country"\n'
        '"Pregunta 7" = "objectives"\n"Pregunta 9" = "text"\n',
        encoding="utf-8",
    )
    refused = main(["--db", meeting_db, "inputs", "import", str(export)])
    err = capsys.readouterr().err
    assert refused != 0 and "missing column(s)" in err and "--mapping" in err
    code = main(["--db", meeting_db, "inputs", "import", str(export), "--mapping", str(mapping)])
    out = capsys.readouterr()
    assert code == 0, out.err
    with db_factory() as db:
        [stored] = db.scalars(select(StakeholderInput)).all()
    assert (stored.country, stored.objectives) == ("DO", list(range(1, 24)))
