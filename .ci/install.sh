#!/usr/bin/env bash
# Installs everything the build, the tests and the notebook runner need on a fresh Debian machine.
# Idempotent: skips what is already there. Used by .ci/run and documented in README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)  # the Workbench build runs npm ci for plotly.js
/usr/bin/python3 -c "import nbformat" >/dev/null 2>&1 || need_apt+=(python3-nbformat)
# PyTorch is the independent reference: tests read our checkpoints with it.
/usr/bin/python3 -c "import torch" >/dev/null 2>&1 || need_apt+=(python3-torch)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

dotnet restore workbench.sln
