"""The Whoosh implementation of exgraph's search interface."""
