# product reactivate: a retired product sold again, its ProductReactivated in the history, the order side, the log's round trip.
. "$E2E_LIB"

DB=$(store_url shop)
ADMIN=alice
as() { user=$1; shift; bo --db "$DB" --user "$user" "$@"; }

expect_status 0 as alice init
expect_status 0 as alice user add sam --role support
expect_status 0 as alice product add --sku MUG-1 --name Mug --price 12.50 --stock 40
expect_status 0 as alice product add --sku PEN-1 --name Pen --price 2

# ---- refusals: nothing written -------------------------------------------------
expect_rejected 5 as alice product reactivate MUG-1
expect_stderr_contains "product MUG-1 is not retired"
expect_rejected 4 as alice product reactivate NOPE-1
expect_stderr_contains "product NOPE-1 does not exist"
expect_rejected 2 as alice product reactivate
expect_rejected 2 as alice product reactivate MUG-1 --colour red
expect_status 0 as alice product retire MUG-1
expect_stdout_contains "status       retired"
expect_rejected 6 as sam product reactivate MUG-1
expect_stderr_contains "user sam (support) may not change products"
# an import does not reactivate: it points at the command that does
printf 'sku,status\nMUG-1,active\n' >active.csv
expect_rejected 3 as alice product import active.csv
expect_stdout_contains "an import does not make a retired product active again (product reactivate does)"
# a retired product cannot be ordered
expect_status 3 as alice order place --customer ann@example.com --line MUG-1:1
expect_stderr_contains "retired"

# ---- reactivate: active again, orderable, row_version raised -------------------
expect_status 0 as alice product reactivate MUG-1
expect_stdout_contains "status       active"
expect_stdout_contains "row_version  3"
expect_rejected 5 as alice product reactivate MUG-1
expect_stderr_contains "is not retired"
expect_stdout 1 as alice order place --customer ann@example.com --line MUG-1:2
expect_status 0 as alice --format csv product list
expect_stdout_contains "MUG-1,Mug"
# the same command id sent again does it once
expect_status 0 as alice product retire MUG-1
expect_status 0 as alice product reactivate MUG-1 --command-id react-1
expect_status 0 as alice product reactivate MUG-1 --command-id react-1
expect_stdout_contains "row_version  5"

# ---- the history shows the status going back to active --------------------------
expect_status 0 as alice --format csv product history MUG-1 --field status
expect_stdout_contains "status,active,retired"
expect_stdout_contains "status,retired,active"

# ---- projections and the log's round trip ----------------------------------------
expect_stdout "every projector: the read model matches the log" as alice projections verify
expect_status 0 as alice projections rebuild
expect_stdout "every projector: the read model matches the log" as alice projections verify
as alice events export >log.jsonl
grep -q '"ProductReactivated"' log.jsonl && pass "exported ProductReactivated" || fail "no ProductReactivated in the export"
DB2=$(store_url copy)
expect_status 0 bo --db "$DB2" --user alice init
expect_stdout "" bo --db "$DB2" --user alice events import log.jsonl
bo --db "$DB2" --user alice events export >log2.jsonl
same_file log.jsonl log2.jsonl "the log after import"
as alice --format json product list --all >a.products
bo --db "$DB2" --user alice --format json product list --all >b.products
same_file a.products b.products "products after import"
expect_stdout "every projector: the read model matches the log" bo --db "$DB2" --user alice projections verify
# a ProductReactivated of an active product is refused on import
bad=$(store_url bad)
expect_status 0 bo --db "$bad" --user alice init
awk '/"ProductReactivated"/ && !done { sub(/"retired":false/, "\"retired\":true"); done=1 } { print }' log.jsonl >bad.jsonl
expect_status 3 bo --db "$bad" --user alice events import bad.jsonl
expect_stderr_contains "ProductReactivated leaves it retired"
expect_stdout "" bo --db "$bad" --user alice events export

finish
