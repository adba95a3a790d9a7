# Shell completion: completion/backoffice.bash, sourced into bash, answers
# TAB at a few places of a line (a command prefix, a sub-command, an option,
# fixed values, SKUs and tenants from a store this script makes); the zsh one
# parses (zsh -n) and gives the same answers with zsh's completion builtins
# stood in for. Skipped with a message where zsh is not installed.
. "$E2E_LIB"

SRC=${BACKOFFICE_SRC:-$(cd "$(dirname "$E2E_LIB")/../.." && pwd)}
BASH_FILE=$SRC/completion/backoffice.bash
ZSH_FILE=$SRC/completion/_backoffice
# the binary itself, without a runner prefix (valgrind): the shell runs it
for w in $BACKOFFICE_BIN; do BIN=$w; done

DB=$(store_url shop)
ADMIN=alice
expect_status 0 bo --db "$DB" --user "$ADMIN" init
expect_status 0 bo --db "$DB" --user "$ADMIN" product add --sku MUG-1 \
	--name "Blue mug" --price 12.50
expect_status 0 bo --db "$DB" --user "$ADMIN" product add --sku MUG-2 \
	--name "Red mug" --price 13.50
expect_status 0 bo --db "$DB" --user "$ADMIN" product add --sku TEA-1 \
	--name "Tea" --price 4
expect_status 0 bo --db "$DB" --user "$ADMIN" tenant create tokyo
expect_status 0 bo --db "$DB" --user "$ADMIN" tenant create toronto

# complete WANT WORD...: TAB after the words (the last is the one being
# completed) gives exactly WANT (sorted, space-separated).
complete_bash() {
	want=$1
	shift
	got=$(bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_backoffice; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		sh "$BASH_FILE" "$@" 2>bash.err | sed 's/ $//')
	if [ "$got" = "$want" ] && [ ! -s bash.err ]; then
		pass "bash: [$*] -> $got"
	else
		fail "bash: [$*]"
		echo "    expected: $want"
		echo "    got:      $got"
		sed 's/^/    stderr: /' bash.err
	fi
}

if ! command -v bash >/dev/null 2>&1; then
	fail "bash is not installed"
else
	if bash -n "$BASH_FILE"; then
		pass "bash -n: the bash completion parses"
	else
		fail "bash -n $BASH_FILE"
	fi
	complete_bash "product projections" "$BIN" pro
	complete_bash "order" "$BIN" --format json or
	complete_bash "add bulk categories delete edit export history import list reactivate retire revert show stock undo" "$BIN" product ""
	complete_bash "refund" "$BIN" order re
	complete_bash "--tags --tax-rate --tenant" "$BIN" product add --t
	complete_bash "--refund" "$BIN" order cancel 7 --reason late --ref
	complete_bash "--command-id" "$BIN" order note 7 --comm
	complete_bash "--db --format --help --no-mouse --tenant --user --version -h" "$BIN" -
	complete_bash "csv json table" "$BIN" --format ""
	complete_bash "cancelled delivered paid placed shipped" "$BIN" order list --status ""
	complete_bash "active all retired" "$BIN" product list --status ""
	complete_bash "low out untracked" "$BIN" product list --stock ""
	complete_bash "none" "$BIN" product edit MUG-1 --stock ""
	complete_bash "--add-tag" "$BIN" product edit MUG-1 --add
	complete_bash "admin manager support" "$BIN" user add sam --role ""
	complete_bash "correction counted damaged received returned" "$BIN" product stock MUG-1 --reason ""
	complete_bash "fail-payment find" "$BIN" help order f
	complete_bash "" "$BIN" order pay 7 --amount ""
	complete_bash "orders reports" "$BIN" projections rebuild ""
	complete_bash "reactivate reprice retire" "$BIN" product bulk re
	complete_bash "90 99 cent" "$BIN" product bulk reprice --by 1 --round ""
	complete_bash "category" "$BIN" product bulk c
	complete_bash "category" "$BIN" report products --by ""
	complete_bash "tag tax" "$BIN" product bulk ta
	complete_bash "low out untracked" "$BIN" product bulk tag --add x --stock ""
	complete_bash "active all retired" "$BIN" product bulk category --to A --status ""
	complete_bash "" "$BIN" product bulk category --to ""
	complete_bash "--price-max --price-min" "$BIN" product bulk category --none --pr
	# from the store the line names
	complete_bash "MUG-1 MUG-2" "$BIN" --db "$DB" --user "$ADMIN" product show MUG
	complete_bash "MUG-1 MUG-2 TEA-1" "$BIN" --db "$DB" --user "$ADMIN" product history ""
	complete_bash "MUG-1" "$BIN" --db "$DB" --user "$ADMIN" report products --sku MUG-1
	complete_bash "TEA-1:" "$BIN" --db "$DB" --user "$ADMIN" order place \
		--customer a@example.com --line T
	complete_bash "tokyo toronto" "$BIN" --db "$DB" --user "$ADMIN" --tenant to
	complete_bash "tokyo toronto" "$BIN" --db "$DB" --user "$ADMIN" tenant move ""
	complete_bash "alice" "$BIN" --db "$DB" --user "$ADMIN" user disable ""
	complete_bash "MUG-1 MUG-2" "$BIN" --db "$DB" --user "$ADMIN" product bulk retire --sku M
	complete_bash "MUG-1 MUG-2" "$BIN" --db "$DB" --user "$ADMIN" product undo M
	# the store's words as typed on the line: quoted
	complete_bash "MUG-1 MUG-2" "$BIN" --db "'$DB'" --user "\"$ADMIN\"" product show M
	# a store that is not there: nothing offered, nothing said
	complete_bash "" "$BIN" --db "sqlite:$PWD/none.db" --user "$ADMIN" product show ""
	if [ -e none.db ]; then
		fail "completion created a store"
	else
		pass "completion on a missing store creates none"
	fi
	# the binary found on PATH, by its name
	mkdir -p bin
	ln -sf "$BIN" bin/backoffice
	PATH=$PWD/bin:$PATH complete_bash "customer" backoffice cus
