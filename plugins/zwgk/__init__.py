"""zwgk: a static site generator for grassroots open-government publishing (基层政务公开).

The core (load → validate → model → views → render) knows nothing about MkDocs;
``zwgk.plugin`` is the only module that wires it into a MkDocs build.
"""

__version__ = "0.1.0"
