"""The pure site builder: each [site] flag shows exactly its own data, whatever the others say,
private fields never appear, and any text people typed is escaped."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.messaging.invitations import Organizer
from agenda.model.enums import Gender, InvitationStatus, Modality, SessionKind
from agenda.model.orm import Organization, Person, StakeholderInput
from agenda.programme.published import ProgrammeSnapshot, SnapshotPerson, SnapshotSession
from agenda.site.model import MeetingInfo, SiteOptions, SiteSource
from agenda.site.render import FeedContext, build_site

STAMP = datetime(2025, 4, 1, 12, 0, tzinfo=UTC)
VIDEO = "https://video.example.org/room-42"
EMAIL = "speaker@example.org"
NOTE = "PRIVATE-NOTE-1234"


def _source(name: str = "Rosa Lima", text: str = "An input") -> SiteSource:
    person = Person(
        id=7,
        given_name=name,
        family_name="",
        gender=Gender.WOMAN,
        country="PE",
        email=EMAIL,
        category="civil_society",
        is_youth=True,
        notes=NOTE,
        accessibility=NOTE,
        organization=Organization(name="Red Andina", category="civil_society"),
    )
    session = SnapshotSession(
        uid="rt1@site.invalid",
        start=datetime(2025, 4, 28, 14, 15, tzinfo=UTC),
        end=datetime(2025, 4, 28, 15, 45, tzinfo=UTC),
        title_en="Round table 1",
        title_es="Mesa redonda 1",
        video_url=VIDEO,
        people=(SnapshotPerson(7, "panellist", InvitationStatus.CONFIRMED, EMAIL),),
        id=1,
        kind=SessionKind.ROUND_TABLE,
        objectives=(1, 23),
    )
    return SiteSource(
        meeting=MeetingInfo(
            "Review",
            "Examen",
            "America/Santiago",
            date(2025, 4, 28),
            2,
            Modality.HYBRID,
            venue="CEPAL, Santiago",
        ),
        programme=ProgrammeSnapshot((session,)),
        version=3,
        people={7: person},
        inputs=(
            StakeholderInput(
                organization="Colectivo", category="migrants", objectives=[1], text=text
            ),
        ),
        participants=(person,),
        zones=("America/Lima", "America/Santiago"),
    )


def _build(source: SiteSource, **flags: bool) -> dict[str, bytes]:
    feeds = FeedContext(Organizer("secretariat@example.org", "Secretariat", "example.org"), STAMP)
    return build_site(source, SiteOptions(**flags), feeds)


def _all_text(files: dict[str, bytes]) -> str:
    return "\n".join(data.decode("utf-8") for data in files.values())


@pytest.mark.parametrize(
    ("participants", "video", "emails"), list(itertools.product((False, True), repeat=3))
)
def test_each_flag_shows_only_its_own_data(participants: bool, video: bool, emails: bool) -> None:
    files = _build(
        _source(), show_participants=participants, show_video_links=video, show_emails=emails
    )
    text = _all_text(files)
    assert ("en/participants.html" in files) is participants
    assert ("es/participants.html" in files) is participants
    assert (VIDEO in text) is video
    assert (EMAIL in text) is emails
    assert NOTE not in text
    assert "Rosa Lima (Red Andina, Peru)" in files["en/programme.html"].decode()


def test_home_page_gives_dates_modality_and_venue() -> None:
    home = _build(_source())["es/index.html"].decode()
    assert "28 de abril de 2025 – 29 de abril de 2025" in home
    assert "CEPAL, Santiago" in home


def test_same_version_gives_the_same_bytes() -> None:
    assert _build(_source()) == _build(_source())


@settings(max_examples=30)
@given(st.text(alphabet="<>&\"'ab /", min_size=1, max_size=30))
def test_typed_text_is_escaped_everywhere(typed: str) -> None:
    files = _build(_source(name=f"<script>{typed}", text=f"<img src=x>{typed}"))
    for name, data in files.items():
        if name.endswith(".html"):
            page = data.decode()
            assert "<script>" + typed not in page and "<img src=x>" not in page
