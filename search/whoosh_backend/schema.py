"""The Whoosh schema: weighted text fields plus exact keys for filtering, one per facet."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, TEXT, Schema

from content.catalog import FACETS

from .analysis import NAME_ANALYZER, PROSE_ANALYZER

# How much a match in each field counts; a name match outweighs a body match.
FIELD_BOOSTS = {"name": 6.0, "aliases": 4.0, "muscles": 2.0, "body": 0.5}
SCHEMA_VERSION = 5


def build_schema() -> Schema:
    return Schema(
        key=ID(stored=True, unique=True),
        kind=ID(stored=True),
        slug=ID(stored=True),
        exact=KEYWORD(commas=True),
        name=TEXT(analyzer=NAME_ANALYZER, phrase=False, field_boost=FIELD_BOOSTS["name"]),
        aliases=TEXT(analyzer=NAME_ANALYZER, phrase=False, field_boost=FIELD_BOOSTS["aliases"]),
        muscles=TEXT(analyzer=PROSE_ANALYZER, phrase=False, field_boost=FIELD_BOOSTS["muscles"]),
        body=TEXT(analyzer=PROSE_ANALYZER, phrase=True, field_boost=FIELD_BOOSTS["body"]),
        **{facet.name: KEYWORD(commas=True) for facet in FACETS},
    )
