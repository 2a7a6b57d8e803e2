# Shared helpers for CLI tests (POSIX sh). Source it, call t_run / expectations, end with t_done.
# $DBCSIGN is the binary under test; $DBCSIGN_SHARED the shared data folder.
set -u
: "${DBCSIGN:=$(pwd)/dbcsign}"
: "${DBCSIGN_SHARED:=../shared}"
T_PASS=0; T_FAIL=0; T_SKIP=0
T_TMP=$(mktemp -d); trap 'rm -rf "$T_TMP"' EXIT
T_NAME=${T_NAME:-$(basename "$0" .sh)}
OUT=$T_TMP/out; ERR=$T_TMP/err; RC=0

# t_run CMD ARGS... : run with stdin from /dev/null unless T_STDIN names a file.
t_run() {
	if [ -n "${T_STDIN:-}" ]; then "$@" <"$T_STDIN" >"$OUT" 2>"$ERR"; else "$@" </dev/null >"$OUT" 2>"$ERR"; fi
	RC=$?
}
t_ok() { T_PASS=$((T_PASS + 1)); }
t_bad() { T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $*"; echo "  stdout: $(head -c 400 "$OUT")"; echo "  stderr: $(head -c 400 "$ERR")"; }
t_skip() { T_SKIP=$((T_SKIP + 1)); echo "SKIP $T_NAME: $*"; }
expect_rc() { if [ "$RC" -eq "$1" ]; then t_ok; else t_bad "$2: exit $RC, want $1"; fi; }
expect_out() { if [ "$(cat "$OUT")" = "$1" ]; then t_ok; else t_bad "$2: stdout mismatch (want '$1')"; fi; }
expect_out_match() { if grep -Eq -- "$1" "$OUT"; then t_ok; else t_bad "$2: stdout lacks /$1/"; fi; }
expect_err_match() { if grep -Eiq -- "$1" "$ERR"; then t_ok; else t_bad "$2: stderr lacks /$1/"; fi; }
expect_out_empty() { if [ ! -s "$OUT" ]; then t_ok; else t_bad "$1: stdout not empty"; fi; }
expect_err_one_line() { if [ "$(wc -l <"$ERR")" -le 1 ] && [ -s "$ERR" ]; then t_ok; else t_bad "$1: stderr is not one line"; fi; }
# expect_bad_input DESC CMD...: exit 2, nothing on stdout, one error line.
expect_bad_input() {
	d=$1; shift; t_run "$@"
	expect_rc 2 "$d"; expect_out_empty "$d"; expect_err_one_line "$d"
}
# shared FILE: path of a shared file, or skip (outside CI) / fail (CI=true) and return 1.
shared() {
	if [ -e "$DBCSIGN_SHARED/$1" ]; then echo "$DBCSIGN_SHARED/$1"; return 0; fi
	if [ "${CI:-}" = true ]; then T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: missing $DBCSIGN_SHARED/$1" >&2
	else T_SKIP=$((T_SKIP + 1)); echo "SKIP $T_NAME: $DBCSIGN_SHARED/$1 absent" >&2; fi
	return 1
}
t_done() {
	if [ "$T_SKIP" -gt 0 ]; then echo "$T_NAME: $T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	else echo "$T_NAME: $T_PASS passed, $T_FAIL failed"; fi
	[ "$T_FAIL" -eq 0 ]
}
