# The TUI under tmux: an admin edits a price; escape sequences in data never reach the terminal raw.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

ADMIN=alice
BEL=$(printf '\007')
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

# Without a terminal, no command prints the help instead of opening the TUI.
expect_status 0 bo </dev/null
expect_stdout_contains "Usage: backoffice"
expect_status 0 bo --no-mouse </dev/null
expect_stdout_contains "Usage: backoffice"

# A damaged or hostile store (events import refuses such a name; sqlite3
# puts it there behind the services' back): one product name carries a
# title change (OSC 0 ... BEL) and a clear-screen (CSI 2 J).
DB=$(store_url shop)
# The TUI gets --db from the environment: typed into the shell under tmux,
# a URL with a password would be echoed into the captured screen.
E2E_TUI_DB=$DB
export E2E_TUI_DB
expect_status 0 as alice init
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --tax-rate 20 --stock 40
expect_status 0 as alice product add --sku EVIL --name Evil --price 2.50
cat >poison.sql <<'SQL'
UPDATE events SET payload = replace(payload, '"name":"Evil"', '"name":"\u001b]0;PWNED-TITLE\u0007 \u001b[2J Evil"');
UPDATE products SET name = char(27) || ']0;PWNED-TITLE' || char(7) || ' ' || char(27) || '[2J Evil' WHERE name = 'Evil';
SQL
if store_poison shop poison.sql; then pass "poisoned the store"; else fail "could not poison the store"; fi
expect_status 0 as alice projections rebuild
as alice events export >evil.jsonl
if grep -q 'PWNED-TITLE' evil.jsonl; then pass "the store holds the evil name"; else fail "the store does not hold the evil name"; fi

tmux_own products


: >raw.log
t new-session -d -s tui -x 120 -y 40 "sh"
t pipe-pane -o -t tui "cat >>'$PWD/raw.log'"
# stderr to a file: a runner's complaints (valgrind) must not hide in the pane
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "MUG-1" 60
wait_for "alice (admin)"
wait_for 'PWNED-TITLE\x07 \e[2J Evil'

# Another process adds a product: the open list shows it within a second.
expect_status 0 as alice product add --sku ZED-1 --name "Zebra mug" --price 3
wait_for "Zebra mug" 10

# The list is in SKU order: EVIL, then MUG-1. Edit MUG-1's price.
t send-keys -t tui j e
wait_for "Edit product MUG-1"
t send-keys -t tui Tab Tab Tab C-u "13.75"
t send-keys -t tui C-s
wait_for "saved MUG-1"
wait_for "13.75"

# A new product: the defaults of Tax rate and Stock are placeholders, so
# what is typed replaces them (not "05.5", not "none12").
t send-keys -t tui a
wait_for "New product"
t send-keys -t tui "TEA-1" Tab "Green tea" Tab Tab "6.40" Tab "5.5" Tab "12"
wait_for "Tax rate %     5.5 "
wait_for "Stock          12 "
pane_lacks "05.5"
pane_lacks "none12"
t send-keys -t tui C-s
wait_for "saved TEA-1"

# The title of the pane is ours to keep: no OSC from data set it.
title=$(t display-message -p -t tui '#{pane_title}')
case $title in
*PWNED*) fail "the product name changed the terminal title to '$title'" ;;
*) pass "pane title untouched" ;;
esac

t send-keys -t tui q
i=0
while t has-session -t tui 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if t has-session -t tui 2>/dev/null; then
	fail "the TUI did not quit on q"
	t kill-session -t tui
else
	pass "q quits the TUI"
fi
if [ "$(cat tui.status 2>/dev/null)" = 0 ]; then
	pass "the TUI exited with status 0"
else
	fail "the TUI exited with status $(cat tui.status 2>/dev/null)"
	sed 's/^/    /' tui.err
fi

# What the terminal received: the data shown, never obeyed.
if grep -q 'PWNED-TITLE' raw.log; then
	pass "the recording holds the product name"
else
	fail "raw.log does not hold the product name: was anything recorded?"
fi
if grep -q "${ESC}]0;PWNED" raw.log; then
	fail "the OSC title sequence from data reached the terminal raw"
else
	pass "no raw OSC 0 from data"
fi
if grep -q "${ESC}\\[2J Evil" raw.log; then
	fail "the clear-screen sequence from data reached the terminal raw"
else
	pass "no raw CSI 2 J from data"
fi
if grep -q "PWNED-TITLE${BEL}" raw.log; then
	fail "a raw BEL from data reached the terminal"
else
	pass "no raw BEL from data"
fi

