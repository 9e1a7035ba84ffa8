"""Everything that talks to a store or to the library's internals: recorders, the sealing
mapper, the key store, the event index and chain storage, the aggregate cache, group commit,
transcodings, and :mod:`.library_compat`, the one module touching eventsourcing's privates."""
