# The TUI under tmux: an admin re-prices a product twice, reads its history and sets the price back.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

DB=$(store_url shop)
# The TUI gets --db from the environment (a URL's password stays off the pane).
E2E_TUI_DB=$DB
export E2E_TUI_DB
expect_status 0 as alice init
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --tax-rate 20 --stock 40

tmux_own history
t new-session -d -s tui -x 100 -y 30 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "MUG-1" 60

# two re-prices in the form: 12.50 -> 13.75 -> 14.50
for price in 13.75 14.50; do
	t send-keys -t tui e
	wait_for "Edit product MUG-1"
	t send-keys -t tui Tab Tab Tab C-u "$price"
	t send-keys -t tui C-s
	wait_for "saved MUG-1"
	wait_for "$price"
done

# h opens the history; the newest change is the second re-price
t send-keys -t tui h
wait_for "OLD -> NEW"
wait_for "12.50 EUR → 13.75 EUR"
wait_for "13.75 EUR → 14.50 EUR"
wait_for "history of MUG-1, 8 changes"

# the creation's price row (third row) back: 14.50 -> 12.50, after a y/N
t send-keys -t tui g j j r
wait_for "Set price of MUG-1 back to 12.50 EUR"
t send-keys -t tui y
wait_for "price of MUG-1: 14.50 EUR -> 12.50 EUR"
wait_for "14.50 EUR → 12.50 EUR"
wait_for "history of MUG-1, 9 changes"

# the command line agrees: the price is back, the revert is a new row by alice
expect_status 0 as alice --format json product show MUG-1
expect_stdout_contains '"price":	"12.50"'
expect_status 0 as alice --format csv product history MUG-1 --field price
expect_stdout_contains ",alice,admin,price,14.50 EUR,12.50 EUR,ProductUpdated,1"

# Esc back to the list, which shows the price again
t send-keys -t tui Escape
wait_gone "OLD -> NEW"
wait_for "12.50"
tui_quit
finish
