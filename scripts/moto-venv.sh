#!/usr/bin/env bash
# Creates (or re-pins) `.venv-moto/`, the repository's Python venv with moto's server mode (PyPI `moto[server]`), an
# AWS emulator the deploy-time tests run against (SSM Parameter Store and CloudFormation). Idempotent: does nothing
# when the pinned version is installed. Prints the path of `moto_server`.
#
#   scripts/moto-venv.sh
set -euo pipefail
MOTO_VERSION="5.2.5"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${root}/.venv-moto"
if [ "$("${venv}/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null || true)" != "${MOTO_VERSION}" ]; then
  [ -x "${venv}/bin/pip" ] || python3 -m venv "${venv}"
  "${venv}/bin/pip" install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}" >&2
fi
echo "${venv}/bin/moto_server"
