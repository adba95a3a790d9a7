# Global options, help at every level, init and where the store lives.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice

# --version and -V: the version and git revision, then the libraries it
# runs with
for v in --version -V "product list --version"; do
	# shellcheck disable=SC2086
	expect_status 0 bo $v
	if head -n 1 "$E2E_OUT" | grep -Eq '^backoffice 0\.1\.0 \(git ([0-9a-f]{7,}(\+changes)?|unknown)\)$' &&
		sed -n 2p "$E2E_OUT" | grep -Eq '^SQLite [0-9.]+, libpq ([0-9]+\.[0-9]+|not available), ncurses [0-9.]+, cJSON [0-9.]+$' &&
		[ "$(wc -l <"$E2E_OUT")" -eq 2 ]; then
		pass "$v: the version, the revision and the libraries"
	else
		fail "$v printed: $(cat "$E2E_OUT")"
	fi
done

# No command: the top-level help, exit 0, and no store is created.
expect_status 0 bo
expect_stdout_contains "Usage: backoffice"
expect_stdout_contains "Exit status:"
for level in "" "help" "user" "product" "order" "events" "init" \
	"user add" "user list" "user disable" "user enable" "user role" \
	"product add" "product list" "product show" "product edit" \
	"product retire" "product delete" \
	"order place" "order pay" "order fail-payment" "order ship" \
	"order deliver" "order cancel" "order refund" "order note" \
	"order list" "order show" "order timeline" \
	"events export" "events import"; do
	# shellcheck disable=SC2086
	expect_status 0 bo $level --help
	[ "$level" = help ] || expect_stdout_contains "Usage: backoffice $level"
	expect_stdout_contains "Exit status: 0 success, 2 usage error"
	expect_status 0 bo $level -h
done
expect_status 0 bo help order refund
expect_stdout_contains "Usage: backoffice order refund ID --amount AMOUNT"
expect_stdout_contains "--reason TEXT"
# help wins over whatever else was typed, and opens no store
expect_status 0 bo --db "sqlite:$PWD/none.db" product add --bogus --help
expect_stdout_contains "--sku SKU"
if [ -e none.db ] || [ -n "$(ls "$XDG_DATA_HOME")" ]; then
	fail "--help created a store"
else
	pass "help creates no store"
fi

# Usage errors: exit 2, one line naming the thing, pointing at --help.
expect_status 2 bo frobnicate
expect_stderr_one_line
expect_stderr_contains "unknown command 'frobnicate'"
expect_stderr_contains "--help"
expect_status 2 bo product frob
expect_stderr_contains "unknown command 'product frob'"
expect_status 2 bo product
expect_stderr_contains "product needs a command"
expect_status 2 bo --db "$DB" --user alice product list --bogus
expect_stderr_contains "unknown option --bogus for product list"
expect_stderr_contains "backoffice product list --help"
expect_status 2 bo --format xml product list
expect_stderr_contains "--format must be table, json or csv"
expect_status 2 bo product list --limit
expect_stderr_contains "option --limit needs a value"
expect_status 2 bo product list --all=yes
expect_stderr_contains "option --all takes no value"
expect_status 2 bo --db a.db --db b.db product list
expect_stderr_contains "option --db is given twice"
expect_status 2 bo product show
expect_stderr_contains "product show needs SKU"
expect_status 2 bo product show A B
expect_stderr_contains "unexpected argument 'B'"
expect_status 2 bo --db "mysql://host/db" product list
expect_stderr_contains "--db"
expect_status 2 bo tenant move
expect_stderr_contains "tenant move needs --to"
expect_status 2 bo tenant rename
expect_stderr_contains "unknown command 'tenant rename'"
expect_status 2 bo tenant create
expect_stderr_contains "tenant create needs NAME"

# A missing store: exit 4 and how to make one.
expect_status 4 bo --db "$DB" --user alice product list
expect_stderr_one_line
expect_stderr_contains "no store at $(store_shown shop)"
expect_stderr_contains "backoffice init"

# init: prints what it did; twice is a conflict.
expect_stdout "initialised $(store_shown shop) for tenant default (EUR); admin: alice" \
	bo --db "$DB" --user alice init
