"""Editors' tools on the same core: importing office tables, the self-inspection (自查) of
`zwgk check`, and the generator of test districts. Import outputs, site and content; never
MkDocs."""
