"""Review fixes for `session`: impossible dates and times, local times in every message."""

from __future__ import annotations

import pytest

from meetingctl.cli import main


@pytest.fixture
def cli(engine_url, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", engine_url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, _, err = run(
        "init",
        "--template",
        "blank",
        "--title",
        "T",
        "--start",
        "2021-04-26",
        "--tz",
        "America/Santiago",
    )
    assert code == 0, err
    return run


@pytest.mark.parametrize(
    ("date_text", "reason"),
    [
        ("2021-02-30", "February 2021 has 28 days"),
        ("2024-04-31", "April 2024 has 30 days"),
        ("2021-13-01", "there is no month 13"),
    ],
)
def test_impossible_dates_say_they_do_not_exist(cli, date_text, reason) -> None:
    code, _, err = cli(
        "session",
        "add",
        "--kind",
        "plenary",
        "--title",
        "P",
        "--date",
        date_text,
        "--start",
        "10:00",
        "--duration",
        "1h",
    )
    assert code == 2 and f"'{date_text}' does not exist: {reason}" in err
    assert "YYYY-MM-DD" not in err
    code, _, err = cli(
        "session",
        "add",
        "--kind",
        "plenary",
        "--title",
        "P",
        "--date",
        "26/04/2021",
        "--start",
        "10:00",
        "--duration",
        "1h",
    )
    assert code == 2 and "use YYYY-MM-DD" in err


def test_init_and_clock_report_impossible_values(cli, engine_url, capsys) -> None:
    assert main(["--db", engine_url, "init", "--title", "U", "--start", "2023-02-29"]) == 2
    assert "February 2023 has 28 days" in capsys.readouterr().err
    code, _, err = cli(
        "session",
        "add",
        "--kind",
        "plenary",
        "--title",
        "P",
        "--day",
        "1",
        "--start",
        "24:30",
        "--duration",
        "1h",
    )
    assert code == 2 and "'24:30' does not exist" in err


def test_resize_errors_and_confirmations_are_local(cli) -> None:
    code, out, _ = cli(
        "session",
        "add",
        "--kind",
        "plenary",
        "--title",
        "P",
        "--day",
        "1",
        "--start",
        "09:00",
        "--end",
        "10:00",
    )
    assert code == 0
    session_id = out.split("#", 1)[1].split()[0]
    code, _, err = cli("session", "resize", session_id, "--end", "00:30")
    assert code == 2
    assert "--end 00:30 is not after the start 09:00 on 2021-04-26" in err
    assert "America/Santiago, UTC-04:00" in err and "13:00" not in err
    code, out, _ = cli("session", "resize", session_id, "--end", "11:15")
    assert code == 0 and "09:00-11:15 America/Santiago (UTC-04:00)" in out
    code, out, _ = cli("session", "resize", session_id, "--end", "16:00", "--tz", "UTC")
    assert code == 0 and "13:00-16:00 UTC (UTC+00:00)" in out
    code, out, _ = cli("session", "move", session_id, "--by", "+30")
    assert code == 0 and "09:30-12:30 America/Santiago (UTC-04:00)" in out


def test_operations_report_bad_times_in_the_home_zone(db_factory) -> None:
    from datetime import UTC, datetime

    from agenda.model.errors import ValidationError
    from agenda.model.uow import transaction
    from agenda.programme import operations as ops
    from agenda.programme.templates import build_meeting

    with transaction(db_factory) as db:
        meeting = build_meeting(
            "blank",
            title_en="T",
            start=datetime(2021, 4, 26).date(),
            days=1,
            home_tz="America/Santiago",
        )
        db.add(meeting)
        db.flush()
        with pytest.raises(ValidationError) as error:
            ops.add_session(
                db,
                meeting,
                kind="plenary",
                title_en="P",
                start=datetime(2021, 4, 26, 13, tzinfo=UTC),
                end=datetime(2021, 4, 26, 12, tzinfo=UTC),
                actor="t",
            )
    assert "start 2021-04-26 09:00, end 2021-04-26 08:00 America/Santiago, UTC-04:00" in str(
        error.value
    )
