"""Review fixes: status changes and `agenda show` speak the chosen language throughout."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agenda.model.enums import InvitationStatus
from agenda.model.orm import Meeting, RoleAssignment
from agenda.model.uow import transaction
from agenda.programme.reading import role_label, status_label
from meetingctl.cli import main
from meetingctl.demo import create_demo


@pytest.fixture
def demo(engine_url, db_factory):
    with transaction(db_factory) as db:
        create_demo(db, people_count=30, seed=3, year=2021)
    return engine_url, db_factory


def run(url: str, capsys, *args: str, config=None) -> tuple[int, str, str]:
    prefix = ["--config", str(config)] if config else []
    code = main([*prefix, "--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _assignment(factory, status: str) -> int:
    with transaction(factory) as db:
        return db.scalars(select(RoleAssignment.id).where(RoleAssignment.status == status)).first()


def test_status_errors_and_confirmations_in_the_chosen_language(demo, capsys, tmp_path) -> None:
    url, factory = demo
    nominated = _assignment(factory, "nominated")
    code, _, err = run(
        url,
        capsys,
        "people",
        "status",
        "--assignment",
        str(nominated),
        "--to",
        "confirmed",
        "--lang",
        "es",
    )
    assert code == 2
    assert "no se puede cambiar el estado de esta asignación de propuesta a confirmada" in err
    assert "desde propuesta se permite: invitada, retirada" in err
    assert "cannot" not in err and "nominated" not in err and "confirmed" not in err
    code, _, err = run(
        url, capsys, "people", "status", "--assignment", str(nominated), "--to", "confirmed"
    )
    assert code == 2 and "from nominated to confirmed; allowed from nominated: invited" in err
    assert "no se puede" not in err
    config = tmp_path / "config.toml"
    config.write_text('[ui]\nlanguage = "es"\n', encoding="utf-8")
    code, out, _ = run(
        url,
        capsys,
        "people",
        "status",
        "--assignment",
        str(nominated),
        "--to",
        "invited",
        config=config,
    )
    assert code == 0 and out.strip() == f"Asignación {nominated}: propuesta -> invitada"
    code, _, err = run(
        url,
        capsys,
        "people",
        "status",
        "--assignment",
        str(nominated),
        "--to",
        "invited",
        config=config,
    )
    assert code == 2 and "de invitada a invitada" in err
    with transaction(factory) as db:
        assert db.get(RoleAssignment, nominated).status.value == "invited"


def test_every_status_and_role_has_two_distinct_labels() -> None:
    for status in InvitationStatus:
        assert status_label(status, "en") == status.value
        assert status_label(status, "es") not in {status.value, status_label(status, "en")}
    assert role_label("keynote_speaker", "es") == "orador/a principal"
    assert role_label("co_chair", "en") == "co-chair"


def test_spanish_agenda_translates_roles_and_marks_fallbacks(demo, capsys) -> None:
    url, factory = demo
    with transaction(factory) as db:
        db.scalars(select(Meeting)).one().title_es = ""
    code, out, _ = run(url, capsys, "agenda", "show", "--lang", "es")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("[EN] ") and "Regional review" in first
    assert "moderación:" in out and ("[propuesta]" in out or "[aceptada]" in out)
    for code_text in (
        "moderator:",
        "chair:",
        "panellist:",
        "[confirmed]",
        "[nominated]",
        "[accepted]",
        "[invited]",
    ):
        assert code_text not in out, code_text
    english = run(url, capsys, "agenda", "show", "--lang", "en")[1]
    assert "moderator:" in english and "[EN]" not in english
