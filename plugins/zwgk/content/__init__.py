"""Content: reading and validation. The office's files (catalog YAML, Markdown pages, mkdocs.yml's
settings) become a frozen Catalog that holds only what may be published, or a list of every
error with file, line, field and fix. Imports nothing from the other rooms."""
