#!/usr/bin/env bash
# Installs what the build, the tests and the notebook runner need beyond the .NET SDK, on Debian 12:
#   chromium          chart images and the browser tests (headless)
#   nodejs, npm       the build fetches plotly.js and KaTeX from the npm registry (pinned by package-lock.json)
#   python3-nbformat  tests validate executed notebooks with Jupyter's own validator
#   python3-torch     tests compare against PyTorch, the independent reference
#   dotnet-interactive (local tool, .config/dotnet-tools.json) the kernel VS Code runs; a test drives it over stdio
# Idempotent: installs only what is missing. The build runs it once (Directory.Build.targets, stamp
# artifacts/prerequisites.stamp), so README's two commands work on a bare machine; .ci/run runs it too.
# As root it installs with apt-get; otherwise it names the missing packages and the exact sudo command, and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts

# One at a time: several projects of one build may start this together.
exec 9>artifacts/prerequisites.lock
flock 9

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
{ command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || need_apt+=(nodejs npm)
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 -c "import nbformat" >/dev/null 2>&1 || need_apt+=(python3-nbformat)
  /usr/bin/python3 -c "import torch" >/dev/null 2>&1 || need_apt+=(python3-torch)
else
  need_apt+=(python3 python3-nbformat python3-torch)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "workbench prerequisites: installing ${need_apt[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "error: the workbench needs Debian packages that are not installed: ${need_apt[*]}" >&2
    echo "error: install them once, then build again:" >&2
    echo "error:   sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need_apt[*]}" >&2
    exit 1
  fi
fi

# The dotnet-interactive tool pinned in .config/dotnet-tools.json (a local tool: nothing global changes).
"${DOTNET_HOST_PATH:-dotnet}" tool restore >/dev/null
