"""Every limit and switch of a running exgraph, in one place.

Values come from, in order of precedence: command-line options, `EXGRAPH_*` environment
variables (e.g. `EXGRAPH_MAX_COST=20000`; lists as JSON, `EXGRAPH_ALLOW_ORIGINS='["*"]'`),
then the defaults below. The README lists them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from content.loader import BUNDLED_LIBRARY
from content.parsing import MAX_FILE_BYTES


class Settings(BaseSettings):
    """How exgraph serves: what, where, and within which limits."""

    model_config = SettingsConfigDict(env_prefix="EXGRAPH_", frozen=True, extra="forbid")

    # What to serve
    content_dir: Path = Field(BUNDLED_LIBRARY, description="The content library to serve.")
    index_dir: Path | None = Field(None, description="Where the search index and parsed files "
                                   "are cached (default: a per-library folder under "
                                   "$XDG_CACHE_HOME/exgraph).")
    max_file_bytes: int = Field(MAX_FILE_BYTES, ge=1024, description="Largest content file "
                                "read; larger ones are reported and skipped.")
    images_dir: Path | None = Field(None, description="The folder of exercise images the "
                                    "explorer serves at /images/ (default: `images/` in the "
                                    "content directory, if there is one).")
    # Live authoring
    watch: bool = Field(True, description="Watch the content directory and serve its changes "
                        "as they are saved.")
    watch_poll_ms: int | None = Field(None, ge=10, description="Poll for changes every so many "
                                      "milliseconds instead of using the operating system's "
                                      "file events (for network or container volumes where "
                                      "they do not arrive).")
    watch_settle_ms: int = Field(30, ge=1, description="How long the directory must stay quiet "
                                 "before a burst of changes is applied, as one new version.")
    rescan_interval: float = Field(60, ge=0, description="Seconds between rescans of the whole "
                                   "directory, which repair changes the watcher missed (0: "
                                   "never).")
    prepare_pages_up_to: int = Field(5000, ge=0, description="Work out every exercise page's "
                                     "related exercises, profile and HTML in the background, "
                                     "once the content has settled, for libraries of up to "
                                     "this many exercises "
                                     "(larger ones work out each page when it is first asked "
                                     "for; 0: never prepare).")
    prepare_pages_after: float = Field(2.0, ge=0.05, description="Seconds the content must stay "
                                       "unchanged before its pages are prepared.")
    max_event_streams: int = Field(256, ge=0, description="Subscriptions (event streams) open "
                                   "at once per worker.")
    # Browsers (CORS)
    allow_origins: tuple[str, ...] = Field((), description="Origins whose pages may call the "
                                           "API (CORS); `*` for any.")
    cors_allow_headers: tuple[str, ...] = Field(
        ("content-type", "authorization", "apollographql-client-name",
         "apollographql-client-version", "apollo-require-preflight", "x-apollo-operation-name",
         "graphql-client-name", "graphql-client-version", "sentry-trace", "baggage",
         "traceparent", "tracestate", "x-request-id"),
        description="Request headers a page from an allowed origin may send (the preflight's "
        "answer).")
    cors_allow_credentials: bool = Field(False, description="Let allowed pages send cookies "
                                         "and HTTP authentication with their requests.")
    cors_expose_headers: tuple[str, ...] = Field(("etag", "retry-after"), description="Response "
                                                 "headers the pages' scripts may read.")
    cors_max_age: int = Field(600, ge=0, description="Seconds a browser may reuse a preflight "
                              "answer.")
    ide: bool = Field(True, description="Serve the GraphiQL IDE to browsers opening the "
                      "endpoint.")
    explorer: bool = Field(True, description="Serve the explorer page at `/` (and exercise "
                           "images at `/images/`).")
    # Production switches
    introspection: bool = Field(True, description="Answer introspection (`__schema`, "
                                "`__type`); the IDE's docs and autocompletion need it.")
    field_suggestions: bool = Field(True, description="Keep \"Did you mean …?\" suggestions in "
                                    "error messages (they reveal field names even without "
                                    "introspection).")
    persisted_manifest: Path | None = Field(None, description="A JSON file of trusted "
                                            "documents, `{\"<sha256 hex>\": \"<document>\"}` "
                                            "(`exgraph persisted build` writes one); its "
                                            "documents can be run by hash.")
    persisted_only: bool = Field(False, description="Run only documents of the persisted "
                                 "manifest (trusted documents); anything else is refused.")
    apq_entries: int = Field(2048, ge=0, description="Automatic persisted queries remembered "
                             "per worker (0: automatic persisted queries off).")
    apq_bytes: int = Field(8 * 2**20, ge=0, description="Bytes of automatic persisted queries "
                           "remembered per worker.")
    # HTTP caching and compression
    cache_max_age: int = Field(0, ge=0, description="Seconds browsers and CDNs may reuse a "
                               "successful GET answer without asking again (0: they revalidate "
                               "every time, with `If-None-Match`, answered 304 when unchanged).")
    cache_stale_while_revalidate: int = Field(0, ge=0, description="Seconds past `max-age` a "
                                              "cache may serve a stale answer while it "
                                              "revalidates in the background.")
    cache_scope: Literal["public", "private"] = Field("public", description="`public`: shared "
                                                      "caches (CDNs, proxies) may keep answers; "
                                                      "`private`: only the browser may.")
    compression: bool = Field(True, description="Compress answers (zstd, brotli or gzip, as "
                              "the client accepts).")
    compress_min_bytes: int = Field(1024, ge=0, description="Answers smaller than this are "
                                    "sent uncompressed.")
    gzip_level: int = Field(5, ge=1, le=9, description="gzip level (1 fastest, 9 smallest).")
    brotli_quality: int = Field(4, ge=0, le=11, description="Brotli quality (0 fastest, 11 "
                                "smallest).")
    zstd_level: int = Field(3, ge=1, le=22, description="Zstandard level (1 fastest, 22 "
                            "smallest).")
    # Requests
    max_body_bytes: int = Field(64 * 1024, ge=1, description="Largest request body accepted.")
    max_depth: int = Field(10, ge=1, description="Deepest selection nesting accepted.")
    max_aliases: int = Field(40, ge=0, description="Most aliases in one operation.")
    max_tokens: int = Field(4000, ge=1, description="Most tokens in one document.")
    max_cost: int = Field(60_000, ge=1, description="Most fields an operation may be "
                          "estimated to resolve.")
    max_batch_size: int = Field(10, ge=0, description="Most operations in one batched request "
                                "(a JSON array body; 0: batching off). A batch runs in one "
                                "execution slot within one `request_timeout`, and its "
                                "operations' estimated costs together within `max_cost`.")
    # Lists
    page_size: int = Field(20, ge=1, description="Connection page size when `first`/`last` "
                           "is not given.")
    max_page_size: int = Field(100, ge=1, description="Largest `first`/`last` of a connection.")
    related_size: int = Field(5, ge=0, description="Related exercises listed when `first` is "
                              "not given.")
    max_related: int = Field(50, ge=1, description="Largest `first` of related-exercise lists.")
    max_suggestions: int = Field(20, ge=1, description="Largest `first` of `suggest`.")
    # Execution
    max_concurrent_requests: int = Field(1, ge=1, description="Operations executed at once "
                                         "per worker; others wait for a slot.")
    request_timeout: float = Field(5.0, gt=0, description="Seconds an operation may take, "
                                   "waiting for a slot included, before it is stopped.")
    compiled_queries: bool = Field(True, description="Run each query document through a "
                                   "plan worked out on its first request (several times "
                                   "faster per field); off: always graphql-core's executor.")
    index_check_interval: float = Field(300, ge=0, description="Seconds between checks of "
                                        "the index on disk against its checksums (0: never).")
    # Imports
    import_max_bytes: int = Field(64 * 2**20, ge=1024, description="Largest file `exgraph "
                                  "import` downloads, before and after decompression.")
    import_timeout: float = Field(120, gt=0, description="Seconds `exgraph import` may take "
                                  "to download, redirects included.")
    # Caches
    response_cache_entries: int = Field(2048, ge=0, description="Answers kept in memory per "
                                        "worker (0: no response cache).")
    response_cache_bytes: int = Field(64 * 2**20, ge=0, description="Bytes of answers kept "
                                      "in memory per worker.")
    response_cache_item_bytes: int = Field(2**20, ge=0, description="Answers larger than this "
                                           "are never kept.")

    @model_validator(mode="after")
    def _persisted_only_needs_a_manifest(self) -> Settings:
        if self.persisted_only and self.persisted_manifest is None:
            raise ValueError("persisted_only needs persisted_manifest: the trusted documents")
        return self
