# PostgreSQL: a write whose connection dies after the server committed but before the answer came is settled by its --command-id after reconnecting: answered once, one copy in the log.
. "$E2E_LIB"

pg_only "the lost-connection test" || { finish; exit 0; }

SCHEMA=e2e_lost_$$
DB="$BACKOFFICE_TEST_PG?schema=$SCHEMA"
as() { bo --db "$DB" --user alice "$@"; }
sql() { psql -X -qAt -d "$BACKOFFICE_TEST_PG" -c "$1"; }
reset_sync() {
	sql "ALTER SYSTEM RESET synchronous_standby_names" >/dev/null 2>&1
	sql "ALTER SYSTEM RESET synchronous_commit" >/dev/null 2>&1
	sql "SELECT pg_reload_conf()" >/dev/null 2>&1
}
trap reset_sync EXIT

expect_status 0 as init
expect_status 0 as product add --sku MUG --name Mug --price 10 --stock 9
expect_stdout "1" as order place --customer ann@example.com --line MUG:1

# The moment between commit and answer, made by the server itself: with a
# synchronous standby that never comes, a COMMIT is durable locally and then
# waits (wait_event SyncRep) before it answers. Only the command under test
# asks for that (PGOPTIONS); every other session commits locally.
sql "ALTER SYSTEM SET synchronous_commit = 'local'" >/dev/null
sql "ALTER SYSTEM SET synchronous_standby_names = 'bo_nobody'" >/dev/null
sql "SELECT pg_reload_conf()" >/dev/null
# The reload reaches each process when it gets to it (a loaded machine is
# slow). A session showing the setting is not enough: commits wait only once
# the checkpointer has read it too. So a probe commit is sent until one
# waits; that one is let go and the test goes on.
i=0
while [ "$(sql "SHOW synchronous_standby_names")" != bo_nobody ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
sql "CREATE TABLE IF NOT EXISTS ${SCHEMA}_probe (x int)" >/dev/null
tries=0
waiting=
while [ -z "$waiting" ] && [ $tries -lt 30 ]; do
	PGAPPNAME=bo_probe PGOPTIONS="-c synchronous_commit=on" \
		psql -X -qAt -d "$BACKOFFICE_TEST_PG" -c "INSERT INTO ${SCHEMA}_probe VALUES (1)" >/dev/null 2>&1 &
	probe=$!
	i=0
	while [ -z "$waiting" ] && [ $i -lt 10 ]; do
		waiting=$(sql "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND application_name = 'bo_probe' LIMIT 1")
		[ -n "$waiting" ] || sleep 0.1
		i=$((i + 1))
	done
	[ -z "$waiting" ] || sql "SELECT pg_terminate_backend($waiting)" >/dev/null
	wait "$probe" 2>/dev/null
	tries=$((tries + 1))
done
sql "DROP TABLE IF EXISTS ${SCHEMA}_probe" >/dev/null
[ -n "$waiting" ] && pass "a probe commit waits for the standby (after $tries tries)" ||
	fail "no probe commit ever waited for the standby"

PGOPTIONS="-c synchronous_commit=on" bo --db "$DB" --user alice order note 1 \
	--text "exactly once" --command-id lost-1 >victim.out 2>victim.err &
victim=$!
pid=
i=0
while [ -z "$pid" ] && [ $i -lt 100 ]; do
	pid=$(sql "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND application_name = 'backoffice' LIMIT 1")
	[ -n "$pid" ] || sleep 0.1
	i=$((i + 1))
done
if [ -n "$pid" ]; then
	pass "the note's COMMIT is done locally and waits to answer (backend $pid)"
	# (the commit is in the WAL; others see it once the wait ends)
	sql "SELECT pg_terminate_backend($pid)" >/dev/null
else
	fail "no COMMIT ever waited for the standby"
fi
reset_sync
wait "$victim"
status=$?
if [ "$status" -eq 0 ]; then
	pass "the command whose answer was lost exits 0"
else
	fail "the command whose answer was lost exited $status: $(cat victim.err)"
fi
if grep -q "reconnected: command id lost-1 was saved" victim.err &&
	[ "$(wc -l <victim.err)" -eq 1 ]; then
	pass "one line says the connection was lost and how it was settled"
	sed 's/^/    | /' victim.err
else
	fail "stderr should be one line about the lost connection: $(cat victim.err)"
fi
if grep -qF -- "$BACKOFFICE_TEST_PG_PASSWORD" victim.out victim.err; then
	fail "the password appeared in the output"
fi

# exactly one copy in the log, and the same answer when sent again
count_notes() {
	as events export >events.jsonl
	grep -c '"exactly once"' events.jsonl
}
n=$(count_notes)
[ "$n" = 1 ] && pass "the log holds exactly one copy of the note" ||
	fail "the log holds $n copies of the note"
expect_status 0 as order note 1 --text "exactly once" --command-id lost-1
same_file victim.out "$E2E_OUT" "the answer sent again equals the settled one"
n=$(count_notes)
[ "$n" = 1 ] && pass "still one copy after sending it again" ||
	fail "$n copies after sending it again"

# The other way round: the connection dies before the commit (the command
# waits for the store's lock, held here by another session). The id is
# not recorded, so nothing was saved: said so, exit 7, not sent again.
sql "SELECT pg_advisory_lock(1112493638, hashtext('$SCHEMA')), pg_sleep(30)" >/dev/null 2>&1 &
holder=$!
sleep 0.3
bo --db "$DB" --user alice order note 1 --text "never saved" --command-id lost-2 >victim2.out 2>victim2.err &
victim=$!
pid=
i=0
while [ -z "$pid" ] && [ $i -lt 40 ]; do
	pid=$(sql "SELECT pid FROM pg_stat_activity WHERE wait_event = 'advisory' AND application_name = 'backoffice' LIMIT 1")
	[ -n "$pid" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$pid" ] && pass "the second note waits for the store's lock" ||
	fail "the second note never waited for the lock"
[ -z "$pid" ] || sql "SELECT pg_terminate_backend($pid)" >/dev/null
wait "$victim"
status=$?
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$holder" 2>/dev/null
if [ "$status" -eq 7 ] && grep -q "command id lost-2 is not recorded, so nothing was saved" victim2.err &&
	[ "$(wc -l <victim2.err)" -eq 1 ]; then
	pass "a write lost before its commit exits 7 saying nothing was saved"
	sed 's/^/    | /' victim2.err
else
	fail "lost before commit: status $status, stderr $(cat victim2.err)"
fi
as events export >events.jsonl
n=$(grep -c '"never saved"' events.jsonl)
[ "$n" = 0 ] && pass "nothing of it is in the log" || fail "$n copies of an unsaved note"
expect_status 0 as order note 1 --text "never saved" --command-id lost-2
as events export >events.jsonl
n=$(grep -c '"never saved"' events.jsonl)
[ "$n" = 1 ] && pass "sent again with its id, it is saved once" || fail "$n copies after sending it again"
finish
