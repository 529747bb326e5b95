"""Running exgraph under Uvicorn: one process or several workers sharing one port."""

from __future__ import annotations

import json
import logging
import os
import socket

import uvicorn
from starlette.applications import Starlette
from uvicorn.supervisors import Multiprocess

from search.service import SearchService, default_index_root

from .app import create_app, workspace
from .settings import Settings

LOG_FORMAT = "%(levelname)-9s %(message)s"


def environment(settings: Settings) -> dict[str, str]:
    """`settings` as the EXGRAPH_* variables that recreate them in another process."""
    found = {}
    for name, value in settings.model_dump(mode="json", exclude_none=True).items():
        found[f"EXGRAPH_{name.upper()}"] = value if isinstance(value, str) else json.dumps(value)
    return found


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to `host:port`, made with IPPROTO_TCP so that asyncio sets
    TCP_NODELAY on every connection it accepts (otherwise small responses wait ~40 ms for
    delayed acknowledgements)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def app_from_environment() -> Starlette:
    """The app for the settings in the environment: what each worker process serves."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    return create_app(Settings())


def prepare(settings: Settings) -> None:
    """Build or update the search index once, so the workers all start by reusing it."""
    directory = settings.content_dir
    index_root = settings.index_dir or default_index_root(directory)
    SearchService(index_root).synchronise(
        workspace(directory, index_root, settings.max_file_bytes).scan())


def run(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve with `workers` processes; returns when the server stops."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    if workers > 1:
        prepare(settings)
    os.environ.update(environment(settings))
    config = uvicorn.Config("graph.serving:app_from_environment", factory=True,
                            workers=workers, log_level="info", lifespan="on")
    server = uvicorn.Server(config)
    sock = listening_socket(host, port)
    logging.getLogger("exgraph").info("serving %s at http://%s:%d/graphql with %d worker(s)",
                                      settings.content_dir, host, port, workers)
    if workers > 1:
        Multiprocess(config, sockets=[sock]).run()
    else:
        server.run(sockets=[sock])