# The terminal is given back on SIGTERM (a clean exit) and on a crash
# (SIGSEGV: restored, then the default action). rmcup for TERM=screen
# leaves the alternate screen.
RMCUP=$(TERM=screen tput rmcup 2>/dev/null)
for sig in TERM SEGV; do
	: >"raw-$sig.log"
	rm -f tui.pid tui.status
	t new-session -d -s tui -x 100 -y 30 "sh"
	t pipe-pane -o -t tui "cat >>'$PWD/raw-$sig.log'"
	t send-keys -t tui "sh -c 'echo \$\$ >tui.pid; exec env LANG=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>>tui.err'; echo \$? >tui.status; exit" Enter
	wait_for "MUG-1" 60
	kill -"$sig" "$(cat tui.pid)"
	i=0
	while [ ! -s tui.status ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	want=0
	[ "$sig" = SEGV ] && want=139
	if [ "$(cat tui.status 2>/dev/null)" = "$want" ]; then
		pass "SIG$sig: exit status $want"
	else
		fail "SIG$sig: exit status $(cat tui.status 2>/dev/null), wanted $want"
	fi
	if [ -n "$RMCUP" ] && tail -c 200 "raw-$sig.log" | grep -qF "$RMCUP"; then
		pass "SIG$sig: the terminal left the alternate screen"
	elif [ -z "$RMCUP" ]; then
		pass "SIG$sig: no rmcup for this TERM to check"
	else
		fail "SIG$sig: no rmcup at the end of the output"
		tail -c 200 "raw-$sig.log" | od -c | tail -5 | sed 's/^/    /'
	fi
	t kill-session -t tui >/dev/null 2>&1
done

# Ctrl-C, or Q where it is a key (over the help), in a form with unsaved
# changes asks what Esc asks: n keeps the form and the typing, y leaves.
# Without changes they leave at once.
start_tui() {
	rm -f tui.status
	t new-session -d -s tui -x 120 -y 40 "sh"
	t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>>tui.err; echo \$? >tui.status; exit" Enter
	wait_for "MUG-1" 60
}
# tui_ended WHAT: the TUI exited with status 0 within 10 seconds.
tui_ended() {
	i=0
	while [ ! -s tui.status ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ "$(cat tui.status 2>/dev/null)" = 0 ]; then
		pass "$1: the TUI exited with status 0"
	else
		fail "$1: the TUI did not exit cleanly (status '$(cat tui.status 2>/dev/null)')"
		t capture-pane -p -t tui 2>/dev/null | sed 's/^/    | /'
	fi
	t kill-session -t tui >/dev/null 2>&1
}
start_tui
t send-keys -t tui a
wait_for "New product"
t send-keys -t tui "HALF-1"
wait_for "HALF-1"
t send-keys -t tui C-c
wait_for "Discard your changes?"
t send-keys -t tui n
wait_gone "Discard your changes?"
wait_for "HALF-1"
if [ -s tui.status ]; then
	fail "n at the question ended the TUI"
else
	pass "n keeps the TUI running"
fi
t send-keys -t tui F1
wait_for "quit now"
t send-keys -t tui Q
wait_for "Discard your changes?"
t send-keys -t tui y
tui_ended "Q then y with unsaved changes"
start_tui
t send-keys -t tui a
wait_for "New product"
t send-keys -t tui "HALF-2"
wait_for "HALF-2"
t send-keys -t tui C-c
wait_for "Discard your changes?"
t send-keys -t tui y
tui_ended "Ctrl-C then y with unsaved changes"
start_tui
t send-keys -t tui a
wait_for "New product"
t send-keys -t tui C-c
tui_ended "Ctrl-C without changes"
expect_status 4 as alice product show HALF-1
expect_status 4 as alice product show HALF-2

# The change is real: the CLI and the log see it, made by alice.
expect_status 0 as alice product show MUG-1
expect_stdout_contains "13.75"
expect_status 0 as alice --format json events export
if grep '"ProductUpdated"' "$E2E_OUT" | grep '"MUG-1"' | grep -qE '"price":"?1375"?'; then
	pass "the log has ProductUpdated for MUG-1 at 13.75"
else
	fail "no ProductUpdated for MUG-1 with price 1375 in the log"
	grep 'MUG-1' "$E2E_OUT" | tail -3 | sed 's/^/    /'
fi
if grep '"ProductUpdated"' "$E2E_OUT" | grep -q '"alice"'; then
	pass "alice is the actor of the update"
else
	fail "the update does not name alice"
fi

# The new product has what was typed over the placeholders.
expect_status 0 as alice --format json product show TEA-1
if grep -q '"tax_rate":[[:space:]]*"5.5"' "$E2E_OUT" && grep -q '"stock":[[:space:]]*12,' "$E2E_OUT"; then
	pass "TEA-1 has tax rate 5.5 and stock 12"
else
	fail "TEA-1 should have tax rate 5.5 and stock 12"
	show_last
fi

finish
