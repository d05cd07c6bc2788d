"""The central coupon service: HTTP API, admin CLI, its own database."""
