"""FA allocation: how one advisor order is shared among client accounts.

``methods`` computes each account's desired quantity before the order trades; ``fills`` shares
every execution among the accounts with IB's partial-fill methodology.
"""
