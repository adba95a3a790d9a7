# The config file: each setting from the strongest source (option, environment, file, default), config show with its sources and the password hidden, every bad line refused in one line naming file and line, and the TUI's theme, hints and time settings.
. "$E2E_LIB"

DB=$(store_url shop)
CONF="$XDG_CONFIG_HOME/backoffice/config"
mkdir -p "$XDG_CONFIG_HOME/backoffice"

# value_of SETTING: the VALUE and SOURCE of a setting in config show's CSV
value_of() {
	bo --format csv config show | tr -d '\r' >conf.csv || return 1
	awk -F, -v k="$1" '$1 == k { print }' conf.csv
}

# ---- no file: the defaults ----------------------------------------------------
expect_status 0 bo config show
expect_stdout_contains "not there"
expect_stdout_contains "time     store"
[ "$(value_of theme)" = "theme,auto,default" ] &&
	pass "with no file, theme is auto by default" ||
	fail "theme without a file: $(value_of theme)"
case $(value_of db) in
"db,$HOME/.local/share/backoffice/default.db,default" | \
	"db,$XDG_DATA_HOME/backoffice/default.db,default")
	pass "the default store is named" ;;
*) fail "default db: $(value_of db)" ;;
esac

# ---- the file picks the store, the user and the tenant -------------------------
expect_status 0 bo --db "$DB" --user alice init --time-zone Europe/Berlin
expect_status 0 bo --db "$DB" --user alice user add sam --role support
expect_status 0 bo --db "$DB" --user alice product add --sku MUG-1 --name Mug --price 10
case $DB in
sqlite:*) filedb=${DB#sqlite:} ;;
*) filedb=$DB ;;
esac
cat >"$CONF" <<CONF
# backoffice settings
db = "$filedb"

user = alice
hints = off
CONF
expect_stdout_contains "MUG-1" bo product list
[ "$(value_of user)" = "user,alice,\"file, line 4\"" ] &&
	pass "the file's user, with its line" ||
	fail "user from the file: $(value_of user)"
[ "$(value_of file | cut -d, -f3)" = XDG_CONFIG_HOME ] &&
	pass "the file found through XDG_CONFIG_HOME" ||
	fail "file row: $(value_of file)"
# the environment beats the file, an option beats the environment
BACKOFFICE_USER=sam bo --format csv config show | tr -d '\r' >conf.csv
grep -qx "user,sam,BACKOFFICE_USER" conf.csv &&
	pass "BACKOFFICE_USER overrides the file" || fail "env user: $(cat conf.csv)"
BACKOFFICE_USER=sam bo --user alice --format csv config show | tr -d '\r' >conf.csv
grep -qx "user,alice,option --user" conf.csv &&
	pass "--user overrides the environment" || fail "option user: $(cat conf.csv)"
# and the user really acts: sam may not add products
BACKOFFICE_USER=sam run bo product add --sku CUP-1 --name Cup --price 5
[ "$E2E_STATUS" = 6 ] && pass "the environment's user is the one who acts (support: exit 6)" ||
	fail "sam added a product: status $E2E_STATUS"
# ~/ in the file is the home directory
mkdir -p "$HOME/stores"
printf 'db = ~/stores/mine.db\n' >"$CONF"
[ "$(value_of db)" = "db,$HOME/stores/mine.db,\"file, line 1\"" ] &&
	pass "~/ in db is the home directory" || fail "~/ db: $(value_of db)"
printf 'db = sqlite:~/stores/mine.db\n' >"$CONF"
[ "$(value_of db)" = "db,sqlite:$HOME/stores/mine.db,\"file, line 1\"" ] &&
	pass "~/ after sqlite: is the home directory too" || fail "sqlite:~/ db: $(value_of db)"
# BACKOFFICE_CONFIG names another file
printf 'theme = mono\n' >other.conf
BACKOFFICE_CONFIG="$PWD/other.conf" bo --format csv config show | tr -d '\r' >conf.csv
grep -qx "theme,mono,\"file, line 1\"" conf.csv && grep -q "^file,$PWD/other.conf,BACKOFFICE_CONFIG$" conf.csv &&
	pass "BACKOFFICE_CONFIG names the file" || fail "BACKOFFICE_CONFIG: $(cat conf.csv)"

# ---- a password is never shown -------------------------------------------------
printf 'db = postgresql://staff:s3cr3t-pw@127.0.0.1:1/shop\n' >"$CONF"
for f in table csv json; do
	bo --format $f config show >shown.$f
	if grep -q 's3cr3t-pw' shown.$f; then
		fail "config show --format $f shows the password"
	elif grep -q 'staff:\*\*\*@127.0.0.1' shown.$f; then
		pass "config show --format $f hides the password"
	else
		fail "config show --format $f: $(cat shown.$f)"
	fi
done

