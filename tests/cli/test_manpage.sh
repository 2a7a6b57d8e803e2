# docs/dbcsign.1: renders without groff warnings, and covers every command, every flag of each
# command's --help, every environment variable the sources read, and the exit codes. Also:
# nothing dbcsign prints carries terminal escape sequences (NO_COLOR has nothing to turn off).
# Rendering needs groff (Debian package groff-base): skipped outside CI when absent.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MAN=$ROOT/docs/dbcsign.1

[ -f "$MAN" ] && t_ok || t_bad "docs/dbcsign.1 exists"

if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww "$MAN" >"$OUT" 2>"$ERR"; RC=$?
	expect_rc 0 "groff renders the page"
	[ ! -s "$ERR" ] && t_ok || t_bad "groff -ww: warnings"
	[ "$(wc -l <"$OUT")" -gt 300 ] && t_ok || t_bad "rendered page has substance"
elif [ "${CI:-}" = true ]; then
	t_bad "groff absent (install groff-base)"
else
	t_skip "groff absent: rendering not checked"
fi

# The source text with roff escapes undone, for plain searches.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$MAN" >"$T_TMP/man.txt"

cmds=$("$D" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { if (on) exit }')
[ -n "$cmds" ] && t_ok || t_bad "dbcsign --help lists commands"
for c in $cmds; do
	grep -qx "\\.SS $c" "$T_TMP/man.txt" && t_ok || t_bad "no .SS section for command $c"
	"$D" "$c" --help >"$T_TMP/help" 2>&1
	missing=''
	for f in $(grep -oE -- '--[a-z][a-z0-9-]*' "$T_TMP/help" | sort -u); do
		grep -q -- "$f\\b" "$T_TMP/man.txt" || missing="$missing $f"
	done
	[ -z "$missing" ] && t_ok || t_bad "$c: flags of --help missing from the man page:$missing"
done

# Every variable the sources getenv() is documented under ENVIRONMENT.
vars=$(grep -rhoE 'getenv\("[A-Z_]+"\)' "$ROOT/cli" "$ROOT/wallet" "$ROOT/sign" "$ROOT/hw" 2>/dev/null |
	sed -E 's/getenv\("([A-Z_]+)"\)/\1/' | sort -u)
[ -n "$vars" ] && t_ok || t_bad "found getenv calls"
env_sec=$(awk '/^\.SH ENVIRONMENT/ { on = 1; next } /^\.SH / { on = 0 } on' "$T_TMP/man.txt")
for v in $vars NO_COLOR; do
	echo "$env_sec" | grep -qx "\\.B $v" && t_ok || t_bad "ENVIRONMENT lacks $v"
done
exit_sec=$(awk '/^\.SH EXIT STATUS/ { on = 1; next } /^\.SH / { on = 0 } on' "$T_TMP/man.txt")
for n in 0 1 2 3; do
	echo "$exit_sec" | grep -qx "\\.B $n" && t_ok || t_bad "EXIT STATUS lacks $n"
done

# No escape sequences, even on a colour terminal type and without NO_COLOR.
esc=$(printf '\033')
: >"$T_TMP/all"
for c in $cmds; do TERM=xterm-256color "$D" "$c" --help >>"$T_TMP/all" 2>&1; done
TERM=xterm-256color "$D" inspect --suri //Alice >>"$T_TMP/all" 2>&1
TERM=xterm-256color "$D" triple --suri //Alice -o text >>"$T_TMP/all" 2>&1
TERM=xterm-256color "$D" sign --suri //Alice --bogus >>"$T_TMP/all" 2>&1
TERM=xterm-256color "$D" verify --public x --signature y --message z >>"$T_TMP/all" 2>&1
[ -s "$T_TMP/all" ] && t_ok || t_bad "collected output"
if grep -q "$esc" "$T_TMP/all"; then t_bad "an escape sequence in dbcsign output"; else t_ok; fi

t_done
