"""Importers that turn third-party exercise data into content files."""
