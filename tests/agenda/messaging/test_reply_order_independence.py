"""Replies applied in any order end on the same status as replies applied in (SEQUENCE,
DTSTAMP) order, and applying one twice changes nothing (hypothesis over the real rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agenda.messaging.replies import ReplyItem, parse_message
from agenda.messaging.reply_build import reply_message
from agenda.messaging.reply_rules import AssignmentFacts, Outcome, ReplyFacts, decide
from agenda.model.enums import InvitationStatus

ADDRESS = "ana@example.org"
BASE = datetime(2026, 12, 1, 8, tzinfo=UTC)


def _item(partstat: str, sequence: int, minutes: int, comment: str) -> ReplyItem:
    return ReplyItem(
        message_id="<m@x>",
        sender=ADDRESS,
        method="REPLY",
        uid="u@x",
        sequence=sequence,
        stamp=BASE + timedelta(minutes=minutes),
        attendee=ADDRESS,
        partstat=partstat,
        comment=comment,
    )


def _run(items: list[ReplyItem]) -> tuple[InvitationStatus, int]:
    """Apply ``items`` one by one the way the reply store does; (final status, rows kept)."""
    status = InvitationStatus.INVITED
    recorded: set[str] = set()
    last: tuple[int, datetime, str] | None = None
    for item in items:
        facts = ReplyFacts(
            session_id=1,
            person_id=1,
            addresses=frozenset({ADDRESS}),
            assignments=(AssignmentFacts(7, status),),
            last_applied=last,
            already_recorded=item.fingerprint in recorded,
        )
        decision = decide(item, facts)
        if decision.outcome == Outcome.DUPLICATE:
            continue
        recorded.add(item.fingerprint)
        if decision.outcome == Outcome.APPLIED:
            last = item.order_key
            for _, target in decision.changes:
                status = target
    return status, len(recorded)


replies = st.lists(
    st.builds(
        _item,
        st.sampled_from(["ACCEPTED", "DECLINED", "TENTATIVE"]),
        st.integers(0, 2),
        st.integers(0, 5),  # few distinct stamps: ties happen
        st.sampled_from(["", "ok", "sorry"]),
    ),
    min_size=1,
    max_size=8,
)


@given(replies, st.randoms(use_true_random=False))
def test_any_arrival_order_ends_like_sequence_then_dtstamp_order(items, rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    in_order = sorted(items, key=lambda i: i.order_key)
    assert _run(shuffled) == _run(in_order)
    newest = max(items, key=lambda i: i.order_key)
    assert _run(shuffled)[0].value == newest.partstat.lower()


@given(replies)
def test_every_reply_twice_is_the_same_as_once(items) -> None:  # type: ignore[no-untyped-def]
    assert _run(items + items) == _run(items)


def test_outlook_style_reply_with_a_localized_subject_is_read_from_its_calendar_part() -> None:
    raw = reply_message(
        uid="u@x", attendee=ADDRESS, subject="Aceptado: Mesa redonda", partstat="TENTATIVE"
    )
    (item,) = parse_message(raw).items
    assert (item.method, item.partstat, item.uid, item.attendee) == (
        "REPLY",
        "TENTATIVE",
        "u@x",
        ADDRESS,
    )


def test_a_message_without_a_reply_holds_no_items() -> None:
    raw = b"From: a@b.org\r\nSubject: hello\r\n\r\nno calendar here\r\n"
    assert parse_message(raw).items == ()


def test_an_unreadable_calendar_part_is_reported_not_raised() -> None:
    raw = (
        b"From: a@b.org\r\nContent-Type: text/calendar; method=REPLY\r\n\r\n"
        b"BEGIN:VCALENDAR\r\nthis is not ical\r\n"
    )
    parsed = parse_message(raw)
    assert parsed.items == ()
    assert parsed.problems
