"""The invitation is personal: honorific and name agreeing with the gender, the person's role in
the session, their local time and zone, the video link and the interpretation languages."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from agenda.messaging.invitations import (
    MeetingView,
    Organizer,
    RecipientView,
    SessionView,
    build_message,
)
from agenda.model.enums import MessageKind

MEETING = MeetingView("Regional review", "Examen regional", "America/Santiago", "es", ("es", "en"))
SESSION = SessionView(
    "uid-1@example.org",
    "Round table 1",
    "Mesa redonda 1",
    datetime(2021, 4, 26, 14, tzinfo=UTC),
    datetime(2021, 4, 26, 15, 30, tzinfo=UTC),
    video_url="https://zoom.us/j/123",
)
ORGANIZER = Organizer("secretariat@example.org", "Secretariat", "example.org")


def _plain(recipient: RecipientView, kind: MessageKind = MessageKind.INVITATION) -> str:
    message = build_message(
        MEETING, SESSION, recipient, kind, ORGANIZER, now=datetime(2021, 4, 1, tzinfo=UTC), key="k"
    )
    parsed = message_from_bytes(message.mime, policy=policy.default)
    return str(parsed.get_body(("plain",)).get_content())  # type: ignore[union-attr]


def _person(languages: tuple[str, ...], gender: str | None, honorific: str, role: str):  # type: ignore[no-untyped-def]
    return RecipientView(
        1,
        "Ana Pérez",
        "ana@example.org",
        languages,
        "America/Lima",
        (role,),
        "PE",
        honorific,
        gender,
    )


def test_spanish_invitation_to_a_woman_moderator() -> None:
    text = _plain(_person(("es",), "woman", "Dr.", "moderator"))
    assert text.startswith("Estimada Dra. Ana Pérez:")
    assert "Participa en calidad de moderadora." in text
    assert "Su hora (America/Lima): lunes 26 de abril de 2021, 09:00–10:30 (GMT-05:00)" in text
    assert "Unirse en línea: https://zoom.us/j/123" in text
    assert "Interpretación simultánea: español e inglés." in text


def test_english_invitation_to_a_man_and_neutral_spanish_when_gender_unknown() -> None:
    english = _plain(_person(("en",), "man", "Sr.", "panellist"))
    assert english.startswith("Dear Mr. Ana Pérez,")
    assert "You take part as panellist." in english
    assert "Simultaneous interpretation: Spanish and English." in english
    neutral = _plain(_person(("es",), None, "", "rapporteur"))
    assert neutral.startswith("Estimado/a Ana Pérez:")
    assert "Participa en calidad de relator(a)." in neutral


@pytest.mark.parametrize("kind", [MessageKind.CANCELLATION])
def test_a_cancellation_states_no_role(kind: MessageKind) -> None:
    text = _plain(_person(("es",), "woman", "", "moderator"), kind)
    assert "en calidad de" not in text and "Interpretación" not in text


def test_french_and_portuguese_invitations_with_their_date_formats() -> None:
    french = _plain(_person(("fr", "es"), "woman", "Dr.", "moderator"))
    assert french.startswith("Chère Dre Ana Pérez,")
    assert "Nous avons le plaisir de vous inviter à la séance « Round table 1 »" in french
    assert "Vous y participez en qualité de modératrice." in french
    assert "Votre heure (America/Lima) : lundi 26 avril 2021, 09:00–10:30" in french or (
        "Votre heure (America/Lima): lundi 26 avril 2021, 09:00–10:30" in french
    )
    assert "Interprétation simultanée : espagnol et anglais." in french
    portuguese = _plain(_person(("pt-BR",), "man", "Mr.", "rapporteur"))
    assert portuguese.startswith("Prezado Sr. Ana Pérez,")
    assert "Você participa na qualidade de relator." in portuguese
    assert "segunda-feira, 26 de abril de 2021" in portuguese
    assert "Interpretação simultânea: espanhol e inglês." in portuguese


def test_subjects_of_every_kind_in_french_and_portuguese() -> None:
    from agenda.i18n.invite import InviteKind, subject_for

    assert subject_for(InviteKind.CANCELLATION, "fr", "T", "M") == "Annulation : T (M)"
    assert subject_for(InviteKind.REMINDER_1H, "pt", "T", "M") == "Lembrete: T começa em 1 hora (M)"


def test_dutch_for_a_surinamese_official() -> None:
    dutch = _plain(_person(("nl-SR", "en"), "man", "H.E.", "chair"))
    assert dutch.startswith("Geachte Z.E. Ana Pérez,")
    assert "Wij nodigen u uit voor de sessie ‘Round table 1’" in dutch
    assert "U neemt deel als voorzitter." in dutch and "maandag 26 april 2021" in dutch
