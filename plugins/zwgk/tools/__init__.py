"""Editors' tools on the same core: importing office tables, the self-inspection (自查) of
`zwgk check`, the generator of test districts, and the platform of many sites (platform.yml).
Import outputs, site and content; never MkDocs."""
