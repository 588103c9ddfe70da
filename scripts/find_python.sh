#!/usr/bin/env bash
# Prints the path of a Python matching .python-version (3.12 or newer), installing one with
# pyenv or apt when none is found.
set -euo pipefail
want=$(cat "$(dirname "$0")/../.python-version")
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
pyenv_python=""
if command -v pyenv >/dev/null 2>&1; then
  found=$(pyenv versions --bare 2>/dev/null | grep -E "^$want" | tail -1 || true)
  [ -n "$found" ] && pyenv_python="$(pyenv root)/versions/$found/bin/python"
fi
for candidate in "$pyenv_python" "python$want" python3; do
  if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && ok "$candidate"; then
    command -v "$candidate"; exit 0
  fi
done
if command -v pyenv >/dev/null 2>&1; then
  pyenv install -s "$want" >&2
  echo "$(pyenv root)/versions/$(pyenv versions --bare | grep -E "^$want" | tail -1)/bin/python"; exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq "python$want" "python$want-venv") >&2
  command -v "python$want"; exit 0
fi
echo "Python $want was not found; install it (pyenv install $want)." >&2
exit 1
