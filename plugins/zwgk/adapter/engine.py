"""Which MkDocs 1.x engine builds the site: MkDocs itself, or ProperDocs, its maintained
continuation (same mkdocs.yml, plugins and themes: once ``properdocs.replacement`` is imported,
every ``mkdocs.*`` import is served by ``properdocs.*``). The choice must be made before anything
imports mkdocs, so this module imports neither at its top."""

from __future__ import annotations

import importlib
import os
import sys

ENGINES = ("mkdocs", "properdocs")
ENGINE_VARIABLE = "ZWGK_ENGINE"


class EngineUnavailable(Exception):
    """The engine asked for cannot be used; the message says how to fix it."""


def use_engine(name: str | None = None) -> str:
    """Make ``name`` (default: $ZWGK_ENGINE, else mkdocs) the engine of this process."""
    # Material prints its end-of-life banner when the `mkdocs` program imports it; our commands
    # explain the engines in the README instead of printing it on every build
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    name = (name or os.environ.get(ENGINE_VARIABLE) or "mkdocs").strip().lower()
    if name not in ENGINES:
        raise EngineUnavailable(f"构建引擎只能是 {' 或 '.join(ENGINES)}，不能是“{name}”"
                                f"（{ENGINE_VARIABLE} 或 --engine）。")
    if name == "properdocs":
        loaded = sys.modules.get("mkdocs")
        if loaded is not None and loaded.__name__ != "properdocs":
            raise EngineUnavailable("MkDocs 已经载入，不能再换成 ProperDocs：请在新的命令里选择引擎。")
        try:
            importlib.import_module("properdocs.replacement")
        except ImportError:
            raise EngineUnavailable("没有安装 ProperDocs：运行 .venv/bin/pip install -e '.[properdocs]'，"
                                    "或用 ZWGK_ENGINE=properdocs scripts/build（会自动安装）。") from None
    return name


def engine_version() -> str:
    """The engine that builds, as the log names it: "MkDocs 1.6.1" or "ProperDocs 1.6.7"."""
    import mkdocs

    return f"{'ProperDocs' if mkdocs.__name__ == 'properdocs' else 'MkDocs'} {mkdocs.__version__}"
