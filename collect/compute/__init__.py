"""Pure functions of (ledger, as-of date): nothing here reads files or the clock."""
