"""Money and positions moving in and out of accounts other than by trading: deposits (held three
business days before they may be withdrawn), withdrawals within what may be withdrawn, and Fund and
Position Transfers between a parent account and its partition. IB never converts currencies on
these; a conversion is an FX order."""
