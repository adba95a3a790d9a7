# The TUI under tmux: a manager's dashboard shows the revenue `report summary` gives, live, and exports it.
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
TODAY=$(date -u +%Y-%m-%d)

expect_status 0 as ann init
expect_status 0 as ann user add mia --role manager
expect_status 0 as ann product add --sku MUG --name Mug --price 12.50 --tax-rate 20
expect_status 0 as ann product add --sku TEE --name Tee --price 20 --tax-rate 7.5
expect_status 0 as ann order place --customer a@example.com --line MUG:2 --line TEE:1
expect_status 0 as ann order pay 1 --amount 20
expect_status 0 as ann order fail-payment 1 --reason declined
expect_status 0 as ann order pay 1 --amount 25
expect_status 0 as ann order refund 1 --amount 10 --reason damaged
expect_status 0 as ann order place --customer c@example.com --line MUG:1
expect_status 0 as ann order pay 2 --amount 12.50

# gross of the CLI's default period (the last 30 days), as JSON text
cli_gross() {
	as mia --format json report summary |
		sed -n 's/.*"gross":[[:space:]]*"\([0-9.]*\)".*/\1/p' | head -1
}

tmux_own dash


# The figure in the Gross revenue tile: the line under its label, first
# field once the box sides are blanked.
pane_gross() {
	t capture-pane -p -t tui | sed 's/│/ /g; s/|/ /g' |
		awk '/Gross revenue/ { getline; print $1; exit }'
}

# expect_pane_gross WANT: the tile shows WANT (the TUI refreshes within a second).
expect_pane_gross() {
	i=0
	got=
	while [ $i -lt 100 ]; do
		got=$(pane_gross)
		[ "$got" = "$1" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	if [ "$got" = "$1" ]; then
		pass "the dashboard's gross revenue is $1, as report summary says"
	else
		fail "the dashboard shows gross '$got', report summary says '$1'"
		t capture-pane -p -t tui | sed 's/^/    | /'
	fi
}

want=$(cli_gross)
if [ "$want" = "57.50" ]; then pass "report summary: gross 57.50"; else fail "report summary gross is '$want', wanted 57.50"; fi

t new-session -d -s tui -x 120 -y 40 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user mia 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "mia (manager)" 60
t send-keys -t tui 3
wait_for "Gross revenue" 30
wait_for "[30 days]"
expect_pane_gross "$want"

# Another process takes a payment: the open dashboard follows.
expect_status 0 as ann order place --customer d@example.com --line TEE:2
expect_status 0 as ann order pay 3 --amount 40
want=$(cli_gross)
if [ "$want" = "97.50" ]; then pass "report summary: gross 97.50"; else fail "report summary gross is '$want', wanted 97.50"; fi
expect_pane_gross "$want"

# Today alone is the same here: every order was placed today.
t send-keys -t tui BTab BTab
wait_for "[today]"
expect_pane_gross "$(as mia --format json report summary --from "$TODAY" --to "$TODAY" |
	sed -n 's/.*"gross":[[:space:]]*"\([0-9.]*\)".*/\1/p' | head -1)"

# Ctrl-S offers dashboard-<today>.csv in the current directory.
t send-keys -t tui C-s
wait_for "dashboard-$TODAY.csv"
t send-keys -t tui Enter
wait_for "exported"
if grep -q "^summary,,gross,97.50" "dashboard-$TODAY.csv" 2>/dev/null; then
	pass "the export holds the gross revenue shown"
else
	fail "dashboard-$TODAY.csv lacks summary,,gross,97.50"
	cat "dashboard-$TODAY.csv" 2>/dev/null | head -20 | sed 's/^/    /'
fi
# a second export of the same name asks first; n keeps the file
t send-keys -t tui C-s
wait_for "dashboard-$TODAY.csv"
t send-keys -t tui Enter
wait_for "already exists. Overwrite it?"
t send-keys -t tui n
wait_for "nothing was exported"

t send-keys -t tui Q
i=0
while t has-session -t tui 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ "$(cat tui.status 2>/dev/null)" = 0 ]; then
	pass "the TUI exited with status 0"
else
	fail "the TUI exited with status $(cat tui.status 2>/dev/null)"
	sed 's/^/    /' tui.err 2>/dev/null
fi

finish
