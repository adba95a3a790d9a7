# The TUI under tmux: F filters the products by category, tag, stock and price; :categories picks a category; the form shows category and tags.
. "$E2E_LIB"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed; skipping the TUI end-to-end test"
	finish
	exit 0
fi

as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

DB=$(store_url shop)
# --db from the environment: a URL with a password typed into the shell
# under tmux would be echoed into the captured screen.
E2E_TUI_DB=$DB
export E2E_TUI_DB
expect_status 0 as alice init
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --stock 40 --category "Kitchen / Mugs" --tags "gift;sale"
expect_status 0 as alice product add --sku MUG-2 --name "Travel mug" --price 20.50 --stock 3 --category "Kitchen / Mugs" --tags gift
expect_status 0 as alice product add --sku BOWL-7 --name "Soup bowl" --price 9 --category "Kitchen / Bowls" --tags sale
expect_status 0 as alice product add --sku LAMP-1 --name "Desk lamp" --price 45 --stock 0 --category Office

tmux_own product_filter

t new-session -d -s tui -x 160 -y 30 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "MUG-1" 60
wait_for "CATEGORY"
wait_for "Kitchen / Bowls"
wait_for "row 1 of 4"

# F: a filter typed as the CLI's options; the rows narrow, the status bar says so.
t send-keys -t tui F
wait_for "filter (status category tag stock min max):"
t send-keys -t tui 'category="Kitchen / Mugs" tag=gift'
t send-keys -t tui Enter
wait_for "filter: active, category Kitchen / Mugs, tag gift, sort: sku, row 1 of 2"
pane_lacks "BOWL-7"
pane_lacks "LAMP-1"

# A bad value: the prompt stays open with the reason, naming the key.
t send-keys -t tui F
t send-keys -t tui " stock=lots"
t send-keys -t tui Enter
wait_for "stock must be out, low or untracked"
t send-keys -t tui BSpace BSpace BSpace BSpace "low" Enter
wait_for "tag gift, stock low, sort: sku, row 1 of 1"
pane_lacks "MUG-1 "

# Prices, then an empty line clears every filter.
t send-keys -t tui F C-u "min=10 max=21" Enter
wait_for "filter: active, price 10.00-21.00, sort"
pane_lacks "LAMP-1"
t send-keys -t tui F C-u Enter
wait_for "filter: active, sort: sku, row 1 of 4"

# Enter on a product: the form shows its category and tags.
t send-keys -t tui F C-u "tag=sale" Enter
wait_for "row 1 of 2"
t send-keys -t tui j Enter
wait_for "Edit product MUG-1"
wait_for "Category       Kitchen / Mugs"
wait_for "Tags           gift;sale"
t send-keys -t tui Escape
wait_for "filter: active, tag sale"

# :categories: the tree with counts; Enter filters by the selected category.
t send-keys -t tui F C-u Enter
wait_for "row 1 of 4"
t send-keys -t tui : "categories" Enter
wait_for "(all categories)"
wait_for "4 categories, row 1 of 5"
t send-keys -t tui G Enter
wait_for "filter: active, category Office, sort: sku, row 1 of 1"
pane_lacks "MUG-1"

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

finish
