# Reconciliation: per day, payments minus refunds from `report daily` equal the
# same sum folded straight from `events export`, after `projections rebuild`,
# and after export -> import into an empty store. Plain awk, no JSON tool.
. "$E2E_LIB"

ADMIN=ann
DB=$(store_url a)
DB2=$(store_url b)

# A deterministic log of ORDERS orders over 20 days of March 2026 (JSON lines
# in the export format): partial payments, failures, cancellations, refunds.
gen_log() {
	awk -v orders="$1" 'function rnd(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return int(seed / 65536) % n }
	function at(d, h, m) { if (d > 19) d = 19; if (h > 23) h = 23; return sprintf("2026-03-%02dT%02d:%02d:%02d.000Z", d + 1, h, m, rnd(60)) }
	function ev(stream, ver, type, schema, time, payload) {
		pos++
		printf "{\"position\":%d,\"event_id\":\"00000000-0000-4000-8000-%012d\",\"stream\":\"%s\",\"version\":%d,\"type\":\"%s\",\"schema_version\":%d,\"recorded_at\":\"%s\",\"metadata\":{\"user\":\"ann\",\"role\":\"admin\",\"tenant\":\"default\",\"correlation_id\":\"c-%d\",\"causation_id\":\"c-%d\"},\"payload\":%s}\n", pos, pos, stream, ver, type, schema, time, pos, pos, payload
	}
	BEGIN {
		seed = 3
		split("MUG TEE CAP BAG PEN", sku, " ")
		split("1250 1999 799 3450 133", price, " ")
		split("2000 700 2000 1000 0", rate, " ")
		for (i = 1; i <= orders; i++) {
			s = "order-" i; v = 0
			d = rnd(20); h = rnd(18)
			nl = 1 + rnd(3); first = rnd(5); total = 0; lines = ""
			for (k = 0; k < nl; k++) {
				p = (first + k) % 5 + 1; q = 1 + rnd(4)
				total += price[p] * q
				lines = lines (k ? "," : "") sprintf("{\"product_id\":%d,\"sku\":\"%s\",\"name\":\"%s\",\"unit_price\":\"%d\",\"tax_bp\":%d,\"quantity\":%d}", p, sku[p], sku[p], price[p], rate[p], q)
			}
			ev(s, ++v, "OrderPlaced", 2, at(d, h, 0), sprintf("{\"order_id\":%d,\"currency\":\"EUR\",\"customer_email\":\"c%d@example.com\",\"lines\":[%s]}", i, i, lines))
			kind = rnd(10)
			if (kind == 0) {
				ev(s, ++v, "OrderCancelled", 1, at(d, h + 1, 5), sprintf("{\"order_id\":%d,\"reason\":\"changed mind\"}", i))
				continue
			}
			if (kind == 1) {
				ev(s, ++v, "PaymentFailed", 1, at(d, h + 1, 5), sprintf("{\"order_id\":%d,\"reason\":\"declined\"}", i))
				ev(s, ++v, "PaymentReceived", 1, at(d + 1, h, 10), sprintf("{\"order_id\":%d,\"amount\":\"%d\"}", i, total))
				d++
			} else if (kind == 2) {
				part = int(total / 3)
				ev(s, ++v, "PaymentReceived", 1, at(d, h + 1, 5), sprintf("{\"order_id\":%d,\"amount\":\"%d\"}", i, part))
				ev(s, ++v, "PaymentReceived", 1, at(d + 2, h, 10), sprintf("{\"order_id\":%d,\"amount\":\"%d\"}", i, total - part))
				d += 2
			} else {
				ev(s, ++v, "PaymentReceived", 1, at(d, h + 1, 5), sprintf("{\"order_id\":%d,\"amount\":\"%d\"}", i, total))
			}
			if (rnd(4) == 0) {
				r = 1 + rnd(total)
				ev(s, ++v, "RefundIssued", 1, at(d + 1, 22, 30), sprintf("{\"order_id\":%d,\"amount\":\"%d\",\"reason\":\"damaged\"}", i, r))
				if (r < total && rnd(2) == 0)
					ev(s, ++v, "RefundIssued", 1, at(d + 3, 23, 0), sprintf("{\"order_id\":%d,\"amount\":\"%d\",\"reason\":\"rest\"}", i, total - r))
			}
		}
	}'
}

# "day cents" per day with a non-zero sum, from an export on stdin.
fold_export() {
	awk '/"type":"(PaymentReceived|RefundIssued)"/ {
		match($0, /"recorded_at":"[0-9-]+/); day = substr($0, RSTART + 15, 10)
		match($0, /"amount":"[0-9]+"/); amt = substr($0, RSTART + 10, RLENGTH - 11)
		sum[day] += ($0 ~ /"type":"RefundIssued"/) ? -amt : amt
	}
	END { for (d in sum) if (sum[d] != 0) printf "%s %d\n", d, sum[d] }' | sort
}

# The same from `report daily --format json` on stdin (money as "12.34").
fold_daily() {
	awk 'function cents(key,   s, v, parts) {
		match($0, "\"" key "\":\"[0-9.]+\""); s = substr($0, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
		split(s, parts, "."); return parts[1] * 100 + parts[2]
	}
	/"day":/ {
		match($0, /"day":"[0-9-]+"/); day = substr($0, RSTART + 7, 10)
		v = cents("gross") - cents("refunds")
		if (v != 0) printf "%s %d\n", day, v
	}' | sort
}

as() { bo --db "$1" --user ann "$@"; }
daily() { bo --db "$1" --user ann --format json report daily --from 2026-02-20 --to 2026-04-10; }

reconcile() {
	label=$1
	bo --db "$DB" --user ann events export >export.jsonl
	fold_export <export.jsonl >from_log.txt
	if [ -s from_log.txt ]; then pass "$label: the log has payments"; else fail "$label: the log has no payments"; fi
	daily "$DB" | fold_daily >daily1.txt
	same_file from_log.txt daily1.txt "$label: report daily = folded export"
	expect_status 0 bo --db "$DB" --user ann projections rebuild
	daily "$DB" | fold_daily >daily2.txt
	same_file from_log.txt daily2.txt "$label: after projections rebuild"
	store_drop b
	expect_status 0 bo --db "$DB2" --user ann init
	expect_status 0 bo --db "$DB2" --user ann events import export.jsonl
	daily "$DB2" | fold_daily >daily3.txt
	same_file from_log.txt daily3.txt "$label: after export -> import"
	bo --db "$DB2" --user ann events export | fold_export >from_log2.txt
	same_file from_log.txt from_log2.txt "$label: the imported log folds the same"
}

expect_status 0 bo --db "$DB" --user ann init
gen_log 400 >generated.jsonl
expect_status 0 bo --db "$DB" --user ann events import generated.jsonl
reconcile "generated log"

# The demo shop too, once the demo commands exist in this build.
if bo --db "$DB" --user ann demo seed --help >/dev/null 2>&1; then
	store_drop a
	expect_status 0 bo --db "$DB" --user ann init
	expect_status 0 bo --db "$DB" --user ann demo seed --orders 500 --days 20 --seed 3
	# demo days end today: widen the window to cover them
	daily() { bo --db "$1" --user ann --format json report daily --from 2000-01-01 --to 2099-12-31; }
	reconcile "demo seed"
fi

finish
