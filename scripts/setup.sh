#!/usr/bin/env bash
# Idempotent set-up: .venv with plantrack and its dependencies, plus the system packages.
# Usage: scripts/setup.sh [--test]   (--test also installs what the test suite needs: chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "plantrack needs Python >= 3.11 (found: $("$py" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

apt_need=()
command -v tesseract >/dev/null 2>&1 || apt_need+=(tesseract-ocr tesseract-ocr-eng)
if command -v tesseract >/dev/null 2>&1 && ! tesseract --list-langs 2>/dev/null | grep -qx eng; then
  apt_need+=(tesseract-ocr-eng)
fi
if [ "$want_test" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  apt_need+=(chromium)
fi
if [ ${#apt_need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages: ${apt_need[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_need[@]}" >/dev/null
  else
    echo "setup: missing system packages; run: sudo apt-get install -y ${apt_need[*]}" >&2
    exit 1
  fi
fi

stamp=.venv/.plantrack-installed
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev,dask]'
  touch "$stamp"
fi
