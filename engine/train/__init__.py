"""Training scripts (data, split, loop, metrics). Nothing in the app imports these."""
