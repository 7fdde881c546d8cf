"""Packaged reference data: GCM objectives, thematic areas, countries, stakeholder categories.

All data is loaded once from files inside the ``agenda`` package (never from the network or
from outside the installed package) and returned as frozen dataclasses.
"""

from agenda.reference.countries import (
    countries,
    country,
    is_sids,
    lac_countries,
    lac_member_states,
    region,
    regions,
)
from agenda.reference.gcm import (
    imrf_round_tables,
    objective,
    objectives,
    thematic_area,
    thematic_areas,
)
from agenda.reference.models import (
    CARIBBEAN,
    CENTRAL_AMERICA,
    ECLAC_ASSOCIATE,
    ECLAC_MEMBER,
    ECLAC_OTHER,
    ECLAC_STATUSES,
    LAC_REGIONS,
    NON_REGIONAL,
    NORTHERN_AMERICA,
    SIDS_LISTS,
    SOUTH_AMERICA,
    Country,
    Objective,
    Region,
    RoundTable,
    StakeholderCategory,
    ThematicArea,
)
from agenda.reference.stakeholders import (
    GOVERNMENTAL_CATEGORIES,
    category,
    is_governmental,
    is_non_governmental,
    stakeholder_categories,
)

__all__ = [
    "CARIBBEAN",
    "CENTRAL_AMERICA",
    "ECLAC_ASSOCIATE",
    "ECLAC_MEMBER",
    "ECLAC_OTHER",
    "ECLAC_STATUSES",
    "GOVERNMENTAL_CATEGORIES",
    "LAC_REGIONS",
    "NON_REGIONAL",
    "NORTHERN_AMERICA",
    "SIDS_LISTS",
    "SOUTH_AMERICA",
    "Country",
    "Objective",
    "Region",
    "RoundTable",
    "StakeholderCategory",
    "ThematicArea",
    "category",
    "countries",
    "country",
    "imrf_round_tables",
    "is_governmental",
    "is_non_governmental",
    "is_sids",
    "lac_countries",
    "lac_member_states",
    "objective",
    "objectives",
    "region",
    "regions",
    "stakeholder_categories",
    "thematic_area",
    "thematic_areas",
]
