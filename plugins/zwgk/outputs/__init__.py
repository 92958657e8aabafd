"""Outputs: the plan made into bytes — page bodies (Jinja templates, the Markdown pipeline and
its sanitiser), feeds, the official tables as XLSX/CSV, open data, bulletin PDFs, the search
index — and the one way to write them (atomically, readable by the web server). Imports site
and content."""
