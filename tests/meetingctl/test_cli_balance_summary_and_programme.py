"""`balance --summary` prints the report lines (gender of speakers and of chairs apart,
government, sub-regions, LDC/LLDC/SIDS, demography, participation); `balance suggest
--programme` suggests changes for the meeting-wide rules, each saying what it does."""

from __future__ import annotations

import json

from agenda.model.uow import transaction
from meetingctl.cli import main
from meetingctl.demo import create_demo


def _demo(engine_url, db_factory) -> str:
    with transaction(db_factory) as db:
        create_demo(db)
    return engine_url


def cli(url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_summary_lines(engine_url, db_factory, capsys) -> None:
    url = _demo(engine_url, db_factory)
    _, plain, _ = cli(url, "balance", capsys=capsys)
    _, out, _ = cli(url, "balance", "--summary", capsys=capsys)
    assert "Gender of speakers:" not in plain
    for line in (
        "Gender of speakers: ",
        "Gender of moderators and chairs: ",
        "Government speakers by sector: ",
        "ECLAC sub-regions: speakers ",
        "distinct people)",
        "Youth (un): ",
        "LDC delegations: ",
        "LLDC delegations: ",
    ):
        assert line in out, line
    _, text, _ = cli(url, "balance", "--format", "json", capsys=capsys)
    summary = json.loads(text)["programme"]["summary"]
    speakers = summary["gender"]["speakers"]
    assert speakers["known"] == sum(speakers["counts"].values())
    assert set(summary["participation"]) == {"ldc", "lldc"}


def test_programme_suggestions(engine_url, db_factory, capsys) -> None:
    url = _demo(engine_url, db_factory)
    code, out, err = cli(
        url, "balance", "suggest", "--programme", "--format", "json", capsys=capsys
    )
    assert code == 0, err
    items = json.loads(out)
    assert items and all(item["fixes"] or item["improves"] for item in items)
    assert all(" in " in item["text"] for item in items)  # says in which session
    code, _, err = cli(url, "balance", "suggest", capsys=capsys)
    assert code != 0 and "--session" in err
    code, _, err = cli(url, "balance", "suggest", "--programme", "--apply", "1", capsys=capsys)
    assert code != 0 and "--apply" in err


def test_summary_lines_and_programme_suggestions_read_in_spanish(
    engine_url, db_factory, capsys
) -> None:
    url = _demo(engine_url, db_factory)
    _, out, _ = cli(url, "balance", "--summary", "--lang", "es", capsys=capsys)
    for line in (
        "Género de los oradores: ",
        "Género de moderadores y presidentes: ",
        "Oradores gubernamentales por sector: ",
        "Subregiones de la CEPAL: oradores ",
        "personas distintas)",
        "Jóvenes (un): ",
        "Delegaciones de PMA: ",
        "Delegaciones de PDSL: ",
    ):
        assert line in out, line
    assert "Gender of" not in out and "delegations:" not in out and "LDC " not in out
    code, out, err = cli(url, "balance", "suggest", "--programme", "--lang", "es", capsys=capsys)
    assert code == 0, err
    lines = [line for line in out.splitlines() if line[:1].isdigit()]
    assert lines
    for line in lines:
        action = line.split("] ", 1)[1]
        assert action.startswith(("añadir a ", "sustituir a ")), line
        assert (
            " como " in action and " en " in action and ("corrige: " in line or "mejora: " in line)
        )
        assert "fixes:" not in line and "improves:" not in line
