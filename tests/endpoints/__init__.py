"""End-to-end and per-endpoint tests, one module per API family."""
