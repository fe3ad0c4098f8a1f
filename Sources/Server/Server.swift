// The `Server` module. See docs/ARCHITECTURE.md.
