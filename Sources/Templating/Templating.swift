// The `Templating` module. See docs/ARCHITECTURE.md.
