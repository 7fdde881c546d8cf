"""ECLAC facts the balance rules and the annex rely on: associate members (French Guiana since
2018, Bermuda in the Caribbean sub-region), the two SIDS lists, San Martín = Sint Maarten."""

from __future__ import annotations

import pytest

from agenda import reference as ref
from agenda.people.normalize import normalize_country

OHRLLS_ONLY = {"BM", "KY", "GP", "MQ", "TC"}


def test_bermuda_is_m49_northern_america_but_eclac_caribbean() -> None:
    bermuda = ref.country("BM")
    assert bermuda.region == ref.NORTHERN_AMERICA
    assert bermuda.eclac_subregion == "caribbean"
    assert bermuda.eclac_status == ref.ECLAC_ASSOCIATE


def test_french_guiana_is_an_associate_member() -> None:
    assert ref.country("GF").eclac_status == ref.ECLAC_ASSOCIATE


def test_the_two_sids_lists_differ_as_published() -> None:
    lac = ref.lac_countries()
    m49 = {c.iso2 for c in lac if ref.is_sids(c, "m49")}
    ohrlls = {c.iso2 for c in lac if ref.is_sids(c, "ohrlls")}
    assert ohrlls - m49 == OHRLLS_ONLY
    assert m49 - ohrlls == {"BQ"}
    assert ref.is_sids("BQ") and not ref.is_sids("BQ", "ohrlls")
    assert ref.is_sids("jm", "ohrlls")


def test_an_unknown_sids_list_is_refused() -> None:
    with pytest.raises(ValueError, match="m49, ohrlls"):
        ref.is_sids("JM", "aosis")


def test_san_martin_is_sint_maarten_as_eclac_writes_it() -> None:
    assert normalize_country("San Martín") == "SX"
    assert ref.country("SX").eclac_status == ref.ECLAC_ASSOCIATE
    assert normalize_country("Saint-Martin") == "MF"
