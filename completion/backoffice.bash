# bash completion for backoffice(1)                        -*- shell-script -*-
#
# Installed as share/bash-completion/completions/backoffice (bash-completion
# loads it on the first TAB after "backoffice"), or sourced by hand. It needs
# nothing from bash-completion itself.
#
# The commands, sub-commands and options are read from the binary's own
# --help at each TAB (help opens no store), so they cannot fall behind the
# binary. Values: formats, roles, statuses, fields and projector names are
# fixed words; SKUs, tenants and users are read from the store the line
# names (its --db, --tenant and --user), and when that fails nothing is
# offered.

# The binary to ask: the word being completed names it (a path, or a name
# on PATH).
_backoffice_bin() {
	local b=${COMP_WORDS[0]}
	b=${b/#\~/$HOME}
	command -v -- "$b" >/dev/null 2>&1 && printf '%s' "$b" || printf backoffice
}

# _backoffice_help [WORD...]: the help text of that level, empty on failure.
_backoffice_help() {
	"$(_backoffice_bin)" "$@" --help 2>/dev/null
}

_backoffice_commands() {
	_backoffice_help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 }
		on && /^  [a-z]/ { print $1 }'
}

# _backoffice_subs CMD: the sub-commands listed under CMD.
_backoffice_subs() {
	_backoffice_help | awk -v c="$1" '/^Commands:/ { on = 1; next }
		/^$/ { on = 0 } !on { next }
		/^  [a-z]/ { here = ($1 == c); next }
		here && /^    / { for (i = 1; i <= NF; i++) print $i }'
}

# _backoffice_options CMD [SUB]: the options its help names (usage line and
# option lines), the global ones and --help.
_backoffice_options() {
	{
		_backoffice_help "$@" | awk '/^Usage:/ || /^       / || /^  -/' |
			grep -o -- '--[a-z][a-z-]*'
		printf '%s\n' --db --tenant --user --format --help
	} | sort -u
}

# _backoffice_unquote WORD: WORD as the shell will pass it, for the simple
# cases (quotes around the whole word, a leading ~).
_backoffice_unquote() {
	local v=$1
	case $v in
	\'*\') v=${v:1:${#v}-2} ;;
	\"*\") v=${v:1:${#v}-2} ;;
	esac
	printf '%s' "${v/#\~/$HOME}"
}

# _backoffice_store_args: the --db, --tenant and --user of the line (into
# _backoffice_store), to pass on to the commands that list from the store.
_backoffice_store_args() {
	local i w
	_backoffice_store=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db | --tenant | --user)
			# not the word being completed
			((i + 1 < COMP_CWORD)) &&
				_backoffice_store+=("$w" "$(_backoffice_unquote "${COMP_WORDS[i + 1]}")")
			;;
		--db=* | --tenant=* | --user=*) _backoffice_store+=("$w") ;;
		esac
	done
}

# _backoffice_list WORDS...: the first column of that listing as CSV,
# without its header and the guard quote a cell starting with - gets.
_backoffice_list() {
	_backoffice_store_args
	"$(_backoffice_bin)" "${_backoffice_store[@]}" "$@" --format csv \
		2>/dev/null | awk -F, 'NR > 1 { sub(/^\047/, "", $1); print $1 }'
}

_backoffice_skus() { _backoffice_list product list --all; }
_backoffice_tenants() { _backoffice_list tenant list; }
_backoffice_users() { _backoffice_list user list; }

