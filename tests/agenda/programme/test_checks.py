"""Table-driven tests for every agenda rule, on in-memory objects (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import pytest

from agenda.model.enums import InvitationStatus, Role, SessionKind
from agenda.model.orm import Meeting, Person, RoleAssignment, Session
from agenda.programme.checks import RULE_IDS, CheckSettings, check_programme, summary
from agenda.time.slots import Window

ALL_TABLES = [
    [1, 3, 17, 23],
    [2, 7, 8, 12, 13, 23],
    [9, 10, 11, 14, 21, 23],
    [5, 6, 18, 19, 20, 23],
    [4, 15, 16, 22, 23],
]


def meeting(template: str = "gcm-regional-review") -> Meeting:
    return Meeting(
        id=1,
        slug="m",
        title_en="M",
        home_tz="America/Santiago",
        start_date=date(2021, 4, 26),
        days=2,
        template=template,
    )


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC time on meeting day ``day`` (Santiago is UTC-4 in April 2021)."""
    return (
        datetime(2021, 4, 25 + day, hour + 4, minute, tzinfo=UTC)
        if hour + 4 < 24
        else (datetime(2021, 4, 25 + day, 0, minute, tzinfo=UTC) + timedelta(hours=hour + 4))
    )


def person(pid: int, country: str = "CL", tz: str | None = None) -> Person:
    return Person(id=pid, given_name=f"P{pid}", family_name="X", country=country, timezone=tz)


def session(
    sid: int,
    start: datetime,
    minutes: int = 60,
    *,
    kind: SessionKind = SessionKind.PLENARY,
    track: str = "",
    objectives: list[int] | None = None,
    roles: list[tuple[Person, Role]] | None = None,
    speaking: int | None = None,
    status: InvitationStatus = InvitationStatus.CONFIRMED,
) -> Session:
    s = Session(
        id=sid,
        uid=f"u{sid}",
        kind=kind,
        title_en=f"S{sid}",
        start=start,
        end=start + timedelta(minutes=minutes),
        track=track,
    )
    s.set_objectives(objectives or [])
    for index, (who, role) in enumerate(roles or []):
        s.assignments.append(
            RoleAssignment(
                id=sid * 100 + index,
                person_id=who.id,
                person=who,
                role=role,
                status=status,
                speaking_minutes=speaking,
            )
        )
    return s


def tables(moderated: bool = True) -> list[Session]:
    return [
        session(
            100 + i,
            at(1, 9 + i),
            55,
            kind=SessionKind.ROUND_TABLE,
            objectives=objs,
            roles=[(person(900 + i), Role.MODERATOR)] if moderated else [],
        )
        for i, objs in enumerate(ALL_TABLES)
    ]


def ids(findings, rule):
    return sorted(
        (f.session_ids, f.person_ids, f.objectives) for f in findings if f.rule_id == rule
    )


def test_clean_programme_has_no_findings():
    assert check_programme(meeting(), tables()) == []


P1, P2 = person(1), person(2)
CASES = [
    # (rule, sessions, expected (session_ids, person_ids, objectives) tuples)
    ("end-before-start", [session(1, at(1, 10), 0)], [((1,), (), ())]),
    ("end-before-start", [session(1, at(1, 10), 30)], []),
    ("outside-day", [session(1, at(3, 10))], [((1,), (), ())]),
    ("outside-day", [session(1, at(0, 10))], [((1,), (), ())]),
    ("outside-day", [session(1, at(-13, 10), kind=SessionKind.STAKEHOLDER_CONSULTATION)], []),
    ("outside-day", [session(1, at(-1, 10), kind=SessionKind.PREPARATORY)], []),
    ("outside-day", [session(1, at(1, 23), 120)], [((1,), (), ())]),
    ("outside-day", [session(1, at(1, 23), 60)], []),
    ("overlap-track", [session(1, at(1, 9), 60), session(2, at(1, 9, 59))], [((1, 2), (), ())]),
    ("overlap-track", [session(1, at(1, 9), 60), session(2, at(1, 10))], []),
    ("overlap-track", [session(1, at(1, 9), 60, track="A"), session(2, at(1, 9), track="B")], []),
    (
        "overlap-track",
        [session(1, at(1, 9), 180), session(2, at(1, 10)), session(3, at(1, 11))],
        [((1, 2), (), ()), ((1, 3), (), ())],
    ),
    (
        "person-double-booked",
        [
            session(1, at(1, 9), roles=[(P1, Role.PANELLIST)]),
            session(2, at(1, 9, 30), track="B", roles=[(P1, Role.CHAIR), (P2, Role.PANELLIST)]),
        ],
        [((1, 2), (1,), ())],
    ),
    (
        "person-double-booked",
        [session(1, at(1, 9), roles=[(P1, Role.PANELLIST), (P1, Role.RAPPORTEUR)])],
        [],
    ),
    (
        "person-double-booked",
        [
            session(1, at(1, 9), roles=[(P1, Role.PANELLIST)]),
            session(
                2,
                at(1, 9, 30),
                track="B",
                roles=[(P1, Role.CHAIR)],
                status=InvitationStatus.DECLINED,
            ),
        ],
        [],
    ),
    (
        "interventions-overrun",
        [session(1, at(1, 9), 30, roles=[(P1, Role.PANELLIST), (P2, Role.PANELLIST)], speaking=16)],
        [((1,), (1, 2), ())],
    ),
    (
        "interventions-overrun",
        [session(1, at(1, 9), 30, roles=[(P1, Role.PANELLIST), (P2, Role.PANELLIST)], speaking=15)],
        [],
    ),
    # Mexico City is UTC-5 in April 2021: 08:00 Santiago = 07:00 there, inside the window.
    ("out-of-hours", [session(1, at(1, 8), roles=[(person(1, "MX"), Role.PANELLIST)])], []),
    # 07:30 Santiago = 06:30 Mexico City: outside; Santiago participant (not speaking) ignored.
    (
        "out-of-hours",
        [
            session(
                1,
                at(1, 7, 30),
                roles=[
                    (person(1, "MX"), Role.PANELLIST),
                    (person(2, "MX"), Role.PARTICIPANT),
                    (person(3, "CL"), Role.CHAIR),
                ],
            )
        ],
        [((1,), (1,), ())],
    ),
    # own zone beats the country: a Chilean living in Tokyo
    (
        "out-of-hours",
        [session(1, at(1, 10), roles=[(person(1, "CL", "Asia/Tokyo"), Role.CHAIR)])],
        [((1,), (1,), ())],
    ),
    (
        "out-of-hours",
        [session(1, at(1, 21, 30), roles=[(person(1, "CL"), Role.CHAIR)])],
        [((1,), (1,), ())],
    ),
]


