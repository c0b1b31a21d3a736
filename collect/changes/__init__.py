"""What changed in a ledger, read from git: the revision a ledger had, its history per
customer, and the difference between two computed states (``collect diff``).

Only reads: nothing here changes a repository, its index or its work tree.
"""
