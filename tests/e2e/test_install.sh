# make install and make uninstall, as a packager runs them: PREFIX=/usr into
# a temporary DESTDIR. The installed binary works from elsewhere with an
# empty home (init, product add, its man page); a program of the shop's own
# (doc/examples/place_order.c) builds against the installed library and
# headers through the installed backoffice.pc, places and pays an order, and
# the installed CLI shows it paid; make uninstall then leaves nothing.
#
# The Makefile's e2e target says in BACKOFFICE_BUILD and BACKOFFICE_TARGET
# how this binary was built; make install reuses that build (nothing in the
# source tree is written). Run by hand without them, the script builds into
# a directory of its own instead.
. "$E2E_LIB"

if [ "$E2E_BACKEND" != sqlite ]; then
	echo "  skip on $E2E_BACKEND: the install is the same on every backend (its SQLite pass covers it)"
	finish
	exit 0
fi

SRC=${BACKOFFICE_SRC:-$(cd "$(dirname "$E2E_LIB")/../.." && pwd)}
for w in $BACKOFFICE_BIN; do BIN=$w; done
RUNNER=${BACKOFFICE_BIN%"$BIN"}
TOP=$PWD
DEST=$TOP/dest
if [ -n "${BACKOFFICE_BUILD:-}" ] && [ -n "${BACKOFFICE_TARGET:-}" ]; then
	set -- BUILD="$BACKOFFICE_BUILD" BIN="$BACKOFFICE_TARGET" \
		SAN="${BACKOFFICE_SAN:-}" OPT="${BACKOFFICE_OPT:--O2 -g}"
else
	set -- BUILD="$TOP/build" BIN="$TOP/build/backoffice"
fi
# make as a packager types it (none of the suite's own make's settings)
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$SRC" \
		"$@" >"$TOP/make.log" 2>&1
}

# the source tree as it was, to show the install wrote nothing there
src_state() {
	(cd "$SRC" && git status --porcelain 2>/dev/null | sort) >"$1"
}
src_state "$TOP/src.before"

# 1. make install
if mk "$@" PREFIX=/usr DESTDIR="$DEST" install; then
	pass "make install PREFIX=/usr DESTDIR=..."
else
	fail "make install"
	sed 's/^/    /' "$TOP/make.log" | tail -30
	finish
	exit 1
fi
for f in usr/bin/backoffice usr/share/man/man1/backoffice.1 \
	usr/share/bash-completion/completions/backoffice \
	usr/share/zsh/site-functions/_backoffice usr/lib/libbackoffice.a \
	usr/lib/pkgconfig/backoffice.pc usr/include/backoffice/domain/app.h \
	usr/include/backoffice/adapters/sqlite/sqlite_store.h \
	usr/include/backoffice/adapters/sys/backends.h; do
	if [ -f "$DEST/$f" ]; then
		pass "installed /$f"
	else
		fail "make install left no /$f"
	fi
done
if [ -x "$DEST/usr/bin/backoffice" ]; then
	pass "the binary is executable"
else
	fail "/usr/bin/backoffice is not executable"
fi
if find "$DEST" -name '*.tmp-*' | grep -q .; then
	fail "make install left temporary files: $(find "$DEST" -name '*.tmp-*')"
else
	pass "no temporary file left"
fi
if find "$DEST/usr/include" -path '*tui*' | grep -q . ||
	grep -rq 'tui/' "$DEST/usr/include"; then
	fail "a TUI header was installed"
else
	pass "no TUI header installed"
fi
find "$DEST" ! -type d | sort >"$TOP/installed.txt"
src_state "$TOP/src.after"
same_file "$TOP/src.before" "$TOP/src.after" "the source tree after make install"

# 2. The installed binary, from a directory outside the source tree, with a
# home and XDG directories that are empty.
mkdir -p "$TOP/elsewhere" "$TOP/home" "$TOP/xdg/data" "$TOP/xdg/config" \
	"$TOP/xdg/cache" "$TOP/xdg/state"
cd "$TOP/elsewhere" || exit 1
export HOME="$TOP/home" XDG_DATA_HOME="$TOP/xdg/data" \
	XDG_CONFIG_HOME="$TOP/xdg/config" XDG_CACHE_HOME="$TOP/xdg/cache" \
	XDG_STATE_HOME="$TOP/xdg/state"
