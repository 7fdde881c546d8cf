"""The comparison keys of the people normalizer: :func:`text_key` (case, accents, punctuation)
and :func:`fold_key`, the forgiving one every value field uses (abbreviations, articles,
"and"/"y"/"&", Spanish and English plurals)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w&]+")


@lru_cache(maxsize=16384)
def text_key(text: str) -> str:
    """Comparison key: accents removed, case-folded, punctuation and extra spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = _NON_WORD.sub(" ", stripped.casefold().replace("&", " and ").replace("_", " "))
    return " ".join(spaced.split())


#: Words that never decide a match: articles, "and"/"y"/"et", "of"/"de".
_STOPWORDS = frozenset(
    "and y e et the of de del la las los el le les des du da do dos das for para a au".split()
)
#: Abbreviations people type, folded to one word ("Rep." -> republica, "St"/"Sta." -> saint).
_ABBREVIATIONS = {
    "rep": "republica",
    "repub": "republica",
    "republic": "republica",
    "edo": "estado",
    "state": "estado",
    "st": "saint",
    "ste": "saint",
    "sta": "saint",
    "sto": "saint",
    "sn": "saint",
    "san": "saint",
    "santa": "saint",
    "santo": "saint",
    "sainte": "saint",
    "is": "island",
    "isla": "island",
    "isl": "island",
    "islas": "island",
    "iles": "island",
    "ile": "island",
    "gob": "gobierno",
    "govt": "government",
    "gov": "government",
    "intl": "international",
    "int": "international",
    "org": "organizacion",
    "orgs": "organizacion",
    "organisation": "organization",
    "organizations": "organization",
    "univ": "universidad",
    "asoc": "asociacion",
    "assoc": "association",
    "nac": "nacional",
    "dept": "department",
    "depto": "departamento",
    "mun": "municipalidad",
    "muni": "municipalidad",
}


def _singular(word: str) -> str:
    """One form for Spanish and English plurals: the same word for "autoridad"/"autoridades",
    "organization"/"organizations", "authority"/"authorities" (a key, not a real word)."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


@lru_cache(maxsize=32768)
def fold_key(text: str) -> str:
    """The forgiving comparison key used for every value field (countries, categories,
    genders, honorifics, languages): :func:`text_key`, then abbreviations expanded, articles and
    "and"/"y"/"&" dropped and plurals folded. Both the packaged names and the typed value go
    through it, so "Rep. Dominicana", "republica dominicana" and "República Dominicana" agree."""
    words = [_ABBREVIATIONS.get(word, word) for word in text_key(text).split()]
    kept = [word for word in words if word not in _STOPWORDS] or words
    return " ".join(_singular(word) for word in kept)
