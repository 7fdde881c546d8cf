"""Balance rules with stable ids, their defaults, and how to configure them.

Each rule reads ``severity`` (error, warning, off) and its thresholds (``min``/``max`` for a
band of shares, ``value`` for a count or fraction) from ``[balance.rules.<id>]`` in the config;
anything not set keeps the default below. Session rules look at one session's panel; programme
rules at all distinct people holding active roles in the meeting.

Share bands are applied with whole people in mind: a panel passes when its share of women is
within the band or, when no whole number of people can be (3 speakers and 40-60 %), when it is
the nearest achievable split (1 or 2 women of 3). Undisclosed and unknown are not counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from agenda.i18n.catalog import N_, tr
from agenda.model.enums import CHAIR_ROLES, Role, SessionKind
from agenda.model.errors import ValidationError

Scope = Literal["session", "programme"]
SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """Effective settings of one rule."""

    severity: str
    min: float | None = None
    max: float | None = None
    value: float | None = None
    #: gender-single: also count moderators and chairs (default False: speakers only).
    include_chairs: bool | None = None
    #: stakeholder-nongov: the categories that count as civil society.
    categories: tuple[str, ...] | None = None
    #: lang-region: the region's languages; lang-interpretation: the languages interpreted
    #: (None: the meeting's interpretation languages).
    languages: tuple[str, ...] | None = None
    #: stakeholder-youth: ``un`` (15-24) or ``18-35``.
    definition: str | None = None


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule's identity, scope, defaults, and the roles a suggestion may add or swap."""

    id: str
    scope: Scope
    title_en: str
    title_es: str
    defaults: RuleConfig
    parameters: tuple[str, ...]
    #: Where the rule comes from (an English msgid: concept note passage or the pledge).
    source: str = ""
    add_role: Role | None = Role.PANELLIST
    swap_roles: frozenset[Role] = field(
        default_factory=lambda: frozenset({Role.PANELLIST, Role.DISCUSSANT, Role.KEYNOTE_SPEAKER})
    )

    def title(self, lang: str = "en") -> str:
        """Short description in ``lang`` (new rules translate through the catalog)."""
        if lang == "es" and self.title_es:
            return self.title_es
        return tr(lang, self.title_en)


PARAMETERS = ("min", "max", "value", "include_chairs", "categories", "languages", "definition")
SOURCE_NOTE = N_(
    "concept note, Organization: due regard to geographical, demographic and gender balance, "
    "whole-of-government and whole-of-society, in the selection of keynote speakers, "
    "panellists and moderators"
)
SOURCE_PLEDGE = N_("International Gender Champions Panel Parity Pledge")
SOURCE_STAKEHOLDERS = N_(
    "concept note, footnote 3 (relevant stakeholders) and meaningful participation of civil society"
)
SOURCE_LDC = N_(
    "concept note, Organization: facilitating the participation of least developed and "
    "landlocked developing countries"
)
SOURCE_LANGUAGES = N_("concept note: work in Spanish and English; report in both languages")


def _spec(rule_id: str, scope: Scope, en: str, es: str, severity: str, **kw: Any) -> RuleSpec:
    params = tuple(k for k in PARAMETERS if k in kw)
    extra = {k: kw.pop(k) for k in ("add_role", "swap_roles", "source") if k in kw}
    extra.setdefault("source", SOURCE_NOTE)
    return RuleSpec(rule_id, scope, en, es, RuleConfig(severity, **kw), params, **extra)


_SPEAKERS_AND_CHAIRS = frozenset({Role.PANELLIST, Role.DISCUSSANT, Role.KEYNOTE_SPEAKER}) | (
    CHAIR_ROLES
)

