// The `Persistence` module. See docs/ARCHITECTURE.md.
