# demo seed: the same seed gives the same log, options are checked, only admins seed.
. "$E2E_LIB"

ADMIN=root
SEED="demo seed --orders 250 --days 20 --seed 5 --now 2026-11-20"

for s in a b c; do
	expect_status 0 bo --db "$(store_url $s)" --user "$ADMIN" init
done

# the same seed and --now into two stores: byte-identical logs
expect_status 0 bo --db "$(store_url a)" --user "$ADMIN" $SEED
expect_stdout_contains "250"
expect_status 0 bo --db "$(store_url b)" --user "$ADMIN" $SEED
bo --db "$(store_url a)" --user "$ADMIN" events export >a.events
bo --db "$(store_url b)" --user "$ADMIN" events export >b.events
same_file a.events b.events "event logs seeded with the same seed"
if [ "$(wc -l <a.events)" -gt 1000 ]; then
	pass "the log holds the shop's life ($(wc -l <a.events) events)"
else
	fail "a seeded log of 250 orders should hold more than 1000 events"
fi

# a different seed gives a different shop
expect_status 0 bo --db "$(store_url c)" --user "$ADMIN" demo seed --orders 250 \
	--days 20 --seed 6 --now 2026-11-20
bo --db "$(store_url c)" --user "$ADMIN" events export >c.events
if cmp -s a.events c.events; then
	fail "seeds 5 and 6 gave the same log"
else
	pass "another seed, another log"
fi

# the period ends with --now: nothing is recorded after that day
last=$(tail -n 1 a.events | sed 's/.*"recorded_at":"\([0-9-]*\)T.*/\1/')
if [ "$last" \< "2026-11-21" ] && [ "$last" \> "2026-11-15" ]; then
	pass "the last event ($last) is within the days before --now"
else
	fail "the last event is recorded on $last, not just before 2026-11-21"
fi

# every kind of event shows up
for t in OrderPlaced PaymentReceived PaymentFailed OrderShipped \
	OrderDelivered OrderCancelled RefundIssued NoteAdded \
	ProductCreated ProductRetired; do
	if grep -q "\"type\":\"$t\"" a.events; then
		pass "the demo log has $t"
	else
		fail "the demo log has no $t event"
	fi
done

# staff users with realistic names and their roles
expect_status 0 bo --db "$(store_url a)" --user "$ADMIN" user list
expect_stdout_contains "nadia.haddad"
expect_stdout_contains "manager"

# a store that already holds orders is refused, unless --force
expect_rejected 5 bo --db "$(store_url a)" --user "$ADMIN" $SEED
expect_stderr_contains "--force"
expect_status 0 bo --db "$(store_url a)" --user "$ADMIN" demo seed --orders 20 \
	--days 5 --seed 9 --now 2026-11-25 --force

# options are checked before anything is written
DB=$(store_url b)
for bad in "--orders 0" "--orders 10000001" "--orders 12x" "--orders -5"; do
	expect_rejected 3 bo --db "$DB" --user "$ADMIN" demo seed $bad --force
	expect_stderr_contains "--orders"
done
for bad in "--days 0" "--days 3651" "--days two"; do
	expect_rejected 3 bo --db "$DB" --user "$ADMIN" demo seed $bad --force
	expect_stderr_contains "--days"
done
for bad in "--seed -1" "--seed 1.5" "--seed 18446744073709551616"; do
	expect_rejected 3 bo --db "$DB" --user "$ADMIN" demo seed $bad --force
	expect_stderr_contains "--seed"
done
for bad in "--now 2026-13-01" "--now 2026-02-30" "--now yesterday" \
	"--now 1970-01-05"; do
	expect_rejected 3 bo --db "$DB" --user "$ADMIN" demo seed $bad --force
	expect_stderr_contains "--now"
done
expect_status 2 bo --db "$DB" --user "$ADMIN" demo seed --colour blue
expect_status 2 bo --db "$DB" --user "$ADMIN" demo seed extra

# only an admin may seed
expect_status 0 bo --db "$DB" --user "$ADMIN" user add sam --role support
expect_rejected 6 bo --db "$DB" --user sam demo seed --force
expect_stderr_contains "sam"
expect_rejected 6 bo --db "$DB" --user julien.roux demo seed --force

# help says what --force does; json output has stable keys
expect_status 0 bo demo seed --help
expect_stdout_contains "--force"
expect_stdout_contains "10,000,000"
expect_status 0 bo --db "$(store_url d)" --user "$ADMIN" init
expect_status 0 bo --db "$(store_url d)" --user "$ADMIN" --format json demo seed \
	--orders 5 --days 2 --now 2026-01-10
expect_stdout_contains '"orders":'
expect_stdout_contains '"payment_failures":'
expect_stdout_contains '"from":'

# the seed's progress bar counts orders and says so
if command -v script >/dev/null 2>&1; then
	expect_status 0 bo --db "$(store_url e)" --user "$ADMIN" init
	script -qec "$BACKOFFICE_BIN --db $(store_url e) --user $ADMIN demo seed --orders 40 --days 3 --now 2026-01-10" \
		/dev/null >tty.out 2>&1
	tr '\r' '\n' <tty.out | grep -F 'demo seed [' >tty.bars
	if grep -qF 'demo seed [####################] 100% 40/40 orders' tty.bars &&
		grep -qF ' orders/s' tty.bars && ! grep -qF ' ev' tty.bars; then
		pass "the seed's bar counts orders"
	else
		fail "the seed's bar should count orders: $(cat -v tty.out)"
	fi
fi

finish
