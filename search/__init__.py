"""Full-text search over the content: an engine-neutral interface and its Whoosh backend."""
