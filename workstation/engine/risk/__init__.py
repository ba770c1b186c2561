"""Risk beyond margin: the exposure fee (and, with compliance, liquidation)."""
