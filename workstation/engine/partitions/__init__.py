"""Account partitions (issue 6): a slice of an individual account handed to an advisor or broker.

``timing``: when a requested partition is ready. The lifecycle, funding and permissions follow.
"""
