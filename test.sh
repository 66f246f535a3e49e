#!/usr/bin/env bash
# Runs every test: rules, data (on SQLite and on PostgreSQL), components (bUnit), the browser tests (Debian's
# chromium-headless-shell via Playwright; one test checks the whole chromium the benches use) and the two-node cluster tests.
# Results are written as TRX to TestResults/; .ci/run reads them.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

setup_require_dotnet
# PostgreSQL: the data suites also run against it and the two-node tests use it (the tests start and stop their own
# server in a temp folder); nginx fronts the two-node cluster (scripts/cluster.sh).
setup_apt_packages "${SETUP_FONT_PACKAGES[@]}" chromium chromium-headless-shell poppler-utils postgresql nginx curl
rm -rf TestResults
# The compiler, MSBuild and the test host each run long enough for the runtime's profile-guided tier to compile their
# hot methods a second time, instrumented, and then a third: without that tier the build took 81 instead of 100
# CPU-seconds (docs/decisions/007-test-suite-shape.md).
export DOTNET_TieredPGO=0
dotnet build Supervision.sln -c Release -nologo -v quiet
dotnet test Supervision.Tests -c Release --no-build -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory TestResults "$@"
