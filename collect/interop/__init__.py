"""Interchange with other tools: CSV into ledger records (``collect import``) and the
computed ledger out as CSV, JSON or Beancount (``collect export``).

Import: ``mapping`` reads the map file, ``csv_table`` the CSV with the physical line and
column of every cell, ``cells`` turns cell text into ledger text (dates, amounts),
``csv_import`` builds, validates and plans the records, ``yaml_write`` writes them as
people would, ``files`` writes each file atomically, ``import_report`` says what was done. Export: ``export_csv``, ``export_beancount``; JSON is ``status --format json``.

Diagnostic codes of this package: E601 unknown key or field in a map, E602 a map value
that cannot be used, E603 a mapped column the CSV lacks, E604 a CSV that cannot be
decoded, E605 a CSV that cannot be parsed, E606 a row with the wrong number of cells.
A cell's own problems use the ledger's codes (E103 date, E104 number, E105 negative,
E108 id, E201 unknown customer, …), located at the CSV line and column.
"""
