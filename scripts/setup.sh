#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: makes sure the .NET SDK and the Debian packages the product needs
# are present. Installs with apt-get (through sudo when not root); when it cannot, prints the exact command.
set -euo pipefail

setup_require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "未找到 .NET SDK。请先安装 .NET 10 SDK（例如：sudo apt-get install -y dotnet-sdk-10.0），然后重新运行。" >&2
    exit 1
  fi
}

setup_apt_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local runner=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      runner=(sudo)
    else
      echo "缺少系统软件包：${missing[*]}" >&2
      echo "请以管理员身份运行：sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "正在安装系统软件包：${missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# TrueType CJK fonts: the PDF documents embed (subsets of) these; Noto CJK is CFF and extracts wrongly.
# 宋体 (also standing in for 仿宋 and 小标宋, which Debian lacks), 黑体, 楷体 — see README "报表与通报".
SETUP_FONT_PACKAGES=(fonts-arphic-gbsn00lp fonts-wqy-microhei fonts-arphic-gkai00mp)
