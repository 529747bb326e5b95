"""`python -m graph`: the exgraph command line."""

from .cli import main

main()
