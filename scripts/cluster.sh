#!/usr/bin/env bash
# A ready cluster of 督查管理系统 on this machine, to try multi-node operation and for the two-node tests:
#   PostgreSQL in a temporary data directory (run as the unprivileged user "postgres" when started as root),
#   node-1 on 127.0.0.1:5091 and node-2 on 127.0.0.1:5092 (the same build, Database__Provider=postgres),
#   nginx on 127.0.0.1:5090 in front of both, with sticky sessions (a Blazor Server page lives on one node) and WebSockets.
#
#   scripts/cluster.sh          start: installs postgresql and nginx from Debian when missing, builds, starts, waits
#   scripts/cluster.sh stop     stops exactly the processes start recorded and removes the temporary directory
#   scripts/cluster.sh status   what runs, and each node's /healthz
#
# Settings (environment): CLUSTER_DIR (/tmp/supervision-cluster), CLUSTER_PORT (5090), CLUSTER_NODE_PORTS ("5091 5092"),
# CLUSTER_PG_PORT (5433), CLUSTER_DATABASE (connection string of an existing PostgreSQL database: no server is started),
# CLUSTER_APP_ARGS (extra arguments for every node, e.g. "--Demo:Enabled=false"), CLUSTER_NO_BUILD=1 (use the last build).
set -Eeuo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/setup.sh

dir=${CLUSTER_DIR:-/tmp/supervision-cluster}
port=${CLUSTER_PORT:-5090}
read -r -a node_ports <<<"${CLUSTER_NODE_PORTS:-5091 5092}"
pg_port=${CLUSTER_PG_PORT:-5433}
app="$root/Supervision.Web/bin/Release/net10.0/Supervision.Web.dll"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] || { echo "未找到 PostgreSQL（/usr/lib/postgresql/*/bin）。" >&2; exit 1; }
  echo "$found"
}

# A recorded process, only if it is still the one we started (pid files outlive reboots and pid reuse).
running_pid() {
  local file=$1 pattern=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern" && echo "$pid"
}

stop_cluster() {
  local pid i
  for i in "${!node_ports[@]}"; do
    if pid=$(running_pid "$dir/node-$((i + 1)).pid" Supervision.Web.dll); then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
      echo "已停止 node-$((i + 1))（进程 $pid）"
    fi
  done
  if pid=$(running_pid "$dir/nginx/nginx.pid" nginx); then
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    echo "已停止 nginx（进程 $pid）"
  fi
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin)/pg_ctl" stop -D "$dir/pg/data" -m fast -w >/dev/null 2>&1 || true
    echo "已停止 PostgreSQL"
  fi
  rm -rf "$dir"
}

health() {
  curl -sf --max-time 2 "http://127.0.0.1:$1/healthz" 2>/dev/null || echo "（无应答）"
}

case "${1:-start}" in
  stop)
    [ -d "$dir" ] || { echo "没有运行中的集群（$dir 不存在）。"; exit 0; }
    stop_cluster
    exit 0
    ;;
  status)
    [ -d "$dir" ] || { echo "没有运行中的集群。"; exit 0; }
    for i in "${!node_ports[@]}"; do echo "node-$((i + 1)) 127.0.0.1:${node_ports[$i]}: $(health "${node_ports[$i]}")"; done
    echo "nginx 127.0.0.1:$port: $(health "$port")"
    exit 0
    ;;
  start) ;;
  *) echo "用法：scripts/cluster.sh [start|stop|status]" >&2; exit 2 ;;
esac

if [ -d "$dir" ]; then
  echo "集群目录 $dir 已存在：集群可能已在运行。请先运行 scripts/cluster.sh stop。" >&2
  exit 1
fi

setup_require_dotnet
packages=(nginx curl "${SETUP_FONT_PACKAGES[@]}")
[ -n "${CLUSTER_DATABASE:-}" ] || packages+=(postgresql)
setup_apt_packages "${packages[@]}"
[ "${CLUSTER_NO_BUILD:-}" = 1 ] || dotnet build Supervision.Web -c Release -nologo -v quiet
[ -f "$app" ] || { echo "找不到 $app：请先构建（dotnet build Supervision.Web -c Release）。" >&2; exit 1; }

mkdir -p "$dir/logs" "$dir/shared/attachments" "$dir/shared/audit-checkpoints" "$dir/shared/backups" "$dir/nginx/tmp"
# Anything that fails from here on leaves nothing running.
trap 'echo "启动失败，正在清理……" >&2; stop_cluster' ERR

if [ -n "${CLUSTER_DATABASE:-}" ]; then
  connection=$CLUSTER_DATABASE
