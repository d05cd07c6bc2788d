"""The till's link to the central service: HTTP client, sync engine, outbox, till service."""
