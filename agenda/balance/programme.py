"""Programme-wide aggregates kept up to date one assignment at a time.

Each person's active assignments are counted per group (speaker, keynote speaker, chair or
moderator, panel member); a person enters or leaves a group's tally only when their count
crosses zero, so one change costs a few dictionary updates instead of a full recount.
"""

from __future__ import annotations

from collections.abc import Iterable

from agenda.balance.composition import Composition, CompositionCounter
from agenda.balance.programme_checks import Tally, evaluate_tally
from agenda.balance.rules import RuleConfig, Violation
from agenda.balance.snapshot import PersonFacts, Slot
from agenda.model.enums import CHAIR_ROLES, Role

SPEAKER, KEYNOTE, CHAIR, PANEL = range(4)


def slot_groups(slot: Slot) -> tuple[bool, bool, bool, bool]:
    """Which programme groups an (active) slot puts its holder in."""
    return (
        slot.speaker,
        slot.role == Role.KEYNOTE_SPEAKER,
        slot.role in CHAIR_ROLES,
        slot.on_panel,
    )


class ProgrammeState:
    """Distinct speakers, keynote speakers, chairs and panel members of the whole programme."""

    def __init__(self, people: dict[int, PersonFacts], slots: Iterable[Slot]) -> None:
        self.people = people
        self.counts: dict[int, list[int]] = {}
        self.tally = Tally()
        self.panel = CompositionCounter()
        self.speakers = CompositionCounter()
        for slot in slots:
            self.account(slot, 1)

    def account(self, slot: Slot | None, sign: int) -> None:
        """Add (sign 1) or remove (sign -1) one slot; inactive slots count for nothing."""
        if slot is None or not slot.active:
            return
        counts = self.counts.setdefault(slot.person_id, [0, 0, 0, 0])
        for group, member in enumerate(slot_groups(slot)):
            if not member:
                continue
            before = counts[group]
            counts[group] += sign
            if (before == 0) != (counts[group] == 0):
                self._flip(self.people[slot.person_id], group, 1 if counts[group] else -1)

    def _flip(self, person: PersonFacts, group: int, sign: int) -> None:
        if group == SPEAKER:
            self.tally.speaker(person, sign)
            self.speakers.add(person, sign)
        elif group == KEYNOTE:
            self.tally.keynote(person, sign)
        elif group == CHAIR:
            self.tally.chair(person, sign)
        else:
            self.panel.add(person, sign)

    def replace_person(self, old: PersonFacts | None, new: PersonFacts) -> None:
        """A person's facts changed: move their contribution from ``old`` to ``new``."""
        counts = self.counts.get(new.id)
        if old is None or counts is None:
            return
        for group, count in enumerate(counts):
            if count:
                self._flip(old, group, -1)
                self._flip(new, group, 1)

    def result(self, rules: dict[str, RuleConfig]) -> tuple[Composition, tuple[Violation, ...]]:
        """Composition of the programme's panel members and the programme-rule violations."""
        return self.panel.freeze(), tuple(evaluate_tally(self.tally, rules))

    def speaker_composition(self) -> Composition:
        """Composition of the programme's distinct speakers (the people the rules count)."""
        return self.speakers.freeze()

    def membership(self, person_id: int) -> tuple[bool, ...]:
        """Which programme groups ``person_id`` is already counted in (speaker, keynote...).

        Adding a role changes the distinct-people tally only for groups the person is not in
        yet, so two people with equal profiles score the same in :meth:`trial` only when their
        memberships are equal too.
        """
        return tuple(bool(count) for count in self.counts.get(person_id, (0, 0, 0, 0)))

    def trial(
        self,
        rules: dict[str, RuleConfig],
        added: Slot,
        removed: Slot | None = None,
        explained: bool = True,
    ) -> list[Violation]:
        """Programme violations if ``added`` were added and ``removed`` removed (no change)."""
        tally = self.tally.copy()
        pending: dict[int, list[int]] = {}
        changes = [(added, 1)] + ([(removed, -1)] if removed is not None and removed.active else [])
        for slot, sign in changes:
            counts = pending.setdefault(
                slot.person_id, list(self.counts.get(slot.person_id, (0, 0, 0, 0)))
            )
            for group, member in enumerate(slot_groups(slot)):
                if member:
                    counts[group] += sign
        for person_id, counts in pending.items():
            person, before = self.people[person_id], self.counts.get(person_id, (0, 0, 0, 0))
            for group, apply in (
                (SPEAKER, tally.speaker),
                (KEYNOTE, tally.keynote),
                (CHAIR, tally.chair),
            ):
                if bool(before[group]) != bool(counts[group]):
                    apply(person, 1 if counts[group] else -1)
        return evaluate_tally(tally, rules, explained)
