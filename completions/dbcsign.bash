# bash completion for dbcsign(1). Installed by `make install` into
# $(PREFIX)/share/bash-completion/completions/dbcsign; or source this file.
# Static lists (no dbcsign process per <Tab>); tests/cli/test_completion.sh checks that every
# flag a command's --help lists is offered here.

_dbcsign_keysrc='--suri-file --suri-fd --suri --scheme --password-file --password-fd --key
	--keystore-json --ledger --account --change --index --ledger-cla'

# _dbcsign_flags COMMAND: the flags a command takes (for node/wallet/tx/hw: all subcommands').
_dbcsign_flags() {
	case $1 in
	generate) echo '--scheme --words --network --output --help' ;;
	inspect) echo "$_dbcsign_keysrc --public --network --output --help" ;;
	sign) echo "$_dbcsign_keysrc --message --hex --wrap --lines --hex-lines --help" ;;
	verify) echo '--signature --public --scheme --message --hex --wrap --help' ;;
	nonce) echo '--count --help' ;;
	triple) echo "$_dbcsign_keysrc --session-id --wallet --output --count --stream --help" ;;
	sign-tool) echo '--help' ;;
	node) echo "$_dbcsign_keysrc --url --peer --timeout --session-id --session-sign --multisig
		--wallet --image --desc --os --bios --ssh-port --rdp-port --vnc-port --gpus --cpus --mem
		--disk --data-file --network-name --public-ip --task-id --interface-model --custom-port
		--multicast --filter --additional --wait --wait-interval --wait-timeout --force --head
		--tail --lines --username --new-password-file --image-server --global --lan --body
		--help" ;;
	wallet) echo "$_dbcsign_keysrc --words --scrypt-n --force --from-json --phrase-fd --new-password-file
		--new-password-fd --yes --out --output --help" ;;
	tx) echo "$_dbcsign_keysrc --machine --gpus --duration --rent-id --args --rpc --yes --output
		--no-wait --wait --timeout --nonce --tip --era --unsigned --from --out --offline
		--metadata --genesis --spec-version --tx-version --block-number --block-hash --help" ;;
	hw) echo '--ledger --ledger-cla --account --change --index --scheme --network --show
		--output --help' ;;
	esac
}

_dbcsign_subcommands() {
	case $1 in
	node) echo 'tasks task create start stop shutdown poweroff reset delete restart logs modify
		passwd session-id machine images peers request' ;;
	wallet) echo 'new import list show export remove passwd' ;;
	tx) echo 'rent confirm relet call decode sign submit' ;;
	hw) echo 'list version address' ;;
	esac
}

# _dbcsign_takes_value OPTION: 0 if OPTION's value is the next word.
_dbcsign_takes_value() {
	case $1 in
	--suri-file | --suri-fd | --suri | --scheme | --password-file | --password-fd | --key | \
	--keystore-json | --account | --change | --index | --ledger-cla | --network | --output | \
	--words | --public | --message | --hex | --signature | --count | --session-id | --wallet | \
	--url | --peer | --timeout | --session-sign | --multisig | --image | --desc | --os | --bios | \
	--ssh-port | --rdp-port | --vnc-port | --gpus | --cpus | --mem | --disk | --data-file | \
	--network-name | --public-ip | --task-id | --interface-model | --custom-port | --multicast | \
	--filter | --additional | --wait-interval | --wait-timeout | --lines | --username | \
	--new-password-file | --new-password-fd | --phrase-fd | --image-server | --body | --scrypt-n | --from-json | \
	--out | -o | --machine | --duration | --rent-id | --args | --rpc | --nonce | --tip | --era | \
	--from | --metadata | --genesis | --spec-version | --tx-version | --block-number | \
	--block-hash) return 0 ;;
	esac
	return 1
}

_dbcsign_wallet_names() {
	local dir=${DBCSIGN_HOME:-$HOME/.config/dbcsign/wallets} f
	for f in "$dir"/*.json; do
		[ -f "$f" ] || continue
		f=${f##*/}
		echo "${f%.json}"
	done
}

_dbcsign() {
	local cur prev cmd i sub words
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	local commands='generate inspect sign verify nonce triple sign-tool node wallet tx hw'

	# The command is the first word after dbcsign that is not an option.
	cmd=''
	sub=''
	for ((i = 1; i < COMP_CWORD; i++)); do
		# `node logs --lines N`: --lines takes a value there, but not in `sign --lines`.
		if [ "$cmd" != sign ] && _dbcsign_takes_value "${COMP_WORDS[i-1]}"; then
			continue
		fi
		case ${COMP_WORDS[i]} in
		-*) ;;
		*)
			if [ -z "$cmd" ]; then
				cmd=${COMP_WORDS[i]}
			elif [ -z "$sub" ] && [ -n "$(_dbcsign_subcommands "$cmd")" ]; then
				sub=${COMP_WORDS[i]}
			fi
			;;
		esac
	done

	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return 0
	fi

	# Values of options that take one.
	case $prev in
	--scheme) COMPREPLY=($(compgen -W 'sr25519 ed25519 ecdsa' -- "$cur")); return 0 ;;
	--output)
		case $cmd in
		triple) words='json text env sign-tool' ;;
		*) words='text json' ;;
		esac
		COMPREPLY=($(compgen -W "$words" -- "$cur")); return 0 ;;
	--words) COMPREPLY=($(compgen -W '12 15 18 21 24' -- "$cur")); return 0 ;;
	--scrypt-n) COMPREPLY=($(compgen -W '15 17' -- "$cur")); return 0 ;;
	--os) COMPREPLY=($(compgen -W 'linux windows' -- "$cur")); return 0 ;;
	--bios) COMPREPLY=($(compgen -W 'legacy uefi pxe' -- "$cur")); return 0 ;;
	--interface-model) COMPREPLY=($(compgen -W 'e1000 rtl8139' -- "$cur")); return 0 ;;
	--era) COMPREPLY=($(compgen -W 'immortal' -- "$cur")); return 0 ;;
	--key) COMPREPLY=($(compgen -W "$(_dbcsign_wallet_names)" -- "$cur")); return 0 ;;
	--suri-file | --password-file | --new-password-file | --keystore-json | --from-json | \
	--multisig | --additional | --body | --metadata | --out | -o)
		COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
	--suri)
		COMPREPLY=($(compgen -W '//Alice //Bob //Charlie //Dave //Eve //Ferdie' -- "$cur"))
		return 0 ;;
	--suri-fd | --password-fd | --new-password-fd | --phrase-fd | --count | --account | --change | --index | \
	--ledger-cla | --network | --message | --hex | --signature | --public | --session-id | \
	--session-sign | --wallet | --url | --peer | --timeout | --rpc | --rent-id | --machine | \
	--gpus | --duration | --args | --nonce | --tip | --from | --genesis | --spec-version | \
	--tx-version | --block-number | --block-hash)
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_dbcsign_flags "$cmd")" -- "$cur"))
		return 0
	fi
	if [ -z "$sub" ] && [ -n "$(_dbcsign_subcommands "$cmd")" ]; then
		COMPREPLY=($(compgen -W "$(_dbcsign_subcommands "$cmd")" -- "$cur"))
		return 0
	fi
	case $cmd/$sub in
	wallet/show | wallet/export | wallet/remove | wallet/passwd)
		COMPREPLY=($(compgen -W "$(_dbcsign_wallet_names)" -- "$cur")) ;;
	tx/sign | tx/submit | tx/decode)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	return 0
}
complete -F _dbcsign dbcsign
