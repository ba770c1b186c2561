"""Read models built from the engine's state for whoever shows them: the Account Window, Advisor Setup, Trades
Summary, daily P&L, the activity statement and the order ticket's choices."""
