"""Write a .po catalogue from a Python dict of translations (translator's helper).

Usage: python tools/write_po.py TRANSLATIONS.py collect/locale/zh/LC_MESSAGES/messages.po
The file must define ``ZH = {msgid: msgstr}``; entries are written sorted by msgid.
"""

import runpy
import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

source, target = sys.argv[1], sys.argv[2]
table = runpy.run_path(source)["ZH"]
catalog = Catalog(locale="zh_CN", project="collect", fuzzy=False)
for msgid in sorted(table):
    catalog.add(msgid, table[msgid])
with open(target, "wb") as handle:
    write_po(handle, catalog, width=0, omit_header=False, sort_output=True)
