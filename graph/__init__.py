"""The GraphQL schema, HTTP app and command line over exgraph's content and search."""
