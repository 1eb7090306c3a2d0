#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: system libraries (only when
# missing), uv, and the locked Python packages. `--test` adds PostgreSQL and Chromium;
# `--load` adds PostgreSQL and nginx (for `make load`).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(postgresql chromium poppler-utils)
elif [[ "${1:-}" == "--load" ]]; then
  packages+=(postgresql nginx)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  # Debian starts a service when its package is installed (nginx on port 80); `make load`
  # starts its own nginx on a free loopback port, so keep the packaged one stopped.
  guard=""
  if [[ " ${missing[*]} " == *" nginx "* && ! -e /usr/sbin/policy-rc.d ]]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$guard" >/dev/null
    "${sudo_cmd[@]}" chmod +x "$guard"
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ -n "$guard" ]]; then "${sudo_cmd[@]}" rm -f "$guard"; fi
fi

if ! python3 -m uv --version >/dev/null 2>&1; then
  echo "Installing uv"
  python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
python3 -m uv sync --frozen --quiet

if [[ "${1:-}" == "--test" && ! -x .venv-ssda903/bin/python ]]; then
  # The DfE's own SSDA903 rules check our exports (tests/placements). They need pandas < 2,
  # so they live in a virtual environment of their own.
  echo "Installing the DfE SSDA903 validator"
  python3 -m uv venv --quiet --python python3.11 .venv-ssda903
  python3 -m uv pip install --quiet --python .venv-ssda903/bin/python \
    "csc-validator-be-903==0.1.17" "pandas==1.5.3" "numpy==1.24.4"
fi

if [[ "${1:-}" == "--test" && ! -x .venv-demand/bin/python ]]; then
  # Social Finance's demand model, the reference our forecast is tested against
  # (tests/forecast/test_agreement.py); it pins pandas < 2 and numpy < 2.
  echo "Installing cs-demand-model"
  python3 -m uv venv --quiet --python python3.11 .venv-demand
  python3 -m uv pip install --quiet --python .venv-demand/bin/python \
    "cs-demand-model==0.5.1" "pandas<2" "numpy<2"
fi
