#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real: Chromium (browser tests) and
# openssl (the fake Graph's TLS certificate). Runs before `npm test`; a no-op when present.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing ${missing[*]}: install them (apt-get install ${missing[*]}) and run the tests again." >&2
  exit 1
fi
echo "Installing ${missing[*]} with apt-get…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
