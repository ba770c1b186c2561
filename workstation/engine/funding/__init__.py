"""Money moving in and out of accounts other than by trading: deposits by method (credited on the
clock, then held before they may be withdrawn), withdrawals within what may be withdrawn and the
security device's limits, their fees, and the Transaction History. IB never converts currencies on
these; a conversion is an FX order. Transfers between a parent account and its partition are the
partitions room's (``partitions.transfers``)."""
