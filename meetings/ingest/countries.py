"""Country helpers live in ``meetings.countries`` (shared with the models); re-exported here
for the extraction steps."""

from meetings.countries import country_code, name_of, place_country

__all__ = ["country_code", "name_of", "place_country"]
