"""Account partitions (issue 6): a slice of an individual account handed to an advisor or broker.

- ``marketplace``: the Investors' Marketplace directory and its search;
- ``timing``: when a requested partition opens (the 16:00 ET cut-off, ready at 18:00 ET);
- ``lifecycle``: the request (one at a time) and the opening on the clock;
- ``permissions`` and ``roles``: what the partition may trade, and who may trade it;
- ``fees`` and ``billing``: the advisor's schedule and its bill at each period's end;
- ``performance``: NLV over time and the return net of transfers;
- ``desk``: the commands, clock hooks and read models the engine routes to.

Transfers, deposits and withdrawals are in ``workstation.engine.funding``.
"""
