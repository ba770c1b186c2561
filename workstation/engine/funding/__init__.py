"""Money moving in and out of accounts other than by trading: deposits (held three business days
before they may be withdrawn) and withdrawals within what may be withdrawn. IB never converts
currencies on these; a conversion is an FX order. Transfers between a parent account and its
partition are the partitions room's (``partitions.transfers``)."""
