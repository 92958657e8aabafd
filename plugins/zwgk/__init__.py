"""zwgk: a static site generator for grassroots open-government publishing (基层政务公开).

The rooms, in the order data flows through them (each may import only the rooms below it;
`lint-imports` checks it, see pyproject.toml):

    content/   files → a validated, frozen Catalog (load, schemas, readers, visibility, boundary)
    site/      Catalog + settings → the frozen Site plan (addresses, views, tables, boards, feeds)
    outputs/   the plan → bytes (HTML via templates, Markdown, feeds, XLSX/CSV, open data, PDF,
               search index, atomic writes)
    tools/     editors' tools on the same core (import, self-inspection, generator)
    adapter/   the MkDocs plugin: the only code that imports mkdocs or material (or ProperDocs,
               which serves the same imports: engine.py)
    cli.py     `zwgk check | build | sites | import | pdf | generate | publish`
"""

__version__ = "0.1.0"
