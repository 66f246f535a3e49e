#!/usr/bin/env bash
# Starts 督查管理系统 on http://127.0.0.1:5080 with its embedded default: SQLite at
# Supervision.Web/App_Data/supervision.db and, on first start, the demo city. Extra arguments go to the app
# (e.g. ./run.sh --urls http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh

setup_require_dotnet
setup_apt_packages "${SETUP_FONT_PACKAGES[@]}"
dotnet build Supervision.Web -c Release -nologo -v quiet
exec dotnet run --project Supervision.Web -c Release --no-build --no-launch-profile -- "$@"
