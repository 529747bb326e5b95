"""Persisted documents: Apollo's automatic persisted queries and trusted documents.

A document's id is the SHA-256 (lowercase hex) of its text exactly as sent. Clients send the
id as `extensions.persistedQuery = {"version": 1, "sha256Hash": id}` (Apollo) or as
`documentId` (`sha256:` prefix optional), over POST or GET.

Automatic persisted queries: an id alone that the server does not know is answered with
`PersistedQueryNotFound` (200, as Apollo Server does), and the client sends the id again with
the document, which is checked against the id, remembered (within bounds) and run; later
requests send the id alone, short enough for a GET that CDNs can cache.

Trusted documents: a manifest, `{"<id>": "<document>", …}` (the format of Relay's
`persisted_queries.json` and GraphQL Code Generator's `persisted-documents.json`), lists
documents that can always be run by id. With `persisted_only`, nothing else runs.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphql import (
    DefinitionNode,
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

from .cache import LRUCache

_ID = re.compile(r"[0-9a-f]{64}")


def document_id(text: str) -> str:
    """The id of a document: SHA-256 of its UTF-8 text, in lowercase hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PersistedQueryError(Exception):
    """A persisted-document request that cannot be served; answered with `status` and an
    error carrying `code`."""

    def __init__(self, message: str, code: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def _requested_id(extensions: Mapping[str, Any] | None, given_id: Any) -> str | None:
    """The document id a request names, if it names one."""
    if given_id is not None:
        if not isinstance(given_id, str):
            raise PersistedQueryError("`documentId` must be a string", "BAD_REQUEST", 400)
        return given_id.removeprefix("sha256:").lower()
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError("Unsupported persisted query version: only version 1 is "
                                  "served", "PERSISTED_QUERY_NOT_SUPPORTED", 400)
    found = persisted.get("sha256Hash")
    if not isinstance(found, str):
        raise PersistedQueryError("`persistedQuery.sha256Hash` must be a string",
                                  "BAD_REQUEST", 400)
    return found.lower()


class PersistedDocuments:
    """Resolves requests to the document they run: sent in full, remembered, or trusted."""

    def __init__(self, remembered: LRUCache[str], trusted: Mapping[str, str] | None,
                 trusted_only: bool) -> None:
        self.remembered = remembered
        self.trusted = trusted or {}
        self.trusted_only = trusted_only

    def resolve(self, query: str | None, extensions: Mapping[str, Any] | None,
                given_id: Any = None) -> str | None:
        """The document to run; None when the request names neither a document nor an id."""
        wanted = _requested_id(extensions, given_id)
        if wanted is None:
            if query is not None and self.trusted_only and document_id(query) not in \
                    self.trusted:
                raise PersistedQueryError(
                    "only trusted documents run on this server: send the id of a document "
                    "from its persisted manifest", "PERSISTED_QUERY_NOT_IN_LIST", 403)
            return query
        if query is not None:
            if document_id(query) != wanted:
                raise PersistedQueryError("provided sha256Hash does not match the query",
                                          "PERSISTED_QUERY_HASH_MISMATCH", 400)
            if self.trusted_only:
                if wanted not in self.trusted:
                    raise PersistedQueryError(
                        "this document is not in the server's persisted manifest",
                        "PERSISTED_QUERY_NOT_IN_LIST", 403)
            elif wanted not in self.trusted:
                self.remembered.put(wanted, query, len(query.encode("utf-8")))
            return query
        found = self.trusted.get(wanted)
        if found is None and not self.trusted_only:
            found = self.remembered.get(wanted)
        if found is not None:
            return found
        if self.trusted_only:
            raise PersistedQueryError("PersistedQueryNotInList: no document with this id in "
                                      "the server's persisted manifest",
                                      "PERSISTED_QUERY_NOT_IN_LIST", 404)
        if self.remembered.entries <= 0:
            raise PersistedQueryError("PersistedQueryNotSupported",
                                      "PERSISTED_QUERY_NOT_SUPPORTED", 200)
        raise PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND", 200)


class ManifestError(ValueError):
    """A persisted manifest that cannot be used."""


def load_manifest(path: Path) -> dict[str, str]:
    """The trusted documents of the manifest at `path`, each checked against its id."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ManifestError(f"{path}: cannot read the persisted manifest: {error}") from None
    if not isinstance(manifest, dict):
        raise ManifestError(f"{path}: a persisted manifest is a JSON object of id: document")
    for key, text in manifest.items():
        if not isinstance(text, str) or not _ID.fullmatch(key) or document_id(text) != key:
            raise ManifestError(f"{path}: entry {key[:70]!r} is not the SHA-256 (lowercase "
                                "hex) of its document")
    return manifest


class _Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
        self.names.append(node.name.value)


def operation_documents(document: DocumentNode) -> dict[str, str]:
    """Each operation of `document` as a document of its own (the operation, then the
    fragments it uses), printed canonically, by operation name."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    found: dict[str, str] = {}
    for operation in document.definitions:
        if not isinstance(operation, OperationDefinitionNode):
            continue
        if operation.name is None:
            raise ManifestError("every persisted operation needs a name")
        used: list[str] = []
        pending: list[OperationDefinitionNode | FragmentDefinitionNode] = [operation]
        while pending:
            spreads = _Spreads()
            visit(pending.pop(), spreads)
            for name in spreads.names:
                if name not in used and name in fragments:
                    used.append(name)
                    pending.append(fragments[name])
        parts = [operation, *(fragments[name] for name in used)]
        found[operation.name.value] = "\n\n".join(print_ast(part) for part in parts)
    return found


def build_manifest(sources: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The manifest of every operation in `sources` (file name: text; fragments may be in any
    file), and each operation's id by name."""
    definitions: list[DefinitionNode] = []
    for name, text in sources.items():
        try:
            definitions.extend(parse(text).definitions)
        except Exception as error:
            raise ManifestError(f"{name}: {error}") from None
    document = DocumentNode(definitions=tuple(definitions))
    manifest: dict[str, str] = {}
    ids: dict[str, str] = {}
    for name, text in operation_documents(document).items():
        if name in ids:
            raise ManifestError(f"two operations are named {name!r}")
        ids[name] = document_id(text)
        manifest[ids[name]] = text
    return manifest, ids