@pytest.mark.parametrize(("rule", "sessions", "expected"), CASES)
def test_rule_table(rule, sessions, expected):
    findings = check_programme(meeting(), sessions)
    assert ids(findings, rule) == sorted(expected)
    for finding in findings:
        assert finding.message and finding.message_es and finding.message != finding.message_es


def test_coverage_rules():
    programme = tables()
    programme[0].set_objectives([1, 3, 23])  # drops 17
    programme[1].set_objectives([2, 7, 8, 12, 13, 1])  # 1 twice, no 23
    findings = check_programme(meeting(), programme)
    assert ids(findings, "coverage-missing") == [((), (), (17,))]
    assert ids(findings, "coverage-cross-cutting") == [((101,), (), (23,))]
    assert ids(findings, "coverage-duplicate") == [((100, 101), (), (1,))]
    assert "17" in next(f for f in findings if f.rule_id == "coverage-missing").message


def test_imrf_cross_cutting_is_informative_only():
    programme = tables()
    programme[2].set_objectives([9, 10, 11, 14, 21])
    findings = check_programme(meeting("imrf"), programme)
    assert [(f.rule_id, f.severity) for f in findings] == [("coverage-cross-cutting", "info")]


def test_moderator_missing_only_for_round_tables():
    programme = tables(moderated=False)[:1] + [session(5, at(2, 9), kind=SessionKind.CLOSING)]
    findings = check_programme(meeting(), programme)
    assert ids(findings, "moderator-missing") == [((100,), (), ())]
    withdrawn = tables()[:1]
    withdrawn[0].assignments[0].status = InvitationStatus.WITHDRAWN
    assert ids(check_programme(meeting(), withdrawn), "moderator-missing") == [((100,), (), ())]


def test_severity_overrides_and_off():
    programme = [session(1, at(1, 9), 60, track="B"), session(2, at(1, 9, 30), track="B")]
    programme += tables()
    settings = CheckSettings(severities={"overlap-track": "info", "moderator-missing": "off"})
    findings = check_programme(meeting(), programme, settings)
    assert [(f.rule_id, f.severity) for f in findings] == [("overlap-track", "info")]
    assert summary(findings) == {"error": 0, "warning": 0, "info": 1}
    with pytest.raises(KeyError, match="unknown agenda rule"):
        check_programme(meeting(), programme, CheckSettings(severities={"nope": "error"}))


def test_window_from_config_object():
    config = SimpleNamespace(
        working_hours_start="09:00",
        working_hours_end="18:00",
        rules={"out-of-hours": SimpleNamespace(severity="error")},
    )
    settings = CheckSettings.from_config(config)
    assert settings.window == Window(time(9), time(18))
    late = [session(1, at(1, 17, 30), roles=[(person(1, "CL"), Role.PANELLIST)])]
    [finding] = [
        f for f in check_programme(meeting(), late, settings) if f.rule_id == "out-of-hours"
    ]
    assert (finding.rule_id, finding.severity) == ("out-of-hours", "error")


def test_findings_are_sorted_errors_first_and_rule_ids_are_known():
    programme = [session(1, at(1, 9), 60), session(2, at(1, 9, 30))]
    findings = check_programme(meeting(), programme)
    assert findings[0].severity == "error"
    assert {f.rule_id for f in findings} <= set(RULE_IDS)
    assert findings[0].to_dict()["message"]["es"].startswith("#1")
