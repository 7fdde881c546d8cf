"""Frozen value types for the packaged reference data (objectives, countries, stakeholders)."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("en", "es")

CARIBBEAN = "Caribbean"
CENTRAL_AMERICA = "Central America"
SOUTH_AMERICA = "South America"
NORTHERN_AMERICA = "Northern America"
NON_REGIONAL = "Non-regional"
LAC_REGIONS: tuple[str, ...] = (CARIBBEAN, CENTRAL_AMERICA, SOUTH_AMERICA)

ECLAC_MEMBER = "member"
ECLAC_ASSOCIATE = "associate"
ECLAC_OTHER = "other"
ECLAC_STATUSES: tuple[str, ...] = (ECLAC_MEMBER, ECLAC_ASSOCIATE, ECLAC_OTHER)
SIDS_LISTS: tuple[str, ...] = ("m49", "ohrlls")
"""Names of the SIDS lists: UNSD M49 (``Country.sids``) and UN-OHRLLS (``Country.sids_ohrlls``)."""


def _pick(lang: str, en: str, es: str) -> str:
    """Return the text for ``lang`` ('en' or 'es'); other languages fall back to English."""
    return es if lang.lower().startswith("es") else en


@dataclass(frozen=True, slots=True)
class Objective:
    """One of the 23 objectives of the Global Compact for Migration (A/RES/73/195)."""

    number: int
    title_en: str
    title_es: str
    short_en: str
    short_es: str
    thematic_areas: tuple[int, ...]
    imrf_round_table: int

    def title(self, lang: str = "en") -> str:
        """Full official title in ``lang``."""
        return _pick(lang, self.title_en, self.title_es)

    def short(self, lang: str = "en") -> str:
        """Short label in ``lang`` (as used by the UN Network on Migration hub)."""
        return _pick(lang, self.short_en, self.short_es)


@dataclass(frozen=True, slots=True)
class ThematicArea:
    """A thematic area of the UN migration multi-partner trust fund (concept note, annex 1)."""

    number: int
    title_en: str
    title_es: str
    objectives: tuple[int, ...]

    def title(self, lang: str = "en") -> str:
        """Title in ``lang``."""
        return _pick(lang, self.title_en, self.title_es)


@dataclass(frozen=True, slots=True)
class RoundTable:
    """One of the four round tables of the International Migration Review Forum 2022."""

    number: int
    title_en: str
    title_es: str
    objectives: tuple[int, ...]

    def title(self, lang: str = "en") -> str:
        """Title in ``lang``."""
        return _pick(lang, self.title_en, self.title_es)


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory with its codes, region, ECLAC status, flags and time zones.

    ``region`` is the M49 intermediate region for Latin America and the Caribbean
    (Caribbean, Central America incl. Mexico, South America; Bermuda is Northern America)
    and ``"Non-regional"`` for everything else. ``sids`` follows the UNSD M49 list.
    ``eclac_subregion`` is ECLAC's grouping (``caribbean``, ``central_america_mexico``,
    ``south_america``; empty outside the region): Bermuda is ``caribbean`` there although M49
    places it in Northern America. Balance and the report use the ECLAC sub-region.
    ``sids_ohrlls`` follows the UN-OHRLLS list of small island developing States (adds
    Bermuda, Cayman Islands, Guadeloupe, Martinique, Turks and Caicos; not Bonaire, Sint
    Eustatius and Saba); :func:`agenda.reference.is_sids` picks a list by name.
    """

    iso2: str
    iso3: str
    m49: str
    name_en: str
    name_es: str
    region: str
    eclac_subregion: str
    eclac_status: str
    ldc: bool
    lldc: bool
    sids: bool
    zones: tuple[str, ...]
    capital_zone: str | None
    languages: tuple[str, ...]
    in_lac: bool
    sids_ohrlls: bool = False

    def name(self, lang: str = "en") -> str:
        """Name in ``lang``: UN-style English/Spanish, CLDR (Babel) for other languages."""
        low = lang.lower()
        if low.startswith("en"):
            return self.name_en
        if low.startswith("es"):
            return self.name_es
        from babel import Locale, UnknownLocaleError

        try:
            return str(Locale.parse(lang).territories.get(self.iso2, self.name_en))
        except (UnknownLocaleError, ValueError):
            return self.name_en

    @property
    def is_eclac_member(self) -> bool:
        """True for the 46 ECLAC member States (regional and non-regional)."""
        return self.eclac_status == ECLAC_MEMBER


@dataclass(frozen=True, slots=True)
class Region:
    """An M49 intermediate region of Latin America and the Caribbean."""

    key: str
    name_en: str
    name_es: str
    member_states: tuple[str, ...]

    @property
    def member_count(self) -> int:
        """Number of ECLAC member States in this region."""
        return len(self.member_states)

    def name(self, lang: str = "en") -> str:
        """Name in ``lang``."""
        return _pick(lang, self.name_en, self.name_es)


@dataclass(frozen=True, slots=True)
class StakeholderCategory:
    """A stakeholder category (concept note footnote 3, GCM paragraphs 15(j) and 44).

    ``kind`` is ``governmental`` (member_state, associate_member, and local_authorities: local
    and municipal governments are government at the local level, not civil society),
    ``parliamentary`` (parliamentarians), ``human_rights_institution`` (NHRIs, public
    defenders, ombudspersons), ``intergovernmental`` (UN system, regional processes) or
    ``non_governmental`` (the whole-of-society stakeholders). Parliaments and NHRIs are their
    own kinds: neither the executive nor civil society.
    """

    key: str
    label_en: str
    label_es: str
    kind: str
    named_in_gcm_para_44: bool | None

    def label(self, lang: str = "en") -> str:
        """Label in ``lang``."""
        return _pick(lang, self.label_en, self.label_es)

    @property
    def is_governmental(self) -> bool:
        """True for delegations of member States and associate members."""
        return self.kind == "governmental"

    @property
    def is_non_governmental(self) -> bool:
        """True for civil society and other whole-of-society stakeholders."""
        return self.kind == "non_governmental"
