# SPDX-License-Identifier: Apache-2.0
# bash completion for voxport (installed by `make install` as
# share/bash-completion/completions/voxport).  Everything comes from the
# binary itself: the commands from `voxport help`, each command's options
# from its --help, format and target names from `voxport formats --names`,
# schema names from `voxport schema`, so nothing here goes stale.
_voxport()
{
	local cur prev cmd words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}

	if [ "$COMP_CWORD" -eq 1 ]; then
		words=$(voxport help 2>/dev/null |
			sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
		COMPREPLY=($(compgen -W "$words --help --version" -- "$cur"))
		return
	fi
	case $prev in
	-F|--from)
		COMPREPLY=($(compgen -W "$(voxport formats --names sources)" \
			-- "$cur"))
		return ;;
	-t|--to)
		COMPREPLY=($(compgen -W "$(voxport formats --names targets)" \
			-- "$cur"))
		return ;;
	--categories)
		COMPREPLY=($(compgen -W "subject contacts calls messages
			recordings" -- "$cur"))
		return ;;
	--third-party)
		COMPREPLY=($(compgen -W "keep mask hash" -- "$cur"))
		return ;;
	--request)
		COMPREPLY=($(compgen -W "access portability migration" \
			-- "$cur"))
		return ;;
	--on-error)
		COMPREPLY=($(compgen -W "fail skip" -- "$cur"))
		return ;;
	--shard)
		COMPREPLY=($(compgen -W "auto 0/2 1/2" -- "$cur"))
		return ;;
	-d|--output-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-o|--output|-c|--config|--passphrase-file|--third-party-key-file|\
	--subjects)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	if [ "$cmd" = init ] && [ "${cur#-}" = "$cur" ]; then
		COMPREPLY=($(compgen -d -- "$cur"))
		return
	fi
	if [ "$cmd" = schema ] || [ "$cmd" = help ]; then
		if [ "$cmd" = schema ]; then
			words=$(voxport schema 2>/dev/null)
		else
			words=$(voxport help 2>/dev/null |
				sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
		fi
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi
	case $cur in
	-*)
		words=$(voxport "$cmd" --help 2>/dev/null |
			grep -o -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
}
complete -F _voxport voxport
