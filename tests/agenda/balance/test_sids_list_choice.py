"""`[balance] sids_list` chooses which list of small island developing States the SIDS rules
count: UNSD M49 (the default) or UN-OHRLLS (adds Bermuda, the Cayman Islands, Guadeloupe,
Martinique and Turks and Caicos; leaves out Bonaire, Sint Eustatius and Saba)."""

from __future__ import annotations

import pytest

from agenda.balance.snapshot import person_facts


@pytest.mark.parametrize(
    ("country", "m49", "ohrlls"),
    [("BM", False, True), ("KY", False, True), ("MQ", False, True), ("JM", True, True)],
)
def test_a_speaker_counts_as_sids_by_the_chosen_list(country: str, m49: bool, ohrlls: bool) -> None:
    def facts(list_name: str) -> bool:
        return person_facts(1, "A", "woman", country, "member_state", sids_list=list_name).sids

    assert facts("m49") is m49
    assert facts("ohrlls") is ohrlls
    assert person_facts(1, "A", "woman", country, "member_state").sids is m49  # the default


def test_the_balance_model_reads_the_list_from_the_settings(db_factory) -> None:
    from types import SimpleNamespace

    from agenda.balance import BalanceModel
    from agenda.model.orm import Person
    from agenda.model.uow import transaction
    from meetingctl.demo import create_demo

    with transaction(db_factory) as db:
        meeting = create_demo(db, people_count=20, year=2021)
        db.flush()
        person = db.query(Person).first()
        assert person is not None
        person.country = "BM"
        db.flush()
        default = BalanceModel.from_db(db, meeting.id)
        chosen = BalanceModel.from_db(db, meeting.id, SimpleNamespace(sids_list="ohrlls", rules={}))
        assert default.snapshot.people[person.id].sids is False
        assert chosen.snapshot.people[person.id].sids is True
