"""Where editors write: the folders (and files) of the catalog dir and of the docs dir that hold
records. Named once here for the loader, the self-inspection, the importer and the generator;
editors meet the same names in the hints. Imports nothing."""

from __future__ import annotations

# in the catalog dir (catalog/)
SITE_FILE = "site.yml"
TAXONOMY_DIR = "taxonomy"  # taxonomy/<name>.yml: domains, categories, levels, channels, places…
ITEMS_DIR = "items"  # items/<domain id>/<item id>.yml
DOCUMENTS_DIR = "documents"  # documents/<category>/<document id>.md
LISTS_DIR = "lists"  # lists/certificates.yml, lists/powers.yml
HALLS_DIR = "halls"  # halls/<hall id>.yml: the service halls (政务服务中心, 便民服务中心, 便民服务站)
REPORT_DATA_DIR = "reports"  # reports/<year>.yml: tables 3 and 4 of the annual report

# in the docs dir (content/): records kept as pages
INTERPRETATIONS_DIR = "jiedu"  # jiedu/<interpretation id>.md
POSTINGS_DIR = "gongshi"  # gongshi/<place id>/<posting id>.md
REPORTS_DIR = "xxgk/nianbao"  # xxgk/nianbao/<year>.md
RECORD_PAGE_DIRS = (INTERPRETATIONS_DIR, POSTINGS_DIR, REPORTS_DIR)


def taxonomy_file(name: str) -> str:
    """A taxonomy's file inside the catalog dir, e.g. taxonomy/domains.yml."""
    return f"{TAXONOMY_DIR}/{name}.yml"


def in_folder(src_uri: str, *folders: str) -> bool:
    """Whether a docs-dir path (jiedu/x.md) lies inside one of ``folders``."""
    return src_uri.startswith(tuple(folder + "/" for folder in folders))
