# The TUI under tmux, a support agent's day: find a customer by e-mail, read the customer view, find an order by its tracking number, read a long note whole, cancel a paid order with its refund; the CLI confirms each step.
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
expect_status 0 as alice product add --sku TEA-2 --name "Green tea" --price 7.50 --stock 40
# Chloé has three orders; Dan one, shipped with a tracking number
expect_stdout "1" as alice order place --customer chloe@example.com --customer-name "Chloé Martin" --line MUG-1:2
expect_stdout "2" as alice order place --customer dan@example.com --customer-name "Dan Ito" --line TEA-2:1
expect_stdout "3" as alice order place --customer chloe@example.com --customer-name "Chloé Martin" --line TEA-2:2
expect_stdout "4" as alice order place --customer Chloe@Example.com --customer-name "Chloé Martin" --line MUG-1:1
expect_status 0 as alice order pay 1 --amount 25
expect_status 0 as alice order pay 2 --amount 7.50
expect_status 0 as alice order ship 2 --carrier DHL --tracking JJD0099887766
expect_status 0 as alice order pay 3 --amount 15
expect_status 0 as alice order note 3 --text "A long note from the warehouse: the tea came in a dented tin, the customer was called, agreed to keep it for a discount next time and asked us to write it down here. Ends here."

tmux_own support

t new-session -d -s tui -x 110 -y 32 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user sam 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "sam (support)" 60
wait_for "NUMBER"

# Find the customer by e-mail (any case), then open the customer view.
t send-keys -t tui /
t send-keys -t tui -l "CHLOE@"
t send-keys -t tui Enter
wait_for "search: CHLOE@"
pane_lacks "dan@example.com"
t send-keys -t tui C
# the newest order's spelling of the e-mail; the three are one customer
wait_for "Chloé Martin <Chloe@Example.com>"
wait_for "orders 3   spent 40.00 EUR   refunded 0.00 EUR   notes 1"
wait_for "row 1 of 3"
t send-keys -t tui Escape
wait_for "search: CHLOE@"

# Find an order by its tracking number, from anywhere.
t send-keys -t tui : "find jjd0099" Enter
wait_for "search: jjd0099"
wait_for "Dan Ito <dan@example.com>"
pane_lacks "chloe@example.com"
t send-keys -t tui Enter
wait_for "Order 2  shipped"
t send-keys -t tui o
wait_for "tracking      JJD0099887766"
t send-keys -t tui q

# Read the long note whole, from the customer view.
t send-keys -t tui : "customer chloe@example.com" Enter
wait_for "orders 3"
t send-keys -t tui j
t send-keys -t tui Enter
wait_for "Order 3  paid"
wait_for "Event 3 of 3: NoteAdded"
wait_for "Ends here."

# Cancel the paid order with its refund, in one step.
t send-keys -t tui c
wait_for "Order 3: 15.00 EUR paid, 15.00 EUR not refunded."
t send-keys -t tui y
wait_for "cancel reason:"
t send-keys -t tui -l "dented tin"
t send-keys -t tui Enter
wait_for "Cancel order 3 and refund 15.00 EUR because"
t send-keys -t tui y
wait_for "order 3 cancelled, 15.00 EUR refunded"
t send-keys -t tui q
wait_for "refunded 15.00 EUR"
tui_quit

# The CLI agrees.
expect_status 0 as sam --format json customer show chloe@example.com
expect_stdout_contains '"order_count":	3'
expect_stdout_contains '"refunded":	"15.00"'
expect_status 0 as sam order show 3
expect_stdout_contains "cancelled"
expect_status 0 as sam order find JJD0099887766
expect_stdout_contains "dan@example.com"

finish
