#!/usr/bin/env bash
# Runs every test: rules, data, components (bUnit) and the browser tests (Debian chromium via Playwright).
# Results are written as TRX to TestResults/; .ci/run reads them.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

setup_require_dotnet
setup_apt_packages "${SETUP_FONT_PACKAGES[@]}" chromium poppler-utils
rm -rf TestResults
dotnet build Supervision.sln -c Release -nologo -v quiet
dotnet test Supervision.Tests -c Release --no-build -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory TestResults "$@"
