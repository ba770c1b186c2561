"""The simulated market: clock and exchange calendar, option pricing, seeded quotes."""
