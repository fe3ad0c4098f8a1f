// The `Notifiers` module. See docs/ARCHITECTURE.md.
