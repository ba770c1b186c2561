"""Risk beyond margin: cash-account rules, the exposure fee, liquidation and the P&L curve of Risk Navigator."""
