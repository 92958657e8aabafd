"""The site plan: from a Catalog and the settings, every page with its address and view data,
the boards, feeds, dates and the files to publish, decided once (plan.py). Pure data, no HTML
and no MkDocs. Imports content only."""
