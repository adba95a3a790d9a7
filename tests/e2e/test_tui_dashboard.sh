# The TUI under tmux: a manager's dashboard shows every figure its CLI report gives, live, and exports it.
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


# The figure in the "Payments received" tile: the line under its two label
# lines, first field once the box sides are blanked.
pane_gross() {
	t capture-pane -p -t tui | sed 's/│/ /g; s/|/ /g' |
		awk '/received/ && /paid out/ { getline; print $1; exit }'
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
		pass "the dashboard's payments received are $1, as report summary's gross"
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
wait_for "Payments received per day" 30
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

# Ctrl-S offers a name of the period shown: one day is dashboard-<day>.csv,
# in the current directory.
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
# the last 30 days: dashboard-<first>_<last>.csv
FIRST=$(date -u -d "$TODAY - 29 days" +%Y-%m-%d 2>/dev/null)
t send-keys -t tui Tab Tab
wait_for "[30 days]"
if [ -n "$FIRST" ]; then
	t send-keys -t tui C-s
	wait_for "export as CSV to: dashboard-${FIRST}_$TODAY.csv"
	t send-keys -t tui Escape
	wait_gone "export as CSV to:"
fi

tui_quit

# ---- every figure on the screen equals its CLI report ---------------------------
# A seeded shop (orders over 40 days up to now: payments and failures,
# refunds, cancellations, shipping) and, for each period, the figures read
# off the pane beside `report summary|funnel|shipping --format json`.
DEMO=$(store_url demo)
E2E_TUI_DB=$DEMO
expect_status 0 bo --db "$DEMO" --user ann init
expect_status 0 bo --db "$DEMO" --user ann demo seed --orders 400 --days 40 --seed 11
expect_status 0 bo --db "$DEMO" --user ann user add meg --role manager

# Seconds (or "null") as the screen and the CLI's table write a duration for
# people: two units, the second rounded to the nearest ("1d 2h", "3h 5m",
# "12m 30s", "45s"; "2d" when the second is 0), "-" for null. Written here
# apart from the C code, so each checks the other.
words() {
	case $1 in
	null | "") echo - ;;
	*) echo "$1" | awk '{ s = $1; n = split("86400 3600 60 1", u, " ");
		split("d h m s", name, " ");
		if (s < 60) { print s "s"; exit }
		for (i = 1; i < n; i++) if (s >= u[i]) break;
		for (;;) {
			r = int((s + int(u[i + 1] / 2)) / u[i + 1]) * u[i + 1];
			if (i > 1 && r >= u[i - 1]) { i--; continue }
			break
		}
		big = int(r / u[i]); small = int((r % u[i]) / u[i + 1]);
		if (small) print big name[i] " " small name[i + 1];
		else print big name[i] }' ;;
	esac
}

# The figures on the pane, one name=value a line, named as the CLI names them.
pane_figures() {
	t capture-pane -p -t tui | sed 's/│/ /g; s/|/ /g' >pane.txt
	awk '/received/ && /paid out/ { getline; sub(/%$/, "", $6);
		print "gross=" $1; print "net_after_refunds=" $2;
		print "refunds=" $3; print "orders_placed=" $4;
		print "average_order_value=" $5;
		print "payment_failure_rate=" $6; exit }' pane.txt
	# the funnel and time-to-ship column is the rightmost: rows end there
	for st in placed paid shipped delivered cancelled total; do
		echo "funnel_$st=$(grep -v "orders shipped" pane.txt |
			grep -oE " $st +[0-9]+( [^ ]+)?\$" |
			awk '{ print $2 }')"
	done
	echo "to_ship_orders=$(grep -oE " orders shipped +[0-9]+\$" pane.txt | awk '{ print $3 }')"
	echo "to_ship_median=$(sed -n 's/.* median  *\([-0-9dhms ]*\)$/\1/p' pane.txt | sed 's/^ *//')"
	echo "to_ship_p95=$(sed -n 's/.* 95th pct  *\([-0-9dhms ]*\)$/\1/p' pane.txt | sed 's/^ *//')"
}

# The same figures from the CLI's JSON for the period given ($@).
json_field() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$2"; }
cli_figures() {
	bo --db "$DEMO" --user meg --format json report summary "$@" >summary.json
	bo --db "$DEMO" --user meg --format json report funnel "$@" >funnel.json
	bo --db "$DEMO" --user meg --format json report shipping "$@" >shipping.json
	for k in gross net_after_refunds refunds orders_placed \
		average_order_value payment_failure_rate; do
		echo "$k=$(json_field $k summary.json)"
	done
	for st in placed paid shipped delivered cancelled total; do
		echo "funnel_$st=$(json_field $st funnel.json)"
	done
	leg=$(grep '"leg":"paid_to_shipped"' shipping.json)
	echo "to_ship_orders=$(echo "$leg" | sed 's/.*"orders":\([0-9]*\),.*/\1/')"
	echo "to_ship_median=$(words "$(echo "$leg" | sed 's/.*"median_seconds":\([0-9a-z]*\),.*/\1/')")"
	echo "to_ship_p95=$(words "$(echo "$leg" | sed 's/.*"p95_seconds":\([0-9a-z]*\),.*/\1/')")"
}

# compare_period NAME CLI-ARGS...: the pane's figures equal the CLI's.
compare_period() {
	name=$1
	shift
	cli_figures "$@" >"cli.$name"
	i=0
	while [ $i -lt 50 ]; do
		pane_figures >"pane.$name"
		cmp -s "cli.$name" "pane.$name" && break
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q '=$' "cli.$name"; then
		fail "the CLI's figures for $name are incomplete"
		sed 's/^/    /' "cli.$name"
	fi
	same_file "cli.$name" "pane.$name" "every dashboard figure of $name equals its CLI report"
	if ! cmp -s "cli.$name" "pane.$name"; then
		diff "cli.$name" "pane.$name" | sed 's/^/    /'
		sed 's/^/    | /' pane.txt
	fi
}

t new-session -d -s tui -x 120 -y 40 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user meg 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "meg (manager)" 60
t send-keys -t tui 3
wait_for "Payments received per day" 30
wait_for "[30 days]"
compare_period "the last 30 days"
t send-keys -t tui BTab
wait_for "[7 days]"
compare_period "the last 7 days" --from "$(date -u -d "$TODAY - 6 days" +%Y-%m-%d)" --to "$TODAY"
t send-keys -t tui BTab
wait_for "[today]"
compare_period "today" --from "$TODAY" --to "$TODAY"
# cancellations: the funnel counts orders placed in the period now
# cancelled, `report summary` the cancellations made in it; the screen
# says which it shows
wait_for "Orders placed, status now"
pane_lacks "Unpaid"
t send-keys -t tui Q

finish
