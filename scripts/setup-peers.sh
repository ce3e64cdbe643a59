#!/usr/bin/env bash
# Creates .venv-peers/ (git-ignored) with numpy, JAX and PyTorch (CPU) for the peer benchmarks
# (bench/peers.ts), from this machine's local package indexes and wheel folder when present, else
# from pip's own configuration. Idempotent: what is already importable is left alone. Never fails:
# what cannot be installed is said in one line, and the bench then skips that peer.
# Override with PEERS_PYTHON (interpreter), PEERS_INDEX_URL, PEERS_EXTRA_INDEX_URLS, PEERS_FIND_LINKS.
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-peers"
python="${PEERS_PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  if ! command -v "$python" >/dev/null 2>&1; then
    echo "setup-peers: no $python on PATH; the peer benchmarks will be skipped"
    exit 0
  fi
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    echo "setup-peers: '$python -m venv' failed (python3-venv missing?); the peer benchmarks will be skipped"
    rm -rf "$venv"
    exit 0
  fi
fi

# The local indexes of this kind of machine (see `pip config list`), when they exist.
index_url="${PEERS_INDEX_URL:-}"
extra_urls="${PEERS_EXTRA_INDEX_URLS:-}"
find_links="${PEERS_FIND_LINKS:-}"
if [ -z "$index_url" ] && [ -d /opt/pypi/simple ]; then index_url="file:///opt/pypi/simple"; fi
if [ -z "$extra_urls" ] && [ -d /opt/pypi-more/simple ]; then extra_urls="file:///opt/pypi-more/simple"; fi
if [ -z "$find_links" ] && [ -d /opt/wheels ]; then find_links="/opt/wheels"; fi
pip_args=(--disable-pip-version-check --quiet)
[ -n "$index_url" ] && pip_args+=(--index-url "$index_url")
for url in $extra_urls; do pip_args+=(--extra-index-url "$url"); done
[ -n "$find_links" ] && pip_args+=(--find-links "$find_links")

# install MODULE PACKAGES…: installs the packages unless MODULE already imports; one line either way.
install() {
  local module="$1"
  shift
  if "$venv/bin/python" -c "import $module" >/dev/null 2>&1; then
    echo "setup-peers: $module already installed ($("$venv/bin/python" -c "import $module; print($module.__version__)"))"
  elif "$venv/bin/python" -m pip install "${pip_args[@]}" "$@" >"$venv/pip-$module.log" 2>&1; then
    echo "setup-peers: installed $module $("$venv/bin/python" -c "import $module; print($module.__version__)")"
  else
    echo "setup-peers: could not install $* ($(grep -m1 -E 'ERROR' "$venv/pip-$module.log" || tail -n1 "$venv/pip-$module.log")); the bench will skip that peer"
  fi
}

install numpy numpy
install jax jax jaxlib
install torch torch
