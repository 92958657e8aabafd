# Shared by scripts/serve and scripts/test: a project virtualenv with zwgk installed.
# Sourced, not run. Installs Debian packages listed in SYSTEM_PACKAGES when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Material's end-of-life banner is not a build problem: the README explains the engines instead
export NO_MKDOCS_2_WARNING=1

# The engine that builds and previews: mkdocs (default) or properdocs (README "构建引擎")
ZWGK_ENGINE="${ZWGK_ENGINE:-mkdocs}"
case "$ZWGK_ENGINE" in
  mkdocs|properdocs) export ZWGK_ENGINE ;;
  *) echo "ZWGK_ENGINE 只能是 mkdocs 或 properdocs，不能是“$ZWGK_ENGINE”。" >&2; exit 2 ;;
esac

# The pip extras for a script's purpose, plus ProperDocs when it is the engine.
engine_extras() {
  if [ "$ZWGK_ENGINE" = properdocs ]; then echo "$1,properdocs"; else echo "$1"; fi
}

install_system_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "安装系统软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

setup_python() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  # shellcheck disable=SC1091
  . .venv/bin/activate
  local stamp=".venv/.installed-$extras"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    python -m pip install -q --upgrade pip
    python -m pip install -q -e ".[$extras]"
    touch "$stamp"
  fi
}
