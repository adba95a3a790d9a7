#!/bin/sh
# make bench-search: what finding orders costs on a large store, each figure
# beside a baseline timed in the same run on the same machine.
#   order find by e-mail, by SKU, by tracking number, by order number,
#   customer show              vs  order show ID (a primary-key read)
# Every figure is the wall time of one whole command (process start, store
# open, the query, the output), the median and the least of ROUNDS runs, so
# the ratio says what the search adds to the cheapest read there is. On SQLite the query alone is
# also timed in the sqlite3 shell when it is there. Run under
# tests/support/with_pg.sh (BACKOFFICE_TEST_PG names the server) to take the
# PostgreSQL figures as well (its store is filled by importing the SQLite
# store's log).
# Usage: search.sh BIN ORDERS ROUNDS
set -eu

bin=$1
orders=${2:-1000000}
rounds=${3:-20}
dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-bench-search.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir"
export BACKOFFICE_USER=bench
[ -z "${BACKOFFICE_TEST_PG_PASSWORD:-}" ] || export PGPASSWORD="$BACKOFFICE_TEST_PG_PASSWORD"

now() { date +%s.%N; }
# elapsed START: seconds since START
elapsed() { awk -v s="$1" -v t="$(now)" 'BEGIN { printf "%.3f", t - s }'; }

# timed DB CMD...: "median min" milliseconds of ROUNDS runs of the command
# (the median, as the machine may be shared; each run timed on its own)
timed() {
	db=$1
	shift
	"$bin" --db "$db" "$@" >/dev/null || {
		echo "failed: $*" >&2
		exit 1
	}
	: >runs
	i=0
	while [ "$i" -lt "$rounds" ]; do
		start=$(now)
		"$bin" --db "$db" "$@" >/dev/null
		awk -v s="$start" -v t="$(now)" 'BEGIN { printf "%.1f\n", 1000 * (t - s) }' >>runs
		i=$((i + 1))
	done
	sort -n runs | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f", m, v[1] }'
}

# json_field NAME: the first "NAME": "value" of the JSON on stdin
json_field() {
	sed -n "s/.*\"$1\":[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" | head -n 1
}

db="sqlite:$dir/bench.db"
"$bin" --db "$db" init >/dev/null
echo "seeding $orders demo orders ..."
start=$(now)
"$bin" --db "$db" demo seed --orders "$orders" --seed 42 --now 2026-11-26 \
	>/dev/null
echo "seeded in $(elapsed "$start") s"

# what to look for: the e-mail and a SKU of the order in the middle, the
# tracking number of the newest shipped order
mid=$((orders / 2))
"$bin" --db "$db" order show "$mid" --format json >mid.json
email=$(json_field customer_email <mid.json)
sku=$(json_field sku <mid.json)
shipped=$("$bin" --db "$db" order list --status shipped --limit 1 \
	--format csv | awk -F, 'NR == 2 { print $1 }')
"$bin" --db "$db" order show "$shipped" --format json >shipped.json
tracking=$(json_field tracking <shipped.json)
echo "looking for: e-mail $email, SKU $sku, tracking $tracking, order $mid"

# row WHAT BASE MEDIAN MIN: one line of the table
row() {
	printf '| %s | %s | %s | %s |\n' "$1" "$3" "$4" \
		"$(awk -v a="$3" -v b="$2" 'BEGIN { printf "%.2f", a / b }')"
}

# table LABEL DB: one row per search against the baseline
table() {
	label=$1
	d=$2
	set -- $(timed "$d" order show "$mid")
	base=$1
	echo
	echo "$label, $orders orders, $rounds runs of each whole command:"
	echo "| command | median ms | min ms | median / order show |"
	echo "|---|---|---|---|"
	row "order show $mid (baseline)" "$base" "$1" "$2"
	for what in "email:$email" "sku:$sku" "tracking:$tracking" \
		"number:$mid" "prefix:$(printf '%s' "$email" | cut -c1-3)"; do
		text=${what#*:}
		set -- $(timed "$d" order find "$text")
		row "order find $text (${what%%:*})" "$base" "$1" "$2"
	done
	set -- $(timed "$d" customer show "$email")
	row "customer show $email" "$base" "$1" "$2"
}

table SQLite "$db"

# the queries alone, in the sqlite3 shell: the search's SQL as the adapter
# runs it for the newest 50 (the bounds computed the same way for ASCII)
if command -v sqlite3 >/dev/null 2>&1; then
	echo
	echo "SQLite, the query alone (sqlite3 .timer, one run each after a warm-up):"
	for text in "$(printf '%s' "$email" | tr 'A-Z' 'a-z')" \
		"$(printf '%s' "$sku" | tr 'A-Z' 'a-z')" \
		"$(printf '%s' "$tracking" | tr 'A-Z' 'a-z')"; do
		# the next string: the last character's successor (ASCII here)
		last=$(printf '%s' "$text" | tail -c 1)
		next=$(printf '%s' "$last" | od -An -tu1 | awk '{ printf "%c", $1 + 1 }')
		upper="$(printf '%s' "$text" | sed 's/.$//')$next"
		sql="SELECT id FROM order_list JOIN (SELECT order_id AS found FROM order_keys
			WHERE key >= '$text' AND key < '$upper' AND order_id < 9223372036854775807
			UNION SELECT NULL WHERE 0 ORDER BY 1 DESC LIMIT 50) ON id = found
			ORDER BY id DESC;"
		sqlite3 "$dir/bench.db" "$sql" >/dev/null
		t=$(printf '.timer on\n%s\n' "$sql" | sqlite3 "$dir/bench.db" |
			grep '^Run Time' | tail -n 1)
		echo "  $text: $t"
	done
	echo "  plan: $(printf 'EXPLAIN QUERY PLAN %s\n' "$sql" | sqlite3 "$dir/bench.db" |
		tr '\n' ' ' | tr -s ' ')"
fi

if [ -n "${BACKOFFICE_TEST_PG:-}" ]; then
	case $BACKOFFICE_TEST_PG in
	*\?*) pg="$BACKOFFICE_TEST_PG&schema=bench_search" ;;
	*) pg="$BACKOFFICE_TEST_PG?schema=bench_search" ;;
	esac
	"$bin" --db "$db" events export >log.jsonl
	"$bin" --db "$pg" init >/dev/null
	start=$(now)
	"$bin" --db "$pg" events import log.jsonl >/dev/null
	echo
	echo "PostgreSQL store filled by import in $(elapsed "$start") s"
	table PostgreSQL "$pg"
	# the query alone, as the server times it
	text=$(printf '%s' "$sku" | tr 'A-Z' 'a-z')
	last=$(printf '%s' "$text" | tail -c 1)
	next=$(printf '%s' "$last" | od -An -tu1 | awk '{ printf "%c", $1 + 1 }')
	upper="$(printf '%s' "$text" | sed 's/.$//')$next"
	echo
	echo "PostgreSQL, the query alone for $text (EXPLAIN ANALYZE):"
	PGOPTIONS="-c search_path=bench_search" \
		"${BACKOFFICE_TEST_PG_BINDIR:+$BACKOFFICE_TEST_PG_BINDIR/}psql" -qAtX \
		-d "$BACKOFFICE_TEST_PG" -c "EXPLAIN ANALYZE SELECT id FROM order_list
		JOIN (SELECT order_id AS found FROM order_keys WHERE key >= '$text'
		AND key < '$upper' AND order_id < 9223372036854775807 UNION
		SELECT NULL::bigint WHERE false ORDER BY 1 DESC LIMIT 50) AS page
		ON id = found ORDER BY id DESC" | sed 's/^/  /'
fi
