"""The content domain: model, parsing, validation, the store, related exercises, profiles."""
