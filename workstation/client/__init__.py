"""The workstation's own logic, Qt-free: what TWS does on the desk rather than at IB's servers.

The order ticket as typed and the orders it becomes, the Allocation field's choices, the
precautionary warnings, staged orders, and the Account Window's selector and combined figures. Each
works over the engine's read side (``LoginReads``) and never imports Qt or SQLite, so the GUI, a
scenario and a test share the same rules.
"""
