"""The store's POS hands the till its basket: a local HTTP endpoint, off by default.

The POS posts the basket and the scanned payload and gets the verdict and the quote back;
a second call confirms the write-off. Same checks, same outbox, same idempotency as a
cashier's write-off (it is one: TillService.redeem). Loopback only, with its own token.
"""
