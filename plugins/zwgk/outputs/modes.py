"""Moved to files.py; kept only until adapter/plugin.py imports from there (then delete this file)."""

from .files import FILE_MODE, make_dirs, make_readable

__all__ = ["FILE_MODE", "make_dirs", "make_readable"]
