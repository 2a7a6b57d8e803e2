# dbcsign tx --help and tx SUB --help: the overview lists every subcommand, and each
# subcommand's help is its own (synopsis, arguments, options, examples, exit codes) on stdout,
# exit 0, nothing on stderr. The options a help names must be exactly the list kept here for
# that subcommand, and every one of them must get through the real option parser: probing
# `tx SUB --opt[=VALUE] --help` exits 0 only if the parser took --opt (an unknown option, or a
# value where none belongs, exits 2 before --help is reached). No network is used: --help
# returns during option parsing, and a probe that slips past it stops at a missing argument.
. "$(dirname "$0")/lib.sh"
D=$DBCSIGN

SUBS='rent confirm relet call decode sign submit'
KEYSRC='--suri-file --suri-fd --suri --scheme --password-file --password-fd --key
	--keystore-json --ledger --account --change --index --ledger-cla'
BUILD='--rpc --yes --output --no-wait --timeout --nonce --tip --era --block-number
	--block-hash --unsigned --from --out --offline --metadata --genesis --spec-version
	--tx-version --help'
# The options each subcommand uses (cli/cmd_tx.c: run_build, run_decode, run_sign, run_submit).
opts_of() {
	case $1 in
	rent) echo "$KEYSRC $BUILD --machine --gpus --duration" ;;
	confirm) echo "$KEYSRC $BUILD --rent-id" ;;
	relet) echo "$KEYSRC $BUILD --rent-id --duration" ;;
	call) echo "$KEYSRC $BUILD --args" ;;
	decode) echo '--metadata --rpc --output --help' ;;
	sign) echo "$KEYSRC --metadata --out --yes --help" ;;
	submit) echo '--wait --no-wait --timeout --rpc --output --help' ;;
	esac
}
# Options that take a value, and a value the parser accepts at parse time.
value_of() {
	case $1 in
	--output) echo json ;;
	--scheme) echo sr25519 ;;
	--suri) echo //Alice ;;
	--suri-fd | --password-fd) echo 3 ;;
	--ledger-cla) echo 0x90 ;;
	--yes | --no-wait | --wait | --unsigned | --offline | --help | --ledger) ;;
	*) echo 1 ;;
	esac
}
sorted() { printf '%s\n' $* | sort -u; }
# documented FILE: the options a help describes: those in the option column of its option
# lines (indented, starting with '-'; the column ends at the first run of two spaces), and
# every option of the shared key-source block. A mention in the synopsis or in another
# option's description does not count.
documented() {
	awk '/^key source \(exactly one\):/ { ks = 1 }
	{ line = $0 }
	!ks { if (line !~ /^ +-/) next; sub(/^ +/, "", line); i = index(line, "  ")
		if (i > 0) line = substr(line, 1, i - 1) }
	{ while (match(line, /--[a-z][a-z0-9-]*/)) {
		print substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH) } }' "$1" |
		sort -u
}

# ---- tx --help: the overview ----
t_run "$D" tx --help
expect_rc 0 "tx --help"
[ ! -s "$ERR" ] && t_ok || t_bad "tx --help: stderr not empty"
expect_out_match '^usage: dbcsign tx SUBCOMMAND' "tx --help synopsis"
expect_out_match 'see dbcsign tx SUB --help' "tx --help points to SUB --help"
expect_out_match '^exit codes: 0 ok' "tx --help exit codes"
cp "$OUT" "$T_TMP/overview"
listed=$(awk '/^subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { if (on) exit }' "$T_TMP/overview")
[ "$(sorted $listed)" = "$(sorted $SUBS)" ] && t_ok ||
	t_bad "tx --help lists [$(echo $listed)], want [$SUBS]"
[ "$(wc -l <"$T_TMP/overview")" -le 25 ] && t_ok || t_bad "tx --help is a short overview"
grep -q -- '--suri-file' "$T_TMP/overview" && t_bad "tx --help carries the key-source block" || t_ok
t_run "$D" tx help
expect_rc 0 "tx help"
cmp -s "$OUT" "$T_TMP/overview" && t_ok || t_bad "tx help differs from tx --help"
t_run "$D" tx -h
cmp -s "$OUT" "$T_TMP/overview" && t_ok || t_bad "tx -h differs from tx --help"
t_run "$D" help tx
expect_rc 0 "dbcsign help tx"
t_run "$D" tx
expect_rc 2 "tx without a subcommand"
expect_out_empty "tx without a subcommand"

