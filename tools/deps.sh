#!/bin/sh
# Install the Debian packages dbcsign needs, only when something is missing.
#   tools/deps.sh          build dependencies (make deps)
#   tools/deps.sh --test   plus what the test suites use (CI): sanitizers, valgrind, tools
set -eu
PKGS="build-essential pkg-config libsodium-dev libsecp256k1-dev libhidapi-dev libcurl4-openssl-dev libcjson-dev libxxhash-dev"
if [ "${1:-}" = "--test" ]; then
	# clang + compiler-rt: ASan/UBSan and libFuzzer; valgrind: memcheck and ctime; the rest are
	# used by the CLI/e2e tests (pty driving, strace, man page rendering, JSON checks, fault servers).
	PKGS="$PKGS clang libclang-rt-14-dev valgrind jq curl strace groff-base bsdutils binutils python3"
	# node runs the polkadot-js oracle and chopsticks; only install Debian's if none is present.
	command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
