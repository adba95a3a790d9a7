# The TUI under tmux: cancelling a paid order offers the refund in the same step, and a long note wraps whole in the detail pane.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

ADMIN=alice
DB=$(store_url shop)
# --db reaches the TUI through the environment (no password on screen).
E2E_TUI_DB=$DB
export E2E_TUI_DB
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --tax-rate 20 --stock 40
expect_stdout "1" as alice order place --customer ann@example.com --line MUG-1:2
expect_stdout "2" as alice order place --customer bo@example.com --line MUG-1:1
expect_status 0 as alice order pay 1 --amount 25
expect_status 0 as alice order pay 2 --amount 5
expect_status 0 as alice order note 2 --text "A long note from the warehouse: the parcel was opened at the depot, two mugs were wrapped again and the box resealed; the customer was told by phone and agreed to wait for the new box. Ends here."

tmux_own cancel

t new-session -d -s tui -x 100 -y 30 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user sam 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "sam (support)" 60

# Order 1, paid 25.00: c says what was paid and offers it back.
t send-keys -t tui : "order 1" Enter
wait_for "Order 1  paid"
t send-keys -t tui c
wait_for "Order 1: 25.00 EUR paid, 25.00 EUR not refunded."
pane_lacks "cancel reason:"
t send-keys -t tui y
wait_for "cancel reason:"
t send-keys -t tui -l "parcel lost"
t send-keys -t tui Enter
wait_for "Cancel order 1 and refund 25.00 EUR because"
t send-keys -t tui y
wait_for "order 1 cancelled, 25.00 EUR refunded"
wait_for "refundable 0.00 EUR"

# Order 2: the long note is read whole, its end included.
t send-keys -t tui : "order 2" Enter
wait_for "Order 2  placed"
wait_for "Event 3 of 3: NoteAdded"
wait_for "Ends here."
# Cancelled without the refund: the money that stays paid is said.
t send-keys -t tui c
wait_for "Order 2: 5.00 EUR paid, 5.00 EUR not refunded."
t send-keys -t tui n
wait_for "cancel reason:"
t send-keys -t tui -l "changed mind"
t send-keys -t tui Enter
wait_for "Cancel order 2 because"
t send-keys -t tui y
wait_for "order 2 cancelled; 5.00 EUR stays paid (r to refund it)"
# Asked again, the service says no in its own words.
t send-keys -t tui c
wait_for "order 2 is cancelled"

tui_quit

# What the TUI did is what the CLI sees: one refund and the cancel on
# order 1, the cancel alone on order 2.
expect_status 0 as alice order timeline 1
expect_stdout_contains "sam (support)  RefundIssued"
expect_stdout_contains "sam (support)  OrderCancelled"
expect_status 0 as alice --format json order show 2
expect_stdout_contains '"refunded":	"0.00"'
expect_stdout_contains '"status":	"cancelled"'

finish