else
  bin=$(pg_bin)
  mkdir -p "$dir/pg"
  [ "$(id -u)" -ne 0 ] || chown postgres "$dir/pg"
  superuser_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  app_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  (umask 077; echo "$superuser_password" >"$dir/pg/pwfile")
  [ "$(id -u)" -ne 0 ] || chown postgres "$dir/pg/pwfile"
  # C.UTF-8 so that pg_trgm takes trigrams from Chinese text (see README).
  as_postgres "$bin/initdb" -D "$dir/pg/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pg/pwfile" -E UTF8 --locale=C.UTF-8 >"$dir/logs/initdb.log"
  rm -f "$dir/pg/pwfile"
  as_postgres "$bin/pg_ctl" start -D "$dir/pg/data" -w -t 60 -l "$dir/pg/postgresql.log" \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1" >/dev/null
  PGPASSWORD=$superuser_password psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE supervision LOGIN PASSWORD '$app_password'" \
    -c "CREATE DATABASE supervision OWNER supervision"
  connection="Host=127.0.0.1;Port=$pg_port;Database=supervision;Username=supervision;Password=$app_password"
  echo "PostgreSQL：127.0.0.1:$pg_port，数据目录 $dir/pg/data"
fi

# Both nodes start at once: the start-up lock lets one migrate and seed while the other waits.
read -r -a extra <<<"${CLUSTER_APP_ARGS:-}"
for i in "${!node_ports[@]}"; do
  node="node-$((i + 1))"
  Database__Provider=postgres \
  ConnectionStrings__Supervision="$connection" \
  Cluster__NodeName="$node" \
  Reporting__AttachmentFolder="$dir/shared/attachments" \
  Reporting__AuditCheckpointFolder="$dir/shared/audit-checkpoints" \
  Backup__Folder="$dir/shared/backups" \
  ASPNETCORE_ENVIRONMENT=Production \
    setsid dotnet "$app" --urls "http://127.0.0.1:${node_ports[$i]}" --contentRoot "$root/Supervision.Web" "${extra[@]}" \
    >"$dir/logs/$node.log" 2>&1 </dev/null &
  echo $! >"$dir/$node.pid"
done

for i in "${!node_ports[@]}"; do
  node="node-$((i + 1))"
  for _ in $(seq 1 240); do
    curl -sf --max-time 2 "http://127.0.0.1:${node_ports[$i]}/healthz" >/dev/null 2>&1 && break
    running_pid "$dir/$node.pid" Supervision.Web.dll >/dev/null || { echo "$node 启动失败：" >&2; tail -n 30 "$dir/logs/$node.log" >&2; false; }
    sleep 0.5
  done
  curl -sf --max-time 2 "http://127.0.0.1:${node_ports[$i]}/healthz" >/dev/null || { echo "$node 未在两分钟内就绪：" >&2; tail -n 30 "$dir/logs/$node.log" >&2; false; }
done

upstreams=""
for p in "${node_ports[@]}"; do upstreams+="    server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'; done
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  worker=www-data; id "$worker" >/dev/null 2>&1 || worker=nobody
  chown -R "$worker" "$dir/nginx/tmp"
  user_line="user $worker;"
fi
cat >"$dir/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log $dir/logs/nginx-access.log;
  client_body_temp_path $dir/nginx/tmp/body;
  proxy_temp_path $dir/nginx/tmp/proxy;
  fastcgi_temp_path $dir/nginx/tmp/fastcgi;
  uwsgi_temp_path $dir/nginx/tmp/uwsgi;
  scgi_temp_path $dir/nginx/tmp/scgi;
  client_max_body_size 30m;

  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }

  # Sticky sessions: a Blazor Server page (its circuit) lives in one node's memory, so a browser keeps its node.
  # A new browser gets a random route key in a cookie; the key picks the node (consistent hash). When that node is
  # down nginx passes the request to the next one, where the shared key ring lets the same sign-in cookie work.
  map \$cookie_supervision_route \$supervision_route { '' \$request_id; default \$cookie_supervision_route; }
  map \$cookie_supervision_route \$supervision_route_cookie { '' "supervision_route=\$request_id; Path=/; HttpOnly; SameSite=Lax"; default ''; }

  upstream supervision {
    hash \$supervision_route consistent;
$upstreams  }

  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://supervision;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_buffering off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_next_upstream error timeout http_502 http_503;
      add_header Set-Cookie \$supervision_route_cookie always;
    }
  }
}
EOF
nginx -t -q -e "$dir/logs/nginx-error.log" -c "$dir/nginx/nginx.conf" -p "$dir/nginx"
nginx -e "$dir/logs/nginx-error.log" -c "$dir/nginx/nginx.conf" -p "$dir/nginx"
for _ in $(seq 1 50); do [ -s "$dir/nginx/nginx.pid" ] && break; sleep 0.1; done
curl -sf --max-time 5 "http://127.0.0.1:$port/healthz" >/dev/null
trap - ERR

echo
echo "集群已启动："
echo "  入口（nginx）   http://127.0.0.1:$port"
for i in "${!node_ports[@]}"; do echo "  node-$((i + 1))          http://127.0.0.1:${node_ports[$i]}   $(health "${node_ports[$i]}")"; done
echo "  日志            $dir/logs/"
echo "  共享文件        $dir/shared/（附件、审计检查点、备份）"
echo "停止：scripts/cluster.sh stop"
