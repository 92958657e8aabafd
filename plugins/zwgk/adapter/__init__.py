"""The MkDocs adapter: thin glue that hands the site plan to MkDocs and Material. The only room
that imports mkdocs or material; if the engine changes, only this room changes."""
