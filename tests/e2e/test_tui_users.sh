# The TUI under tmux: an admin opens the Users screen (5 and :users), sees each user's role and status, disables one behind y/N and gives another a new role, and the CLI's user list agrees; a non-admin has no Users tab and :users says why.
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
# users_now: the directory as the CLI lists it (name,role,status), one line
users_now() {
	as alice --format csv user list 2>/dev/null | cut -d, -f1-3 | tr '\n' ' '
}
expect_users() {
	got=$(users_now)
	if [ "$got" = "$1" ]; then
		pass "user list: $1"
	else
		fail "user list: expected '$1', got '$got'"
	fi
}

expect_status 0 as alice init
expect_status 0 as alice user add mia --role manager
expect_status 0 as alice user add sam --role support
expect_users "name,role,status alice,admin,enabled mia,manager,enabled sam,support,enabled "

tmux_own users

# start_tui USER LOG: the TUI as USER, its output kept in LOG.
start_tui() {
	: >"$2"
	t new-session -d -s tui -x 120 -y 30 "sh"
	t pipe-pane -o -t tui "cat >>'$PWD/$2'"
	t send-keys -t tui "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user $1 2>tui.err; echo \$? >tui.status; exit" Enter
}

# ---- an admin manages the users ------------------------------------------------

start_tui alice admin.log
wait_for "alice (admin)" 60
wait_for "5 Users"
# 5: every user with role and status, in name order, the cursor on alice
t send-keys -t tui 5
wait_for "ROLE"
wait_for "STATUS"
wait_for "CREATED"
wait_for "3 users, 0 disabled, row 1 of 3"
wait_for "manager enabled"
wait_for "support enabled"

# d on sam (G: the last row) asks first; n changes nothing
t send-keys -t tui G
wait_for "row 3 of 3"
t send-keys -t tui d
wait_for "Disable user sam (support)?"
t send-keys -t tui n
wait_for "nothing was changed"
expect_users "name,role,status alice,admin,enabled mia,manager,enabled sam,support,enabled "
# y disables, and the screen shows it
t send-keys -t tui d
wait_for "Disable user sam (support)?"
t send-keys -t tui y
wait_for "disabled sam"
wait_for "3 users, 1 disabled"
wait_for "support disabled"
expect_users "name,role,status alice,admin,enabled mia,manager,enabled sam,support,disabled "

# R on mia (k: one up): the prompt holds the role now; a bad name is asked
# again, a good one changes the role
t send-keys -t tui k
wait_for "row 2 of 3"
t send-keys -t tui R
wait_for "Role of mia (admin, support, manager):"
t send-keys -t tui C-u boss Enter
wait_for "No such role; admin, support or manager:"
t send-keys -t tui C-u support Enter
wait_for "mia is support from their next session"
wait_gone "manager"
expect_users "name,role,status alice,admin,enabled mia,support,enabled sam,support,disabled "

# :users opens the same screen from another tab; F5 reads the directory again
t send-keys -t tui 1
wait_gone "3 users"
t send-keys -t tui : users Enter
wait_for "3 users, 1 disabled"
expect_status 0 as alice user enable sam
t send-keys -t tui F5
wait_for "3 users, 0 disabled"
tui_quit

# ---- a non-admin: no Users tab, :users says why ----------------------------------

start_tui mia support.log
wait_for "mia (support)" 60
wait_for "3 Dashboard"
pane_lacks "5 Users"
t send-keys -t tui : users Enter
wait_for "user mia (support) may not manage users; only an admin may"
pane_lacks "alice"
pane_lacks "sam"
# d changes nothing: the same line again
t send-keys -t tui d
wait_for "may not manage users"
tui_quit
expect_users "name,role,status alice,admin,enabled mia,support,enabled sam,support,enabled "

finish