#: The categories the civil-society rule counts by default (issue 16; configurable).
CIVIL_SOCIETY = (
    "civil_society",
    "migrants",
    "migrant_diaspora_org",
    "academia",
    "trade_unions",
    "employers_org",
    "faith_based",
    "children_youth",
)
_CHAIRS = frozenset(CHAIR_ROLES)
NEW_RULES = (
    _spec(
        "gender-chairs-single",
        "session",
        N_("Moderators and chairs of a session not all of one gender when there are two or more"),
        "",
        "off",
        value=2,
        add_role=None,
        swap_roles=_CHAIRS,
        source=SOURCE_PLEDGE,
    ),
    _spec(
        "gov-not-only-foreign",
        "session",
        N_("The government speakers of a debate are not all from foreign ministries"),
        "",
        "warning",
        value=2,
    ),
    _spec(
        "geo-caribbean-keynotes",
        "programme",
        N_("The Caribbean among the keynote speakers"),
        "",
        "warning",
        value=1,
        add_role=Role.KEYNOTE_SPEAKER,
        swap_roles=frozenset({Role.KEYNOTE_SPEAKER}),
    ),
    _spec(
        "geo-caribbean-chairs",
        "programme",
        N_("The Caribbean among the moderators and chairs"),
        "",
        "warning",
        value=1,
        add_role=None,
        swap_roles=_CHAIRS,
    ),
    _spec(
        "geo-subregion-share",
        "programme",
        N_(
            "No ECLAC sub-region's share of speakers below a fraction of its share of member States"
        ),
        "",
        "warning",
        value=0.75,
    ),
    _spec(
        "geo-groups-distinct",
        "programme",
        N_("LDC, LLDC and SIDS carried by at least N distinct speakers"),
        "",
        "warning",
        value=2,
        source=SOURCE_LDC,
    ),
    _spec(
        "demo-older-persons",
        "programme",
        N_("Older persons (60 and over) speak in the programme"),
        "",
        "warning",
        value=1,
    ),
    _spec(
        "lang-region",
        "session",
        N_("Each debate has speakers of the region's languages"),
        "",
        "warning",
        languages=("es", "en"),
        source=SOURCE_LANGUAGES,
    ),
    _spec(
        "lang-caribbean-english",
        "session",
        N_("Each round table has an English-speaking Caribbean voice"),
        "",
        "warning",
        source=SOURCE_LANGUAGES,
    ),
    _spec(
        "lang-interpretation",
        "session",
        N_("Every speaker speaks a language the meeting interprets"),
        "",
        "warning",
        languages=None,
        add_role=None,
        source=SOURCE_LANGUAGES,
    ),
)

RULES: dict[str, RuleSpec] = {
    spec.id: spec
    for spec in (
        _spec(
            "gender-single",
            "session",
            N_(
                "No single-gender panel of speakers (Panel Parity Pledge; moderators and chairs "
                "counted only with include_chairs)"
            ),
            "",
            "error",
            value=2,
            include_chairs=False,
            swap_roles=_SPEAKERS_AND_CHAIRS,
            source=SOURCE_PLEDGE,
        ),
        _spec(
            "gender-share",
            "session",
            "Women's share among a panel's speakers within the band",
            "Proporción de mujeres entre los oradores de un panel dentro de la banda",
            "warning",
            min=0.4,
            max=0.6,
            value=2,
            source=SOURCE_PLEDGE,
        ),
        _spec(
            "gender-keynotes",
            "programme",
            "Women's share among keynote speakers within the band",
            "Proporción de mujeres entre los oradores principales dentro de la banda",
            "warning",
            min=0.4,
            max=0.6,
            value=1,
            add_role=Role.KEYNOTE_SPEAKER,
            swap_roles=frozenset({Role.KEYNOTE_SPEAKER}),
            source=SOURCE_PLEDGE,
        ),
        _spec(
            "gender-moderators",
            "programme",
            "Women's share among moderators and chairs within the band",
            "Proporción de mujeres entre moderadores y presidencias dentro de la banda",
            "warning",
            min=0.4,
            max=0.6,
            value=1,
            add_role=None,
            swap_roles=CHAIR_ROLES,
            source=SOURCE_PLEDGE,
        ),
        _spec(
            "geo-regions-per-table",
            "session",
            "Each round table has speakers from at least N M49 intermediate regions",
            "Cada mesa redonda tiene oradores de al menos N subregiones M49",
            "error",
            value=2,
        ),
        _spec(
            "geo-region-missing",
            "programme",
            "Every region appears among the programme's speakers",
            "Todas las subregiones aparecen entre los oradores del programa",
            "error",
        ),
        _spec(
            "geo-region-share",
            "programme",
            "No region's share of speakers below a fraction of its share of member States",
            "Ninguna subregión con una proporción de oradores inferior a una fracción de su "
            "proporción de Estados miembros",
            "warning",
            value=0.5,
        ),
        _spec(
            "geo-ldc-lldc-sids",
            "programme",
            "LDC, LLDC and SIDS represented among speakers",
            "PMA, PDSL y PEID representados entre los oradores",
            "warning",
            value=1,
            source=SOURCE_LDC,
        ),
        _spec(
            "stakeholder-nongov",
            "session",
            "Each round table has at least N non-governmental speakers",
            "Cada mesa redonda tiene al menos N oradores no gubernamentales",
            "error",
            value=1,
            categories=CIVIL_SOCIETY,
            source=SOURCE_STAKEHOLDERS,
        ),
        _spec(
            "stakeholder-mix",
            "session",
            "Government and non-government speakers mixed in each debate",
            "Oradores gubernamentales y no gubernamentales en cada debate",
            "warning",
            value=2,
            source=SOURCE_STAKEHOLDERS,
        ),
        _spec(
            "stakeholder-youth",
            "programme",
            "Young people speak in the programme",
            "Personas jóvenes intervienen en el programa",
            "warning",
            value=1,
            definition="un",
        ),
        _spec(
            "stakeholder-migrants",
            "programme",
            "Migrants' own voices speak in the programme",
            "Personas migrantes intervienen con voz propia en el programa",
            "warning",
            value=1,
            source=SOURCE_STAKEHOLDERS,
        ),
        _spec(
            "stakeholder-categories-absent",
            "programme",
            "Non-governmental stakeholder categories with no speaker",
            "Categorías de actores no gubernamentales sin ningún orador",
            "warning",
            add_role=Role.PANELLIST,
            source=SOURCE_STAKEHOLDERS,
        ),
        *NEW_RULES,
    )
}
RULE_IDS: tuple[str, ...] = tuple(RULES)

