# The TUI under tmux: a support agent finds an order, opens its timeline and adds a note the CLI then shows.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

ADMIN=alice
DB=$(store_url shop)
# The TUI gets --db from the environment: typed into the shell under tmux,
# a URL with a password would be echoed into the captured screen.
E2E_TUI_DB=$DB
export E2E_TUI_DB
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice user add mia --role manager
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --tax-rate 20 --stock 40
expect_stdout "1" as alice order place --customer ann@example.com --customer-name "Ann Lee" --line MUG-1:2
expect_stdout "2" as alice order place --customer bruno@example.com --customer-name "Bruno Diaz" --line MUG-1:1
expect_stdout "3" as alice order place --customer cleo@example.com --line MUG-1:3
expect_status 0 as alice order pay 2 --amount 12.50

tmux_own orders



: >raw.log
t new-session -d -s tui -x 120 -y 40 "sh"
t pipe-pane -o -t tui "cat >>'$PWD/raw.log'"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user sam 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "sam (support)" 60

# The orders list, newest first; the search narrows it to Bruno's order.
t send-keys -t tui 2
wait_for "NUMBER"
wait_for "cleo@example.com"
t send-keys -t tui / bruno Enter
wait_for "customer: bruno"
wait_gone "cleo@example.com"
wait_for "Bruno Diaz <bruno@example.com>"

# Enter opens the timeline; the detail pane shows the latest event.
t send-keys -t tui Enter
wait_for "Order 2  paid"
wait_for "PaymentReceived"
wait_for "Event 2 of 2: PaymentReceived"
wait_for "a note  c cancel  r refund"

# A note of two lines, typed into the note box: Enter breaks the line,
# Ctrl-S saves.
t send-keys -t tui a
wait_for "Enter new line  Ctrl-S save  Esc cancel"
t send-keys -t tui -l "customer called about delivery"
t send-keys -t tui Enter
t send-keys -t tui -l "will call back on Monday"
wait_for "will call back on Monday"
t send-keys -t tui C-s
wait_for "note added to order 2"
wait_for "note: customer called about delivery"

# Another agent's change shows up while the timeline is open.
expect_status 0 as alice order note 2 --text "from the warehouse"
wait_for "order 2 changed while you were looking" 10
wait_for "note: from the warehouse"

# :order N jumps to another timeline; q goes back.
t send-keys -t tui : "order 1" Enter
wait_for "Order 1  placed"
t send-keys -t tui q
wait_for "Order 2  paid"

t send-keys -t tui Q
i=0
while t has-session -t tui 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if t has-session -t tui 2>/dev/null; then
	fail "the TUI did not quit on Q"
	t kill-session -t tui
else
	pass "Q quits the TUI"
fi
if [ "$(cat tui.status 2>/dev/null)" = 0 ]; then
	pass "the TUI exited with status 0"
else
	fail "the TUI exited with status $(cat tui.status 2>/dev/null)"
	sed 's/^/    /' tui.err
fi

# The note is real: the CLI's timeline shows it, by sam.
expect_status 0 as mia order timeline 2
expect_stdout_contains "customer called about delivery"
if grep -F "customer called about delivery" "$E2E_OUT" | grep -q "sam"; then
	pass "the timeline names sam as the note's author"
else
	fail "the note's line does not name sam"
	show_last
fi
expect_status 0 as mia --format json order timeline 2
if grep -F "customer called about delivery" "$E2E_OUT" | grep -q '"sam"'; then
	pass "the JSON timeline names sam"
else
	fail "the JSON timeline does not name sam"
	show_last
fi
# both lines of the note, as typed, in the log
expect_status 0 as alice events export
expect_stdout_contains 'customer called about delivery\nwill call back on Monday'

# The TUI sent the note with a command id of its own (a UUID); the CLI's
# note, sent without one, has none.
expect_status 0 as alice events export
uuid='[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}'
if grep -F "customer called about delivery" "$E2E_OUT" |
	grep -q "\"command_id\":\"$uuid\""; then
	pass "the TUI's note carries a command id"
else
	fail "the TUI's note has no command id in its metadata"
	show_last
fi
if grep -F "from the warehouse" "$E2E_OUT" | grep -q '"command_id"'; then
	fail "the CLI's note sent without --command-id has one"
else
	pass "the CLI's note without --command-id has none"
fi

# A manager may look but not act: the service's refusal is not reached,
# the screen says so itself.
t new-session -d -s tui -x 100 -y 30 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user mia 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "mia (manager)" 60
t send-keys -t tui : "order 2" Enter
wait_for "read-only for managers"
t send-keys -t tui a
wait_for "orders are read-only for manager users"
t send-keys -t tui Q
i=0
while t has-session -t tui 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_status 0 as mia order timeline 2
n=$(grep -c "NoteAdded" "$E2E_OUT")
if [ "$n" -eq 2 ]; then pass "two notes, none by mia"; else fail "$n notes on order 2"; fi

finish
