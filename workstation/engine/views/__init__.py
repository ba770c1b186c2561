"""Read models built from the engine's state for whoever shows them: Advisor Setup, Trades Summary, daily P&L,
the activity statement, and frozen copies of orders and accounts."""