# ---- refusals: exit 2, one line naming the file and line, nothing done ----------
expect_bad_conf() {
	printf '%b' "$1" >"$CONF"
	run bo --db "$DB" --user alice product add --sku BAD-1 --name Bad --price 1
	if [ "$E2E_STATUS" = 2 ] && [ "$(wc -l <"$E2E_ERR")" -eq 1 ] &&
		grep -qF "$CONF:$2: $3" "$E2E_ERR" && [ ! -s "$E2E_OUT" ]; then
		pass "refused ($3...): exit 2, one line"
	else
		fail "config '$1': status $E2E_STATUS, stderr $(cat "$E2E_ERR")"
	fi
}
expect_bad_conf 'colour = red\n' 1 "unknown setting 'colour' (the settings are db, tenant, user, theme, mouse, hints, time)"
expect_bad_conf '# ok\n\ntheme = pink\n' 3 "theme must be auto, color or mono"
expect_bad_conf 'mouse = maybe\n' 1 "mouse must be on or off"
expect_bad_conf 'hints = 2\n' 1 "hints must be on or off"
expect_bad_conf 'time = local\n' 1 "time must be store (the store's time zone) or utc"
expect_bad_conf 'db = shop.db\n' 1 "db: a file path here must be absolute or start with ~/"
expect_bad_conf 'db = mysql://x\n' 1 "db: not a store location"
expect_bad_conf 'user = a\nuser = b\n' 2 "user is set twice (first on line 1)"
expect_bad_conf 'user alice\n' 1 "expected 'setting = value'"
expect_bad_conf 'user =\n' 1 "user has no value"
expect_bad_conf 'tenant = Bad!\n' 1 "tenant: "
expect_bad_conf 'user = al ice\n' 1 "user: "
rm -f "$CONF"
expect_stdout "MUG-1" sh -c "$BACKOFFICE_BIN --db '$DB' --user alice --format csv product list | awk -F, 'NR > 1 { print \$1 }'"
# a bad value in the environment names the variable
BACKOFFICE_THEME=pink run bo --db "$DB" --user alice product list
[ "$E2E_STATUS" = 2 ] && grep -qx "backoffice: BACKOFFICE_THEME: theme must be auto, color or mono" "$E2E_ERR" &&
	pass "a bad BACKOFFICE_THEME is exit 2 naming it" || fail "env theme: $E2E_STATUS $(cat "$E2E_ERR")"
# a file that cannot be read: exit 7, one line
mkdir -p "$CONF"
run bo --db "$DB" --user alice product list
[ "$E2E_STATUS" = 7 ] && grep -q "cannot read the config file $CONF" "$E2E_ERR" &&
	[ "$(wc -l <"$E2E_ERR")" -eq 1 ] &&
	pass "an unreadable config file is exit 7" || fail "unreadable: $E2E_STATUS $(cat "$E2E_ERR")"
rmdir "$CONF"
# help and the version need no config
printf 'colour = red\n' >"$CONF"
expect_status 0 bo --help
expect_status 0 bo -V
rm -f "$CONF"

# ---- the TUI: theme, hints, time ------------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
	echo "  skip: tmux is not installed (the TUI settings)"
	finish
	exit 0
fi
tmux_own config
E2E_TUI_DB=$DB
export E2E_TUI_DB
tui_start() {
	t kill-session -t tui >/dev/null 2>&1
	rm -f tui.status
	t new-session -d -s tui -x 100 -y 24 "sh"
	t send-keys -t tui "env $1 TERM=screen-256color $BACKOFFICE_BIN --db \"\$E2E_TUI_DB\" --user alice 2>tui.err; echo \$? >tui.status; exit" Enter
	wait_for "alice (admin)" 60
}
# by default: the hint line, times in the store's zone (Europe/Berlin)
tui_start "BACKOFFICE_HINTS=on"
wait_for "MUG-1"
wait_for "Europe/Berlin"
# times in the store's zone: the history's header has no (UTC)
t send-keys -t tui h
wait_for "OLD -> NEW"
pane_lacks "TIME (UTC)"
t send-keys -t tui Escape
wait_for "MUG-1"
hint=$(t capture-pane -p -t tui | tail -n 2 | head -n 1)
[ -n "$(printf '%s' "$hint" | tr -d ' ')" ] && pass "the hint line is shown: $hint" ||
	fail "no hint line by default"
tui_quit
# hints = off in the file, time = utc in the environment
printf 'hints = off\ntheme = mono\n' >"$CONF"
tui_start "BACKOFFICE_TIME=utc"
wait_for "MUG-1"
pane_lacks "Europe/Berlin"
[ -z "$(t capture-pane -p -t tui | tail -n 2 | head -n 1 | tr -d ' ')" ] &&
	pass "hints = off: no hint line" || fail "a hint line with hints = off"
t send-keys -t tui F2
wait_for "key hints shown"
# times in UTC: the product's history says so in its header
t send-keys -t tui h
wait_for "TIME (UTC)"
t send-keys -t tui Escape
tui_quit
rm -f "$CONF"
finish