# ---- tx SUB --help ----
for s in $SUBS; do
	t_run "$D" tx "$s" --help
	expect_rc 0 "tx $s --help"
	[ ! -s "$ERR" ] && t_ok || t_bad "tx $s --help: stderr not empty"
	expect_out_match "^usage: dbcsign tx $s( |\$)" "tx $s --help: its own synopsis"
	expect_out_match '^exit codes: 0 ' "tx $s --help: exit codes line"
	expect_out_match "^examples:" "tx $s --help: examples"
	expect_out_match "^  dbcsign tx $s " "tx $s --help: an example of tx $s"
	cmp -s "$OUT" "$T_TMP/overview" && t_bad "tx $s --help is the overview" || t_ok
	# No other subcommand's synopsis.
	for o in $SUBS; do
		[ "$o" = "$s" ] && continue
		grep -Eq "^usage: dbcsign tx $o( |\$)" "$OUT" && t_bad "tx $s --help shows tx $o's synopsis" || t_ok
	done
	cp "$OUT" "$T_TMP/help.$s"

	# The options named in the help are exactly the list above.
	named=$(grep -oE -- '--[a-z][a-z0-9-]*' "$T_TMP/help.$s" | sort -u)
	want=$(sorted $(opts_of "$s"))
	if [ "$named" = "$want" ]; then t_ok; else
		t_bad "tx $s --help options: missing [$(echo $(printf '%s\n' "$want" | grep -vxF -- "$named"))]," \
			"unexpected [$(echo $(printf '%s\n' "$named" | grep -vxF -- "$want"))]"
	fi
	desc=$(documented "$T_TMP/help.$s")
	if [ "$desc" = "$want" ]; then t_ok; else
		t_bad "tx $s --help: options without their own line: [$(echo $(printf '%s\n' "$want" | grep -vxF -- "$desc"))]"
	fi
	grep -q -- '-o, --out' "$T_TMP/help.$s" && { echo "$want" | grep -qx -- --out && t_ok ||
		t_bad "tx $s --help: -o without --out in the list"; } || t_ok

	# Each of them gets through the parser (stdout is then this help again).
	for f in $want; do
		[ "$f" = --help ] && continue
		v=$(value_of "$f")
		if [ -n "$v" ]; then t_run "$D" tx "$s" "$f=$v" --help; else t_run "$D" tx "$s" "$f" --help; fi
		if [ "$RC" -eq 0 ] && cmp -s "$OUT" "$T_TMP/help.$s"; then t_ok; else
			t_bad "tx $s: parser does not take $f${v:+=$v} (exit $RC)"; fi
	done

	# -h and `tx help SUB` print the same help.
	t_run "$D" tx "$s" -h
	expect_rc 0 "tx $s -h"
	cmp -s "$OUT" "$T_TMP/help.$s" && t_ok || t_bad "tx $s -h differs from --help"
	t_run "$D" tx help "$s"
	expect_rc 0 "tx help $s"
	cmp -s "$OUT" "$T_TMP/help.$s" && t_ok || t_bad "tx help $s differs from tx $s --help"

	# The probe can fail: an unknown option, and a value given to a flag, exit 2 with one line.
	expect_bad_input "tx $s --no-such-option --help" "$D" tx "$s" --no-such-option --help
	expect_bad_input "tx $s --yes=1 --help" "$D" tx "$s" --yes=1 --help
done

