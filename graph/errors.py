"""Errors whose messages are meant for the API's users."""

from graphql import GraphQLError


class UserInputError(GraphQLError):
    """A request that cannot be answered as asked; the message says why."""

    def __init__(self, message: str, argument: str | None = None) -> None:
        extensions = {"code": "BAD_USER_INPUT"}
        if argument:
            extensions["argument"] = argument
        super().__init__(message, extensions=extensions)
