"""The core's ports: what it needs from the outside world, as Protocols it owns.

`storage/` implements the unit of work and repositories, `retrieval/` the embedder
and the vector index, `bot/language/` the LanguageEngine; `bot/container.py` wires
them. The core imports none of them (tests/unit/test_import_boundaries.py).
"""
