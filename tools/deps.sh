#!/bin/sh
# Install the Debian packages dbcsign needs to build and test, only when something is missing.
set -eu
PKGS="build-essential pkg-config libsodium-dev libsecp256k1-dev libhidapi-dev libcurl4-openssl-dev libcjson-dev libxxhash-dev"
TEST_PKGS="clang valgrind nodejs npm"
missing=""
for p in $PKGS ${DBCSIGN_TEST_DEPS:+$TEST_PKGS}; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
