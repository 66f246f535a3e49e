#!/usr/bin/env bash
# Adds the PostgreSQL migration(s) for a model change, next to the SQLite one. Run it after adding a SQLite migration
# or after merging a branch that did (Migrations_cover_the_model fails for the provider whose set is behind):
#
#   scripts/postgres-migrations.sh AuditStateHashes
#
# Each provider has its own migration set: SupervisionDbContext / AccountsDbContext (SQLite) and their PostgreSQL
# context types. A set is only added to when its model has changes it does not cover. No database is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?用法：scripts/postgres-migrations.sh 迁移名称（例如 AuditStateHashes）}

dotnet tool restore >/dev/null
dotnet build Supervision.Web -c Debug -nologo -v quiet

add() {
  local context=$1 project=$2 dir=$3
  if dotnet ef migrations has-pending-model-changes --no-build --context "$context" --project "$project" --startup-project "$project" >/dev/null 2>&1; then
    echo "$context：模型没有未覆盖的修改，跳过。"
    return
  fi
  dotnet ef migrations add "$name" --no-build --context "$context" --project "$project" --startup-project "$project" --output-dir "$dir"
}

# dotnet ef migrations add … --context … --output-dir …: the exact commands, for reference and for a manual run.
add PostgresSupervisionDbContext Supervision.Core Data/Postgres/Migrations
add PostgresAccountsDbContext Supervision.Web Accounts/PostgresMigrations
