# The TUI under tmux: an admin switches tenants with :tenant NAME and the picker, each showing only its own products; a support user of one tenant is refused another.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

DB=$(store_url shop)
# The TUI gets --db from the environment: typed into the shell under tmux,
# a URL with a password would be echoed into the captured screen.
E2E_TUI_DB=$DB
export E2E_TUI_DB
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }
# On PostgreSQL a tenant's schema (tenant_NAME) belongs to the whole test
# database: each run names its tenants apart (A before B in name order).
if [ "$E2E_BACKEND" = sqlite ]; then
	S=""
else
	S=$(printf '%s' "$PWD" | cksum | cut -c1-6)
fi
A=shop-a$S
B=shop-b$S

expect_status 0 as alice init
expect_status 0 as alice tenant create "$A" --currency USD --time-zone America/New_York
expect_status 0 as alice tenant create "$B" --currency JPY --time-zone Asia/Tokyo
expect_status 0 as alice --tenant "$A" product add --sku A-LAMP --name "Desk lamp" --price 25.00 --stock 5
expect_status 0 as alice --tenant "$B" product add --sku B-TEA --name "Green tea" --price 1500 --stock 9
expect_status 0 as alice --tenant "$A" user add sam --role support

tmux_own tenants




# start_tui USER LOG: the TUI on tenant A as USER, its output kept in LOG.
start_tui() {
	: >"$2"
	t new-session -d -s tui -x 120 -y 30 "sh"
	t pipe-pane -o -t tui "cat >>'$PWD/$2'"
	t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user $1 --tenant $A 2>tui.err; echo \$? >tui.status; exit" Enter
}

# quit_tui: Q, and the TUI ends with status 0.
quit_tui() {
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
}

# ---- an admin of the installation switches -----------------------------------

start_tui alice admin.log
wait_for "$A America/New_York" 60
wait_for "alice (admin)"
wait_for "A-LAMP"
pane_lacks "B-TEA"

# :tenant NAME: the status bar names B, the list holds B's products only
t send-keys -t tui : "tenant $B" Enter
wait_for "$B Asia/Tokyo" 30
wait_for "switched to tenant $B"
wait_for "B-TEA"
wait_gone "A-LAMP"
wait_gone "$A America/New_York"

# the one open already is just said so
t send-keys -t tui : "tenant $B" Enter
wait_for "tenant $B is open already"

# the picker: every tenant with currency, zone and backend; Enter on A
t send-keys -t tui : tenant Enter
wait_for "CURRENCY"
wait_for "TIME ZONE"
wait_for "3 tenants"
wait_for "America/New_York"
wait_for "USD"
wait_for "JPY"
wait_for "$E2E_BACKEND"
wait_for "open now"
# default, A, B in name order; the cursor starts on B, the open one
t send-keys -t tui k Enter
wait_for "$A America/New_York" 30
wait_for "switched to tenant $A"
wait_for "A-LAMP"
wait_gone "B-TEA"

# an unknown tenant: one line, still in A
t send-keys -t tui : "tenant nowhere$S" Enter
wait_for "cannot switch to tenant nowhere$S"
wait_for "$A America/New_York"
wait_for "A-LAMP"
quit_tui

# ---- a support user of A only: never B's data ---------------------------------

start_tui sam support.log
wait_for "sam (support)" 60
wait_for "$A America/New_York"
# support starts on Orders; 1 is Products
t send-keys -t tui 1
wait_for "A-LAMP"
t send-keys -t tui : "tenant $B" Enter
wait_for "cannot switch to tenant $B: sam may not enter it; still in $A"
wait_for "$A America/New_York"
# the TUI opens A again, on support's start screen
wait_for "NUMBER"
t send-keys -t tui 1
wait_for "A-LAMP"
pane_lacks "B-TEA"
pane_lacks "$B Asia/Tokyo"
# the picker is for the installation's admins
t send-keys -t tui : tenant Enter
wait_for "only an admin of the installation lists its tenants; try :tenant NAME"
pane_lacks "CURRENCY"
quit_tui
# nothing of B ever reached sam's terminal
if grep -qF -e "B-TEA" -e "Green tea" -e "Asia/Tokyo" support.log; then
	fail "tenant $B's data reached the support user's terminal"
else
	pass "nothing of tenant $B reached the support user's terminal"
fi
if [ -s support.log ] && grep -qF "A-LAMP" support.log; then
	pass "the support user's session was recorded"
else
	fail "support.log holds nothing of the session"
fi

# the switches wrote nothing: B still has its one product, sam none there
expect_status 0 as alice --tenant "$B" --format csv product list
expect_stdout_contains "B-TEA"
expect_stdout_lacks "A-LAMP"
expect_status 6 as sam --tenant "$B" product list

finish
