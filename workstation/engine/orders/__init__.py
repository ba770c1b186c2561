"""The order entity and everything that happens to an order after it is placed: its lifecycle and fill
accounting, matching against the quotes, commissions per fill, corrections and busts, mutual funds, expiry and the
Audit Trail."""
