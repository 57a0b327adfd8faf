"""A stateful local Plivo Voice API simulator (see docs/testing.md)."""