_backoffice() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd= sub= npos=0 i w words

	COMPREPLY=()
	# the command, its sub-command and how many words follow them, the
	# values of options skipped
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--db | --tenant | --user | --format) ((i++)) ;;
		--) ;;
		-*)
			# an option of the sub-command that takes a value
			if [[ -n $sub && $(_backoffice_help "$cmd" "$sub") == *"$w "[A-Z]* ]]; then
				((i++))
			fi
			;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			elif [[ -z $sub && $cmd != init ]]; then
				sub=$w
			else
				((npos++))
			fi
			;;
		esac
	done

	# the value of an option
	case $prev in
	--format) words="table json csv" ;;
	--role) words="admin support manager" ;;
	--reason)
		# a stock adjustment's reason is a word of five; others are free text
		[[ "$cmd $sub" == "product stock" ]] &&
			words="received counted damaged returned correction"
		;;
	--tenant) words=$(_backoffice_tenants) ;;
	--user) words=$(_backoffice_users) ;;
	--db | --to)
		# product bulk category --to is a category: no file names
		[[ "$cmd $sub" == "product bulk" ]] && return 0
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	--status)
		if [[ "$cmd $sub" == "product list" || "$cmd $sub" == "product bulk" ]]; then
			words="active retired all"
		else
			words="placed paid shipped delivered cancelled"
		fi
		;;
	--refunded) words="any full part" ;;
	--field) words="sku name description price tax_rate stock low_stock status category tags" ;;
	--stock)
		if [[ "$cmd $sub" == "product list" || "$cmd $sub" == "product bulk" ]]; then
			words="out low untracked"
		else
			words="none"
		fi
		;;
	--low-stock) words="default" ;;
	--sku)
		[[ $cmd == report || "$cmd $sub" == "product bulk" ]] &&
			words=$(_backoffice_skus)
		;;
	--round) words="cent 99 90" ;;
	--by) [[ "$cmd $sub" == "report products" ]] && words="category" ;;
	--skus)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	--line)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -W "$(_backoffice_skus | sed 's/$/:/')" -- "$cur"))
		return 0
		;;
	esac
	if [[ -n $words || ($prev == --* && $prev != --help && $prev != --version &&
		$prev != --refund && $prev != --all && $prev != --open &&
		$prev != --follow && $prev != --force && $prev != --dry-run &&
		$prev != --skip-unreadable && $prev != --no-mouse && $prev != --none) ]]; then
		# an option that takes a value: its words, or nothing to offer
		if [[ -n $words ]]; then
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
			return 0
		fi
		if [[ -n $cmd && $(_backoffice_help "$cmd" $sub) == *"$prev "[A-Z]* ]]; then
			return 0
		fi
	fi

	if [[ $cur == -* ]]; then
		if [[ -z $cmd ]]; then
			words="--db --tenant --user --format --help -h --version --no-mouse"
		else
			words=$(_backoffice_options "$cmd" $sub)
		fi
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return 0
	fi

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(_backoffice_commands)" -- "$cur"))
		return 0
	fi
	if [[ $cmd == help ]]; then
		if [[ -z $sub ]]; then
			words=$(_backoffice_commands)
		elif ((npos == 0)); then
			words=$(_backoffice_subs "$sub")
		fi
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return 0
	fi
	if [[ -z $sub ]]; then
		COMPREPLY=($(compgen -W "$(_backoffice_subs "$cmd")" -- "$cur"))
		return 0
	fi

	# positional values
	case "$cmd $sub $npos" in
	"product show 0" | "product edit 0" | "product retire 0" | \
		"product reactivate 0" | "product undo 0" | \
		"product delete 0" | "product history 0" | "product revert 0" | \
		"product stock 0")
		words=$(_backoffice_skus)
		;;
	"product bulk 0") words="reprice tax retire reactivate category tag undo list" ;;
	"tenant move 0") words=$(_backoffice_tenants | tail -n +2) ;;
	"user disable 0" | "user enable 0" | "user role 0") words=$(_backoffice_users) ;;
	"user role 1") words="admin support manager" ;;
	"projections run 0" | "projections rebuild 0" | "projections verify 0")
		words="orders reports"
		;;
	"events import 0")
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	esac
	[[ -n $words ]] && COMPREPLY=($(compgen -W "$words" -- "$cur"))
	return 0
}

complete -F _backoffice backoffice