fi

# zsh: compadd, _describe and _files stood in for by functions that print
# what they were given.
complete_zsh() {
	want=$1
	shift
	got=$(zsh -f -c '
		compadd() {
			while [[ $1 == -* && $1 != -- ]]; do
				[[ $1 == -S ]] && shift; shift
			done
			[[ $1 == -- ]] && shift
			print -rl -- "$@"
		}
		_describe() { print -rl -- ${${(P)4}%%:*}; }
		_files() { print -r -- "(files)"; }
		# loaded as compinit would: the file is the function body
		fpath=("${1%/*}" $fpath); autoload -Uz _backoffice; shift
		words=("$@"); CURRENT=$#
		_backoffice' zsh "$ZSH_FILE" "$@" 2>zsh.err |
		awk -v cur="$(eval "printf '%s' \"\${$#}\"")" \
			'index($0, cur) == 1' | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ] && [ ! -s zsh.err ]; then
		pass "zsh: [$*] -> $got"
	else
		fail "zsh: [$*]"
		echo "    expected: $want"
		echo "    got:      $got"
		sed 's/^/    stderr: /' zsh.err
	fi
}

if ! command -v zsh >/dev/null 2>&1; then
	printf '  skip: zsh is not installed, so completion/_backoffice is not checked\n'
else
	if zsh -n "$ZSH_FILE"; then
		pass "zsh -n: the zsh completion parses"
	else
		fail "zsh -n $ZSH_FILE"
	fi
	complete_zsh "product projections" "$BIN" pro
	complete_zsh "refund" "$BIN" order re
	complete_zsh "--tags --tax-rate --tenant" "$BIN" product add --t
	complete_zsh "active all retired" "$BIN" product list --status ""
	complete_zsh "low out untracked" "$BIN" product list --stock ""
	complete_zsh "csv json table" "$BIN" --format ""
	complete_zsh "reactivate reprice retire" "$BIN" product bulk re
	complete_zsh "90 99 cent" "$BIN" product bulk reprice --round ""
	complete_zsh "category" "$BIN" product bulk c
	complete_zsh "category" "$BIN" report products --by ""
	complete_zsh "tag tax" "$BIN" product bulk ta
	complete_zsh "low out untracked" "$BIN" product bulk tag --stock ""
	complete_zsh "active all retired" "$BIN" product bulk category --status ""
	complete_zsh "--price-max --price-min" "$BIN" product bulk category --none --pr
	complete_zsh "MUG-1 MUG-2" "$BIN" --db "$DB" --user "$ADMIN" product show MUG
	complete_zsh "TEA-1:" "$BIN" --db "$DB" --user "$ADMIN" order place --line T
	complete_zsh "tokyo toronto" "$BIN" --db "$DB" --user "$ADMIN" --tenant to
	complete_zsh "MUG-1 MUG-2" "$BIN" --db "'$DB'" --user "\"$ADMIN\"" product show M
fi

finish
