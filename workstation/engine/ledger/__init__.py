"""The ledger: accounts, cash and positions, and how executions and transfers are booked into them and valued."""
