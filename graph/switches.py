"""Production switches: introspection and "Did you mean …?" suggestions, off on request."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from graphql import ASTValidationRule, GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

from .settings import Settings

SUGGESTION = re.compile(r"\s*Did you mean .*\?\s*$", re.DOTALL)


def validation_rules(settings: Settings, rules: Sequence[type[ASTValidationRule]]
                     ) -> tuple[type[ASTValidationRule], ...]:
    """`rules`, with introspection refused when `settings` turn it off."""
    if settings.introspection:
        return tuple(rules)
    return (*rules, NoSchemaIntrospectionCustomRule)


def without_suggestion(error: GraphQLError) -> GraphQLError:
    """`error` with any "Did you mean …?" sentence taken out of its message."""
    message = SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(message, error.nodes, error.source, error.positions, error.path,
                        error.original_error, error.extensions)


class HideSuggestions(SchemaExtension):
    """Takes field, argument, type and enum value suggestions out of every error, so that
    error messages do not reveal the schema (as GraphQL Yoga's blockFieldSuggestions)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [without_suggestion(error) for error in result.errors]