#: Session kinds the session rules look at.
ROUND_TABLES = frozenset({SessionKind.ROUND_TABLE})
DEBATES = frozenset({SessionKind.ROUND_TABLE, SessionKind.POLICY_DEBATE, SessionKind.PLENARY})


def _field(setting: Any, name: str) -> Any:
    if isinstance(setting, Mapping):
        return setting.get(name)
    return getattr(setting, name, None)


def resolve_rules(overrides: Any = None) -> dict[str, RuleConfig]:
    """Effective config of every rule: defaults updated by ``overrides``.

    ``overrides`` maps rule ids to objects or dicts with ``severity``/``min``/``max``/``value``
    (e.g. ``config.balance.rules`` or the BalanceSettings itself). Unknown rule ids, unknown
    severities, thresholds a rule does not use, and bands with min > max raise ValidationError.
    """
    overrides = getattr(overrides, "rules", overrides) or {}
    effective = {rule_id: spec.defaults for rule_id, spec in RULES.items()}
    for rule_id, setting in overrides.items():
        spec = RULES.get(rule_id)
        if spec is None:
            raise ValidationError(
                f"[balance.rules.{rule_id}]: unknown rule id; valid ids: {', '.join(RULE_IDS)}"
            )
        changes: dict[str, Any] = {}
        for name in ("severity", *PARAMETERS):
            given = _field(setting, name)
            if given is None:
                continue
            if name in ("categories", "languages"):
                given = tuple(str(item) for item in given)
            if name == "definition" and given not in ("un", "18-35"):
                raise ValidationError(
                    f"[balance.rules.{rule_id}]: definition must be 'un' (15-24) or '18-35'"
                )
            if name != "severity" and name not in spec.parameters:
                used = ", ".join(spec.parameters) or "no thresholds"
                raise ValidationError(
                    f"[balance.rules.{rule_id}]: '{name}' is not used by this rule (it uses {used})"
                )
            changes[name] = given
        if changes.get("severity", "warning") not in SEVERITIES:
            raise ValidationError(
                f"[balance.rules.{rule_id}]: severity must be one of {', '.join(SEVERITIES)}"
            )
        config = replace(spec.defaults, **changes)
        if config.min is not None and config.max is not None and config.min > config.max:
            raise ValidationError(f"[balance.rules.{rule_id}]: min {config.min} > max {config.max}")
        effective[rule_id] = config
    return effective


@dataclass(frozen=True, slots=True)
class Violation:
    """A failed rule, for one session (``session_id``) or the whole programme (None)."""

    rule_id: str
    severity: str
    session_id: int | None
    message_en: str
    message_es: str
    details: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return self.message_es if lang == "es" else self.message_en

    def key(self) -> tuple[str, int | None]:
        """Identity of the violation for comparisons before/after a change."""
        return (self.rule_id, self.session_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "rule": self.rule_id,
            "severity": self.severity,
            "session_id": self.session_id,
            "message": self.message_en,
            "message_es": self.message_es,
            "source": RULES[self.rule_id].source if self.rule_id in RULES else "",
            "details": self.details,
        }
