# bash completion (completions/dbcsign.bash): source it in bash, set COMP_WORDS/COMP_CWORD,
# call _dbcsign, check COMPREPLY. Also: every command of `dbcsign --help` and every flag of
# `dbcsign CMD --help` is offered, so the static lists cannot silently fall behind.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN
COMP=$(cd "$(dirname "$0")/../.." && pwd)/completions/dbcsign.bash

if ! command -v bash >/dev/null 2>&1; then
	t_skip "bash absent"
	t_done; exit $?
fi

# comp WORDS...: the completions bash offers for the last word (the one being completed);
# one per line, sorted.
comp() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _dbcsign
		printf "%s\n" "${COMPREPLY[@]}"' bash "$COMP" "$@" | sed '/^$/d' | sort
}
# expect_comp DESC EXPECTED(space-separated, any order) WORDS...
expect_comp() {
	d=$1; want=$(printf '%s\n' $2 | sort); shift 2
	got=$(comp "$@")
	if [ "$got" = "$want" ]; then t_ok; else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $d: got [$(echo $got)] want [$(echo $want)]"; fi
}
# expect_has DESC WORD WORDS...: WORD is among the completions.
expect_has() {
	d=$1; w=$2; shift 2
	if comp "$@" | grep -qx -- "$w"; then t_ok; else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $d: '$w' not offered"; fi
}

bash -c '. "$1" && complete -p dbcsign' bash "$COMP" >"$OUT" 2>"$ERR"; RC=$?
expect_rc 0 "the file sources cleanly and registers a completion"
expect_out_match "-F _dbcsign dbcsign" "complete -F _dbcsign dbcsign"

# Commands: exactly those `dbcsign --help` lists (plus --help/--version).
cmds=$("$D" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { if (on) exit }')
[ -n "$cmds" ] && t_ok || t_bad "dbcsign --help lists commands"
expect_comp "first word" "$cmds --help --version" dbcsign ''
expect_comp "prefix si" "sign sign-tool" dbcsign si
expect_comp "prefix --v" "--version" dbcsign --v

# Subcommands.
expect_comp "wallet subcommands" "new import list show export remove passwd" dbcsign wallet ''
expect_comp "wallet sh" "show" dbcsign wallet sh
expect_comp "hw subcommands" "list version address" dbcsign hw ''
expect_comp "tx subcommands" "rent confirm relet call decode sign submit" dbcsign tx ''
expect_has "node peers" peers dbcsign node --url http://x:1 ''
expect_has "node restart" restart dbcsign node re
expect_has "after a flag value, still the subcommand" logs dbcsign node --peer abc --timeout 5 l
expect_has "--lines in node logs takes a value" --tail dbcsign node logs 1 --lines 5 --t

# Flags and values.
expect_comp "sign --l" "--lines --ledger --ledger-cla" dbcsign sign --l
expect_comp "triple --st" "--stream" dbcsign triple --suri //Alice --st
expect_comp "--scheme values" "sr25519 ed25519 ecdsa" dbcsign sign --scheme ''
expect_comp "triple --output values" "json text env sign-tool" dbcsign triple --output ''
expect_comp "inspect --output values" "text json" dbcsign inspect --output ''
expect_comp "--words values" "12 15 18 21 24" dbcsign generate --words ''
expect_comp "--suri dev accounts" "//Alice" dbcsign sign --suri //A
expect_comp "nothing for a free value" "" dbcsign sign --message ''
: >"$T_TMP/keyfile"
expect_has "file names after --suri-file" "$T_TMP/keyfile" dbcsign sign --suri-file "$T_TMP/key"
# Wallet names from $DBCSIGN_HOME.
mkdir "$T_TMP/w" && : >"$T_TMP/w/alpha.json" && : >"$T_TMP/w/beta.json" && : >"$T_TMP/w/notes.txt"
DBCSIGN_HOME=$T_TMP/w; export DBCSIGN_HOME
expect_comp "--key wallet names" "alpha beta" dbcsign sign --key ''
expect_comp "wallet show NAME" "alpha" dbcsign wallet show al
unset DBCSIGN_HOME

# Every flag a command's --help mentions is offered after `dbcsign CMD --`.
for c in $cmds; do
	"$D" "$c" --help >"$T_TMP/help" 2>&1
	comp dbcsign "$c" -- >"$T_TMP/offered"
	missing=''
	for f in $(grep -oE -- '--[a-z][a-z0-9-]*' "$T_TMP/help" | sort -u); do
		grep -qx -- "$f" "$T_TMP/offered" || missing="$missing $f"
	done
	if [ -z "$missing" ]; then t_ok; else
		T_FAIL=$((T_FAIL + 1)); echo "FAIL $T_NAME: $c: --help flags not completed:$missing"; fi
done

t_done
