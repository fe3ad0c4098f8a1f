// The `Alerting` module. See docs/ARCHITECTURE.md.
