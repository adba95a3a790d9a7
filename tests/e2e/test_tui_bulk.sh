# The TUI under tmux: products marked with Space and `*`, B re-prices them after a preview, the CLI sees the prices and the bulk id; U undoes it.
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
expect_status 0 as alice product add --sku BOWL-7 --name "Soup bowl" --price 9 --tax-rate 7.5
expect_status 0 as alice product add --sku CUP-9 --name "Tea cup" --price 4.20 --tax-rate 10
expect_status 0 as alice product add --sku JUG-3 --name "Milk jug" --price 21 --tax-rate 20
expect_status 0 as alice product add --sku MUG-1 --name "Coffee mug" --price 12.50 --tax-rate 20

tmux_own bulk
t new-session -d -s tui -x 120 -y 40 "sh"
t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>tui.err; echo \$? >tui.status; exit" Enter
wait_for "MUG-1" 60

# Space marks BOWL-7 (the first row); `*` marks every product a search shows.
t send-keys -t tui Space
wait_for "1 marked, filter"
t send-keys -t tui / MUG Enter
t send-keys -t tui '*'
wait_for "marked the 1 product shown; 2 marked in all"
t send-keys -t tui / C-u Enter
wait_for "2 marked, filter"

# B, a bad rounding: the prompt stays with the error naming the field.
t send-keys -t tui B
wait_for "Bulk change of 2 products"
t send-keys -t tui "+10% 98" Enter
wait_for "round"
t send-keys -t tui C-u "+10% 99" Enter
wait_for "reprice +10% round 99"
wait_for "2 products: 2 change, 0 unchanged, 0 in error; prices 21.50 -> 23.98 EUR"
wait_for "9.00  9.99"
pane_lacks "JUG-3"
# Esc leaves without writing
t send-keys -t tui Escape
wait_for "nothing was written"
expect_status 0 as alice product show BOWL-7
expect_stdout_contains "9.00"

# Again, and apply it.
t send-keys -t tui B
wait_for "Bulk change of 2 products"
t send-keys -t tui "+10% 99" Enter
wait_for "prices 21.50 -> 23.98 EUR"
t send-keys -t tui Enter
wait_for "Apply reprice +10% round 99 to 2 products in one go?"
t send-keys -t tui y
wait_for "2 products changed; U undoes it"
BULK=$(t capture-pane -p -t tui | grep -o 'applied bulk B-[0-9]*-[0-9]*-[0-9a-f]*' | head -1 | sed 's/applied bulk //')
case $BULK in
B-*) pass "the message names bulk $BULK" ;;
*) fail "no bulk id in the message" ;;
esac
wait_for "13.99"
pane_lacks "marked, filter"

expect_status 0 as alice product list --format csv
expect_stdout_contains "BOWL-7,Soup bowl,,9.99,EUR"
expect_stdout_contains "MUG-1,Coffee mug,,13.99,EUR"
expect_stdout_contains "CUP-9,Tea cup,,4.20,EUR"
expect_stdout_contains "JUG-3,Milk jug,,21.00,EUR"
expect_status 0 as alice product history BOWL-7
expect_stdout_contains "$BULK"
expect_status 0 as alice product history MUG-1
expect_stdout_contains "$BULK"
expect_status 0 as alice product bulk list
expect_stdout_contains "$BULK"

# U previews the undo; Enter and y put the prices back.
t send-keys -t tui U
wait_for "undo $BULK"
wait_for "prices 23.98 -> 21.50 EUR"
t send-keys -t tui Enter
wait_for "in one go?"
t send-keys -t tui y
wait_for "undoing $BULK: 2 products changed back"
wait_for "12.50"
expect_status 0 as alice product list --format csv
expect_stdout_contains "BOWL-7,Soup bowl,,9.00,EUR"
expect_stdout_contains "MUG-1,Coffee mug,,12.50,EUR"
expect_status 0 as alice product bulk list
expect_stdout_contains "$BULK"
t send-keys -t tui U
wait_for "no bulk change to undo"

# The product history: u undoes the last change after y.
expect_status 0 as alice product edit JUG-3 --price 22
t send-keys -t tui R
t send-keys -t tui / JUG Enter
wait_for "22.00"
t send-keys -t tui h
wait_for "Product JUG-3"
t send-keys -t tui u
wait_for "Undo the last change of JUG-3"
t send-keys -t tui y
wait_for "undid the last change of JUG-3"
expect_status 0 as alice product show JUG-3
expect_stdout_contains "21.00"
t send-keys -t tui Escape

tui_quit
finish
