"""collect: a plain-text receivables ledger.

Data flows one way: ``load`` (files → located raw data) → ``model`` (typed records)
→ ``validate`` (diagnostics) → ``compute`` (pure functions of records and an as-of
date) → ``render`` (site, letters, exports). The CLI only wires the steps together.
"""

__version__ = "0.1.0"