unset BACKOFFICE_DB BACKOFFICE_USER BACKOFFICE_TENANT
IBO="$RUNNER $DEST/usr/bin/backoffice"
expect_status 0 $IBO --version
expect_stdout_contains "backoffice 0.1.0 (git "
expect_status 0 $IBO init
if [ -f "$XDG_DATA_HOME/backoffice/default.db" ]; then
	pass "init made the default store under XDG_DATA_HOME"
else
	fail "no default store at $XDG_DATA_HOME/backoffice/default.db"
fi
expect_status 0 $IBO product add --sku MUG-1 --name "Blue mug" --price 12.50
expect_stdout_contains "MUG-1"
expect_status 0 $IBO product list --format csv
expect_stdout_contains "MUG-1,Blue mug"
if command -v man >/dev/null 2>&1; then
	expect_status 0 env MANWIDTH=80 man -l "$DEST/usr/share/man/man1/backoffice.1"
	expect_stdout_contains "backoffice - back office of an online shop"
	expect_stdout_contains "EXIT STATUS"
else
	printf '  skip: man is not installed (man-db): the installed page is not read\n'
fi
# the installed bash completion answers from the installed binary
got=$(bash -c '. "$1"; COMP_WORDS=("$2" ord); COMP_CWORD=1; _backoffice
	echo "${COMPREPLY[*]}"' sh \
	"$DEST/usr/share/bash-completion/completions/backoffice" \
	"$DEST/usr/bin/backoffice" 2>&1)
if [ "$got" = order ]; then
	pass "the installed bash completion completes 'ord' to order"
else
	fail "the installed bash completion gave '$got' for 'ord'"
fi

# 3. A program built against the installed library, headers and .pc.
export PKG_CONFIG_PATH="$DEST/usr/lib/pkgconfig"
run pkg-config --define-prefix --cflags --libs backoffice
flags=$(cat "$E2E_OUT")
if [ "$E2E_STATUS" -eq 0 ] && [ -n "$flags" ]; then
	pass "pkg-config --define-prefix --cflags --libs backoffice: $flags"
else
	fail "pkg-config knows no backoffice in $PKG_CONFIG_PATH"
	show_last
fi
for f in "-I$DEST/usr/include/backoffice" "-L$DEST/usr/lib" -lbackoffice \
	-lsqlite3 -lpq -lcjson -ldl; do
	case " $flags " in
	*" $f "*) pass "the flags have $f" ;;
	*) fail "the flags lack $f: $flags" ;;
	esac
done
# shellcheck disable=SC2086
expect_status 0 ${CC:-cc} -std=c11 -Wall -Wextra -Werror ${BACKOFFICE_SAN:-} \
	-o place_order "$SRC/doc/examples/place_order.c" $flags
expect_status 0 $RUNNER ./place_order "$TOP/shop.db"
id=$(cat "$E2E_OUT")
case $id in
'' | *[!0-9]*) fail "place_order printed '$id', not an order number" ;;
*) pass "place_order placed order $id" ;;
esac
expect_status 0 $IBO --db "sqlite:$TOP/shop.db" --user shop --format csv order show "$id"
cp "$E2E_OUT" order.csv
for want in status=paid customer_email=ann@example.com total=25.00 \
	outstanding=0.00; do
	# the value under the header of that name
	got=$(awk -F, -v col="${want%%=*}" 'NR == 1 { for (i = 1; i <= NF; i++)
		if ($i == col) c = i } NR == 2 { print $c }' order.csv)
	if [ "$got" = "${want#*=}" ]; then
		pass "order show: $want"
	else
		fail "order show: ${want%%=*} is '$got', not ${want#*=}"
		sed 's/^/    | /' order.csv
	fi
done

# 4. make uninstall: nothing that install put there is left.
cd "$TOP" || exit 1
if mk "$@" PREFIX=/usr DESTDIR="$DEST" uninstall; then
	pass "make uninstall"
else
	fail "make uninstall"
	sed 's/^/    /' "$TOP/make.log" | tail -30
fi
left=$(while read -r f; do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done <installed.txt)
if [ -z "$left" ] && [ -z "$(find "$DEST" ! -type d)" ]; then
	pass "nothing of the $(wc -l <installed.txt) installed files is left"
else
	fail "make uninstall left: $left $(find "$DEST" ! -type d)"
fi
src_state "$TOP/src.after"
same_file "$TOP/src.before" "$TOP/src.after" "the source tree after make uninstall"
rm -rf "$TOP/build"

finish
