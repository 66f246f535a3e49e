#!/usr/bin/env bash
# The live dashboard measured with real browser pages (see Supervision.Benchmarks/LiveBench.cs):
#   scripts/bench-live.sh [--pages 100] [--repaint 5] [--accepts 8] [--log FILE] [--trace FILE]   (accepts per round: 5 pages open, then all)
# Starts the app on a fresh demo city in its own process on a free 127.0.0.1 port, opens the dashboards in Debian's
# chromium, accepts reports as the inspector, and prints the server's send latency, the pages' repaint latency and the
# app's memory per open dashboard. Needs chromium (apt-get install chromium) and takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Supervision.sln -c Release -nologo -v quiet
exec dotnet run -c Release --no-build --project Supervision.Benchmarks -- live "$@"