expect_rejected 5 bo --db "$DB" --user alice init
expect_stderr_one_line
if [ "$E2E_BACKEND" = sqlite ]; then YEN=$PWD/yen.db; else YEN=$(store_url yen); fi
expect_stdout "initialised $(store_shown yen) for tenant tokyo (JPY); admin: kenji" \
	bo --db "$YEN" --tenant tokyo --user kenji init --currency JPY
expect_status 0 bo --db "$YEN" --user kenji --format json product add \
	--sku TEA --name Tea --price 500
expect_stdout_contains '"price":	"500"'
expect_stdout_contains '"currency":	"JPY"'
expect_status 3 bo --db "$YEN" --user kenji product add --sku T2 \
	--name Tea --price 5.5
expect_status 3 bo --db "$(store_url bad)" --user alice init --currency XXX
expect_stderr_contains "XXX"
if [ "$E2E_BACKEND" = sqlite ]; then
	if [ -e bad.db ]; then fail "a refused init left bad.db"; else pass "refused init leaves no file"; fi
else
	expect_status 4 bo --db "$(store_url bad)" --user alice product list
	expect_stderr_contains "no store at"
fi

# The tenant name, and a store that belongs to another tenant.
expect_status 3 bo --tenant 'Bad Name' --db "$DB" --user alice product list
expect_stderr_contains "tenant name"
expect_status 4 bo --tenant other --db "$DB" --user alice product list
expect_stderr_contains "belongs to tenant default"

# Global options anywhere before --, and --opt=value.
expect_status 0 bo product list --db "$DB" --format=json --user=alice
expect_stdout "[]" bo product list --user alice --db="$DB" --format json
# after a lone --, words are arguments even when they look like options
expect_status 4 bo --db "$DB" --user alice product show -- --all
expect_stderr_contains "product --all does not exist"
expect_status 2 bo --db "$DB" --user alice product list -- --all
expect_stderr_contains "unexpected argument '--all'"
# an option's value is taken as it is, even when it starts with --
expect_status 0 bo --db "$DB" --user alice product add --sku=DASH \
	--name --all --price=1
expect_stdout_contains "--all"

# Environment: BACKOFFICE_DB and BACKOFFICE_USER.
expect_status 0 env BACKOFFICE_DB="$DB" BACKOFFICE_USER=alice \
	$BACKOFFICE_BIN user list
expect_stdout_contains "alice"
expect_status 6 env BACKOFFICE_DB="$DB" BACKOFFICE_USER=mallory \
	$BACKOFFICE_BIN user list
expect_stderr_contains "mallory"

# The default store: $XDG_DATA_HOME/backoffice/TENANT.db, directory 0700.
expect_stdout "initialised $XDG_DATA_HOME/backoffice/acme.db for tenant acme (EUR); admin: bob" \
	bo --tenant acme --user bob init
mode=$(stat -c %a "$XDG_DATA_HOME/backoffice")
if [ "$mode" = 700 ]; then pass "data directory is 0700"; else fail "data directory mode is $mode"; fi
expect_status 0 bo --tenant acme --user bob user list
expect_status 4 bo --tenant other --user bob user list
expect_stderr_contains "$XDG_DATA_HOME/backoffice/other.db"
# without XDG_DATA_HOME: ~/.local/share/backoffice
expect_status 0 env -u XDG_DATA_HOME $BACKOFFICE_BIN --user bob init
if [ -f "$HOME/.local/share/backoffice/default.db" ]; then
	pass "default store under ~/.local/share"
else
	fail "no store in $HOME/.local/share/backoffice"
fi

# Not a backoffice store: a text file or a directory is invalid input (3).
echo "hello" >notes.txt
expect_status 3 bo --db "sqlite:$PWD/notes.txt" --user alice product list
expect_stderr_contains "notes.txt"
expect_stdout "hello" cat notes.txt
mkdir adir
expect_status 3 bo --db "$PWD/adir" --user alice product list
# Storage errors (7): no PostgreSQL server there; a store in a missing directory.
expect_status 7 bo --db "postgresql://127.0.0.1:1/shop" --user alice product list
expect_stderr_contains "cannot reach the PostgreSQL server at 127.0.0.1:1"
expect_status 7 bo --db "sqlite:$PWD/no/such/dir/x.db" --user alice init
expect_stderr_one_line
if [ -w /dev/full ]; then
	expect_status 7 sh -c "$BACKOFFICE_BIN --db '$DB' --user alice user list >/dev/full"
	expect_stderr_contains "cannot write to standard output"
fi

finish
