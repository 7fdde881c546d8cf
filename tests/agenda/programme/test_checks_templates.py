"""The templates produce a programme whose only findings are the staffing still to do."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from agenda.model.uow import transaction
from agenda.programme.checks import check_programme
from agenda.programme.reading import agenda_document, load_sessions
from agenda.programme.templates import build_meeting
from meetingctl.demo import create_demo


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("gcm-regional-review", {("moderator-missing", "warning"): 5}),
        ("imrf", {("moderator-missing", "warning"): 4, ("coverage-cross-cutting", "info"): 3}),
        ("blank", {("coverage-missing", "warning"): 1}),
    ],
)
def test_template_findings(db_factory, template, expected):
    with transaction(db_factory) as db:
        meeting = build_meeting(
            template,
            title_en=f"T {template}",
            start=date(2025, 3, 18),
            days=2,
            home_tz="America/Santiago",
        )
        db.add(meeting)
        db.flush()
        findings = check_programme(meeting, load_sessions(db, meeting))
    assert Counter((f.rule_id, f.severity) for f in findings) == expected


def test_imrf_titles_are_not_doubled():
    meeting = build_meeting(
        "imrf", title_en="I", start=date(2025, 3, 18), days=2, home_tz="America/Santiago"
    )
    titles = [s.title_en for s in meeting.sessions if s.kind.value == "round_table"]
    assert titles[0] == "Round table 1: objectives 2, 5, 6, 12 and 18"


def test_demo_is_clean_and_document_has_local_times(db_factory):
    with transaction(db_factory) as db:
        meeting = create_demo(db, people_count=80, seed=3, year=2021)
        sessions = load_sessions(db, meeting)
        assert [
            f.rule_id for f in check_programme(meeting, sessions) if f.severity == "error"
        ] == []
        document = agenda_document(meeting, sessions, "UTC")
    role = next(r for s in document["sessions"] for r in s["roles"] if r["country"] == "CL")
    assert role["timezone"] == "America/Santiago"
    assert role["local_start"].endswith("-04:00")  # Chile's winter time from early April 2021
    assert document["sessions"][0]["start"].endswith("+00:00")
