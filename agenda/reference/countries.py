"""Countries and territories: the LAC region, non-regional ECLAC members and the rest of ISO 3166.

Latin America and the Caribbean and the 13 non-regional ECLAC members come from the packaged
``countries.csv`` (UN-style English and Spanish names, M49 region, ECLAC status, LDC/LLDC/SIDS
flags, IANA zones). Every other ISO 3166-1 country is built from CLDR (Babel) names with the UN
overrides in ``un_country_names.json``, ISO alpha-3 and M49 codes from CLDR's code aliases,
zones from ``pytz.country_timezones`` and official languages from CLDR.
"""

from __future__ import annotations

from functools import cache

import pytz
from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages

from agenda.reference._files import read_csv, read_json
from agenda.reference.models import (
    ECLAC_MEMBER,
    ECLAC_OTHER,
    LAC_REGIONS,
    NON_REGIONAL,
    SIDS_LISTS,
    Country,
    Region,
)

# CLDR keeps withdrawn codes as aliases too; these are the current ISO 3166-1 codes.
_ISO3_CURRENT = {"MM": "MMR", "CD": "COD", "DE": "DEU", "FR": "FRA", "TL": "TLS", "YE": "YEM"}
_M49_CURRENT = {"ET": "231", "DE": "276", "SD": "729", "YE": "887", "FR": "250"}
_REGION_NAMES_ES = {
    "Caribbean": "Caribe",
    "Central America": "Centroamérica",
    "South America": "América del Sur",
}


def _flag(text: str) -> bool:
    return text.strip() in {"1", "true", "yes"}


def _zones_for(iso2: str) -> tuple[str, ...]:
    return tuple(pytz.country_timezones.get(iso2, ()))


def _packaged_countries() -> list[Country]:
    result = []
    for row in read_csv("countries.csv"):
        iso2 = row["iso2"]
        zones = tuple(row["zones"].split()) or _zones_for(iso2)
        result.append(
            Country(
                iso2=iso2,
                iso3=row["iso3"],
                m49=row["m49"],
                name_en=row["name_en"],
                name_es=row["name_es"],
                region=row["region"],
                eclac_subregion=row["eclac_subregion"],
                eclac_status=row["eclac_status"],
                ldc=_flag(row["ldc"]),
                lldc=_flag(row["lldc"]),
                sids=_flag(row["sids"]),
                zones=zones,
                capital_zone=row["capital_zone"] or None,
                languages=tuple(row["languages"].split()),
                in_lac=row["region"] != NON_REGIONAL,
                sids_ohrlls=_flag(row.get("sids_ohrlls") or ""),
            )
        )
    return result


def _cldr_code_maps() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-3 and M49 numeric codes per alpha-2 code, from CLDR territory aliases."""
    iso3: dict[str, str] = {}
    m49: dict[str, str] = {}
    for alias, targets in get_global("territory_aliases").items():
        if len(targets) != 1 or len(targets[0]) != 2:
            continue
        target = targets[0]
        if alias.isdigit():
            m49.setdefault(target, alias)
        elif len(alias) == 3 and alias.isalpha():
            iso3.setdefault(target, alias)
    iso3.update(_ISO3_CURRENT)
    m49.update(_M49_CURRENT)
    return iso3, m49


def _world_countries(known: set[str]) -> list[Country]:
    en, es = Locale("en"), Locale("es")
    overrides: dict[str, dict[str, str]] = read_json("un_country_names.json")
    iso3, m49 = _cldr_code_maps()
    result = []
    for iso2 in sorted(pytz.country_names):
        if iso2 in known:
            continue
        names = overrides.get(iso2, {})
        zones = _zones_for(iso2)
        result.append(
            Country(
                iso2=iso2,
                iso3=iso3.get(iso2, ""),
                m49=m49.get(iso2, ""),
                name_en=names.get("en") or en.territories.get(iso2, pytz.country_names[iso2]),
                name_es=names.get("es") or es.territories.get(iso2, pytz.country_names[iso2]),
                region=NON_REGIONAL,
                eclac_subregion="",
                eclac_status=ECLAC_OTHER,
                ldc=False,
                lldc=False,
                sids=False,
                zones=zones,
                capital_zone=zones[0] if len(zones) == 1 else None,
                languages=tuple(get_official_languages(iso2, de_facto=True)),
                in_lac=False,
            )
        )
    return result


@cache
def countries() -> tuple[Country, ...]:
    """Every country: LAC first (as packaged), then non-regional ECLAC members, then the rest.

    LDC/LLDC/SIDS flags are only maintained for Latin America and the Caribbean; other
    countries carry ``False``.
    """
    packaged = _packaged_countries()
    return tuple(packaged + _world_countries({item.iso2 for item in packaged}))


@cache
def _by_code() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for item in countries():
        index[item.iso2] = item
    return index


def country(iso2: str) -> Country:
    """The country with ISO 3166-1 alpha-2 code ``iso2`` (case-insensitive).

    Raises KeyError with a message that suggests ``agenda.people.normalize.normalize_country`` for
    names.
    """
    code = (iso2 or "").strip().upper()
    found = _by_code().get(code)
    if found is None:
        raise KeyError(
            f"unknown country code {iso2!r}: expected an ISO 3166-1 alpha-2 code such as 'MX' or "
            "'BO'; use agenda.people.normalize.normalize_country() to resolve a name or ISO3 code"
        )
    return found


def lac_countries() -> tuple[Country, ...]:
    """Countries and territories of Latin America and the Caribbean (incl. Bermuda)."""
    return tuple(item for item in countries() if item.in_lac)


def lac_member_states() -> tuple[Country, ...]:
    """The 33 ECLAC member States of Latin America and the Caribbean."""
    return tuple(item for item in lac_countries() if item.eclac_status == ECLAC_MEMBER)


@cache
def regions() -> tuple[Region, ...]:
    """The three M49 intermediate regions of LAC with their ECLAC member States."""
    members = lac_member_states()
    return tuple(
        Region(
            key=key,
            name_en=key,
            name_es=_REGION_NAMES_ES[key],
            member_states=tuple(item.iso2 for item in members if item.region == key),
        )
        for key in LAC_REGIONS
    )


def region(key: str) -> Region:
    """The LAC region ``key`` (Caribbean, Central America, South America)."""
    for item in regions():
        if item.key == key:
            return item
    raise KeyError(f"unknown region {key!r}; valid regions: {', '.join(LAC_REGIONS)}")


def is_sids(item: Country | str, list_name: str = "m49") -> bool:
    """True when ``item`` (a Country or an ISO2 code) is a small island developing State on
    the list ``list_name``: ``"m49"`` (UNSD M49, the default) or ``"ohrlls"`` (UN-OHRLLS, which
    adds Bermuda, Cayman Islands, Guadeloupe, Martinique and Turks and Caicos and leaves out
    Bonaire, Sint Eustatius and Saba). Flags are kept for Latin America and the Caribbean only.

    Raises ValueError for another list name.
    """
    if list_name not in SIDS_LISTS:
        raise ValueError(f"unknown SIDS list {list_name!r}: use one of {', '.join(SIDS_LISTS)}")
    found = country(item) if isinstance(item, str) else item
    return found.sids_ohrlls if list_name == "ohrlls" else found.sids
