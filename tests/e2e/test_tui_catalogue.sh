# The TUI under tmux: `:import FILE` on Products shows the diff for review; Esc cancels, a applies after y/N.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

ADMIN=alice
DB=$(store_url shop)
E2E_TUI_DB=$DB
export E2E_TUI_DB
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
expect_status 0 as alice init
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --tax-rate 20 --stock 40
expect_status 0 as alice product add --sku TEA-1 --name "Green tea" --price 6.40 --tax-rate 5.5
printf 'sku,name,price,stock\nMUG-1,Coffee mug,13.75,40\nNEW-1,Teapot,29.00,3\nTEA-1,Green tea,6.40,\n' >change.csv
printf 'sku,price\nMUG-1,13.755\nTEA-1,"6,40"\n' >bad.csv

tmux_own catalogue
t new-session -d -s tui -x 120 -y 40 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "MUG-1" 60

# A file with errors: listed, and a refuses to apply.
t send-keys -t tui ":import bad.csv" Enter
wait_for "0 added, 0 changed, 0 unchanged, 2 in error"
wait_for "price has more than 2 decimals"
t send-keys -t tui a
wait_for "2 rows of bad.csv are in error"
t send-keys -t tui Escape
wait_for "import of bad.csv cancelled; nothing was written"

# The review of a good file; Esc leaves without writing.
t send-keys -t tui ":import change.csv" Enter
wait_for "1 added, 1 changed, 1 unchanged, 0 in error"
wait_for "12.50 → 13.75"
wait_for "Teapot"
t send-keys -t tui Escape
wait_for "nothing was written"
expect_status 0 as alice product show MUG-1
expect_stdout_contains "12.50"

# a, then n: nothing; a, then y: applied, and the list shows it.
t send-keys -t tui ":import change.csv" Enter
wait_for "1 added, 1 changed"
t send-keys -t tui a
wait_for "in one go?"
t send-keys -t tui n
wait_for "not applied"
t send-keys -t tui a
wait_for "in one go?"
t send-keys -t tui y
wait_for "imported change.csv: 1 added, 1 changed"
wait_for "NEW-1"
expect_status 0 as alice product show MUG-1
expect_stdout_contains "13.75"
expect_status 0 as alice product show NEW-1
expect_stdout_contains "Teapot"

tui_quit
finish
