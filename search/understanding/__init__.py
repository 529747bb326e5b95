"""Query understanding: reading queries with the content's vocabulary."""