# ---- the options a subcommand does not list are refused, not ignored ----
# Every tx option (the union of the lists above) that a subcommand's list lacks: exit 2, one
# stderr line naming it, nothing on stdout. --help after it makes an ignored option visible
# (it would print the help and exit 0); the value is a valid one, so only the option is wrong.
ALL=$(sorted $(for s in $SUBS; do opts_of "$s"; done))
for s in $SUBS; do
	mine=$(sorted $(opts_of "$s"))
	for f in $(printf '%s\n' "$ALL" | grep -vxF -- "$mine"); do
		v=$(value_of "$f")
		if [ -n "$v" ]; then t_run "$D" tx "$s" "$f=$v" --help; else t_run "$D" tx "$s" "$f" --help; fi
		expect_rc 2 "tx $s $f"
		expect_out_empty "tx $s $f"
		expect_err_one_line "tx $s $f"
		grep -qxF -- "dbcsign: tx $s: option '$f' does not apply here" "$ERR" && t_ok ||
			t_bad "tx $s $f: stderr is not \"tx $s: option '$f' does not apply here\": $(head -c 200 "$ERR")"
	done
	# -o is --out: refused by its short name where --out is.
	if ! echo "$mine" | grep -qx -- --out; then
		expect_bad_input "tx $s -o" "$D" tx "$s" -o "$T_TMP/x" --help
		grep -qF -- "option '-o' does not apply here" "$ERR" && t_ok || t_bad "tx $s -o: $(head -c 200 "$ERR")"
	fi
done
# The refusal comes before the value is read (a bad value is still the wrong option), and
# wherever the option sits among the arguments.
t_run "$D" tx decode --suri-fd=x 0x00
grep -qF -- "tx decode: option '--suri-fd' does not apply here" "$ERR" && t_ok || t_bad "tx decode --suri-fd=x: $(head -c 200 "$ERR")"
expect_bad_input "tx submit 0x00 --yes" "$D" tx submit 0x00 --yes
expect_bad_input "tx rent --wait (build)" "$D" tx rent --machine 1 --gpus 1 --duration 300 --suri //Alice --yes --wait

# tx --help is now only an overview, so test_manpage.sh and test_completion.sh (which read
# `dbcsign tx --help`) no longer see the subcommands' flags: check them here. Every flag of
# each tx SUB --help is in the man page and offered by bash completion after `tx SUB --`.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$ROOT/docs/dbcsign.1" >"$T_TMP/man.txt"
[ -s "$T_TMP/man.txt" ] && t_ok || t_bad "docs/dbcsign.1 readable"
for s in $SUBS; do
	missing=''
	for f in $(opts_of "$s"); do grep -q -- "$f\\b" "$T_TMP/man.txt" || missing="$missing $f"; done
	[ -z "$missing" ] && t_ok || t_bad "tx $s: flags of --help missing from the man page:$missing"
done
if command -v bash >/dev/null 2>&1; then
	for s in $SUBS; do
		bash -c '. "$1"; COMP_WORDS=(dbcsign tx "$2" --); COMP_CWORD=3; _dbcsign
			printf "%s\n" "${COMPREPLY[@]}"' bash "$ROOT/completions/dbcsign.bash" "$s" \
			>"$T_TMP/offered"
		missing=''
		for f in $(opts_of "$s"); do grep -qx -- "$f" "$T_TMP/offered" || missing="$missing $f"; done
		[ -z "$missing" ] && t_ok || t_bad "tx $s: --help flags not completed:$missing"
	done
else
	t_skip "bash absent: completion not checked"
fi

# rent/relet document the duration rules the code enforces (300-block multiple, 60 days,
# relet >= 100 blocks).
grep -q 'multiple of 300 blocks' "$T_TMP/help.rent" && t_ok || t_bad "rent help: multiple of 300"
grep -q 'at most 60 days' "$T_TMP/help.rent" && t_ok || t_bad "rent help: 60 days"
grep -q 'at least 100 blocks' "$T_TMP/help.relet" && t_ok || t_bad "relet help: 100 blocks"

# ---- usage errors stay one line on stderr, exit 2, no help dump ----
expect_bad_input "tx rent without --machine" "$D" tx rent --gpus 1 --duration 600 --suri //Alice --yes
expect_bad_input "tx confirm without --rent-id" "$D" tx confirm --suri //Alice --yes
expect_bad_input "tx relet without --duration" "$D" tx relet --rent-id 1 --suri //Alice --yes
expect_bad_input "tx call without Pallet.method" "$D" tx call --suri //Alice --yes
expect_bad_input "tx decode without input" "$D" tx decode
expect_bad_input "tx sign without request" "$D" tx sign
expect_bad_input "tx submit without input" "$D" tx submit
expect_bad_input "tx rent: option without its value" "$D" tx rent --machine
expect_bad_input "unknown subcommand" "$D" tx bogus --help
expect_bad_input "tx help of an unknown subcommand" "$D" tx help bogus
expect_bad_input "tx help with two names" "$D" tx help rent confirm

t_done
