"""Every limit and switch of a running exgraph, in one place.

Values come from, in order of precedence: command-line options, `EXGRAPH_*` environment
variables (e.g. `EXGRAPH_MAX_COST=20000`; lists as JSON, `EXGRAPH_ALLOW_ORIGINS='["*"]'`),
then the defaults below. The README lists them all.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
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
    max_event_streams: int = Field(256, ge=0, description="Subscriptions (event streams) open "
                                   "at once per worker.")
    # Browsers
    allow_origins: tuple[str, ...] = Field((), description="Origins whose pages may call the "
                                           "API (CORS); `*` for any.")
    # Requests
    max_body_bytes: int = Field(64 * 1024, ge=1, description="Largest request body accepted.")
    max_depth: int = Field(10, ge=1, description="Deepest selection nesting accepted.")
    max_aliases: int = Field(40, ge=0, description="Most aliases in one operation.")
    max_tokens: int = Field(4000, ge=1, description="Most tokens in one document.")
    max_cost: int = Field(60_000, ge=1, description="Most fields an operation may be "
                          "estimated to resolve.")
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
