# The TUI under tmux without a UTF-8 locale: support starts on Orders with its own tabs, accented names stay readable, help scrolls, unknown keys say so, : short forms.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

DB=$(store_url shop)
E2E_TUI_DB=$DB
export E2E_TUI_DB
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --tax-rate 20 --stock 40
expect_stdout "1" as alice order place --customer chloe@example.com --customer-name "Chloé Robert" --line MUG-1:1

tmux_own screens

t new-session -d -s tui -x 80 -y 24 "sh"
t send-keys -t tui "env LANG=C LC_ALL=C TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user sam 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "sam (support)" 60

# support starts on Orders, lit in brackets (ASCII), without the admins' tab
wait_for "[2 Orders]"
wait_for "NUMBER"
pane_lacks "4 Projections"
pane_lacks "5 Users"
# an accented name in the C locale: base letters, never blanks
wait_for "Chloe Robert"
pane_lacks "Chlo  Robert"

# a key the screen does not take says so
t send-keys -t tui A
wait_for "A does nothing here; ? lists the keys"

# the timeline has no search: / says so too
t send-keys -t tui : "o 1" Enter
wait_for "chloe@example.com"
t send-keys -t tui /
wait_for "/ does nothing here; ? lists the keys"
t send-keys -t tui Escape
wait_for "NUMBER"

# help scrolls and says where it is
t send-keys -t tui "?"
wait_for "lines 1-18 of "
t send-keys -t tui G
wait_gone "lines 1-18 of "
wait_for "verify the selected projection against the log"
t send-keys -t tui g
wait_for "lines 1-18 of "
t send-keys -t tui Escape
wait_gone "Keys (Esc closes)"

# a short : command from the screen table
t send-keys -t tui : dash Enter
wait_for "Payments received per day"
wait_for "[3 Dashboard]"

tui_quit

finish
