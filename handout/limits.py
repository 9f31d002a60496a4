"""How big each input may be, in one table: a YAML file, its aliases, its nesting.

Bounds keep a hostile or mistaken input from costing gigabytes or minutes: each is refused in
one line that names the file, before the work it would cost is done.
"""

from __future__ import annotations

# YAML (content files and clinic profiles). A bundled article is about 10 kB and nests 5 levels.
MAX_YAML_BYTES = 1_000_000
MAX_YAML_ALIAS_VALUES = 10_000  # values aliases may add to one file (an alias bomb adds 10**9)
MAX_YAML_DEPTH = 32
