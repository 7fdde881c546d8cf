"""Country names inside a sentence: the article some names take and the natural word order.

United Nations style writes "the Bahamas", "the Dominican Republic", "las Bahamas", "el Perú",
and, where the list form is inverted ("Bolivia (Plurinational State of)"), the natural form
"the Plurinational State of Bolivia" / "el Estado Plurinacional de Bolivia" in running text,
which also keeps parentheses from nesting ("Ministerio ... (Bolivia (Estado ...))").
Sources: UNTERM country short names and the articles of the Spanish names in the United
Nations terminology database (e.g. "el Perú", "la Argentina", "las Bahamas").
"""

from __future__ import annotations

import re

from agenda import reference

#: Spanish articles of the names that take one (ISO2 -> article), as UNTERM writes them.
_ES_ARTICLES: dict[str, str] = {
    "AR": "la",
    "BS": "las",
    "BO": "el",
    "BR": "el",
    "EC": "el",
    "PY": "el",
    "PE": "el",
    "UY": "el",
    "VE": "la",
    "DO": "la",
    "GB": "el",
    "US": "los",
    "NL": "los",
    "JP": "el",
    "CA": "el",
    "IN": "la",
    "GF": "la",
    "BM": "las",
}
#: English names that take "the" although no rule below catches them.
_EN_THE = frozenset({"BS", "DO", "NL", "GM", "PH"})
_EN_THE_PREFIXES = ("Republic ", "Kingdom ", "United ", "Plurinational ", "Bolivarian ")
_INVERTED = re.compile(r"^(?P<name>[^()]+?) \((?P<prefix>[^()]+? (?:of|of the|de|del|de los))\)$")


def natural_name(iso2: str, lang: str) -> str:
    """The name in running-text order: "Plurinational State of Bolivia", "Países Bajos"."""
    name = reference.country(iso2).name(lang)
    match = _INVERTED.match(name)
    if match:
        prefix = match["prefix"]
        if prefix.startswith("Kingdom of the") or prefix.startswith("Reino de los"):
            return match["name"]  # "Netherlands (Kingdom of the)" is "the Netherlands"
        return f"{prefix} {match['name']}"
    return name


def with_article(iso2: str, lang: str) -> str:
    """The name with its article where it takes one: "the Bahamas", "las Bahamas", "Chile"."""
    name = natural_name(iso2, lang)
    if lang.startswith("es"):
        article = _ES_ARTICLES.get(iso2)
        if article is None and name.startswith("Islas "):
            article = "las"
        if article is None and name.startswith(("Estado ", "Reino ")):
            article = "el"
        if article is None and name.startswith("República "):
            article = "la"
        return f"{article} {name}" if article else name
    if iso2 in _EN_THE or name.startswith(_EN_THE_PREFIXES) or name.endswith(" Islands"):
        return f"the {name}"
    return name


def of_country(iso2: str, lang: str) -> str:
    """ "of the Dominican Republic" / "de las Bahamas", "del Perú", "de Chile"."""
    named = with_article(iso2, lang)
    if lang.startswith("es"):
        if named.startswith("el "):
            return "del " + named[3:]
        return "de " + named
    return "of " + named
