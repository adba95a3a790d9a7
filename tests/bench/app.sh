#!/bin/sh
# make bench-app: the whole application on the demo shop, as its users run
# it, each command a process of its own: `demo seed` (commands/s), a full
# `projections rebuild` (events/s), each report's latency over the whole
# seeded period, the order list, an order, a search, `events export` and
# `events import` of the whole log (events/s), and every TUI screen's first
# frame (tests/tui/bench_tui.c, off-screen); with the peak RSS of every
# process (GNU time). Prints a Markdown table and appends one JSON object
# per figure to RESULTS.
# Usage: app.sh BIN BENCH_TUI ORDERS ROUNDS RESULTS
set -eu

bin=$1
bench_tui=$2
orders=${3:-100000}
rounds=${4:-5}
results=$5
if [ ! -x /usr/bin/time ]; then
	echo "bench-app: GNU time (/usr/bin/time) is needed for the peak RSS: make deps installs it" >&2
	exit 1
fi
case $results in
/*) ;;
*) results=$(pwd)/$results ;;
esac
mkdir -p "$(dirname "$results")"
dir=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-bench-app.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir"
export BACKOFFICE_USER=bench
db="sqlite:$dir/app.db"
from=2026-08-29 # the seed's 90 days up to --now
to=2026-11-26
rows=$dir/rows

# timed FILE CMD...: runs CMD under GNU time; FILE gets "seconds max_rss_kb"
timed() {
	out=$1
	shift
	/usr/bin/time -o "$out" -f "%e %M" "$@"
}
# record WHAT VALUE UNIT RSS_KB: a row of the table and a JSON line
record() {
	printf '| %s | %s | %s | %.1f |\n' "$1" "$2" "$3" \
		"$(awk -v k="$4" 'BEGIN { print k / 1024 }')" >>"$rows"
	printf '{"bench":"app","orders":%s,"what":"%s","value":%s,"unit":"%s","rss_kb":%s}\n' \
		"$orders" "$1" "$2" "$3" "$4" >>"$results"
}
# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
# latency WHAT CMD...: CMD run ROUNDS times; the median wall time in ms
# and the largest peak RSS
latency() {
	what=$1
	shift
	: >lat
	i=0
	while [ "$i" -lt "$rounds" ]; do
		t0=$(date +%s%N)
		timed t "$@" >/dev/null
		t1=$(date +%s%N)
		# GNU time counts in hundredths: the wall time from date
		echo "$(((t1 - t0) / 1000)) $(cut -d' ' -f2 t)" >>lat
		i=$((i + 1))
	done
	ms=$(awk '{ printf "%.1f\n", $1 / 1000 }' lat | median)
	rss=$(awk '$2 > m { m = $2 } END { print m + 0 }' lat)
	record "$what" "$ms" "ms (median of $rounds)" "$rss"
}

echo "bench-app: $orders demo orders, $rounds rounds per latency, in $dir"
"$bin" --db "$db" init >/dev/null

echo "seeding ..."
timed t "$bin" --db "$db" demo seed --orders "$orders" --seed 42 --now "$to" \
	>seed.txt
read -r secs rss <t
events=$("$bin" --db "$db" projections status --format csv |
	awk -F, 'NR == 2 { print $5 }')
record "demo seed: commands (one event each)" \
	"$(awk -v e="$events" -v s="$secs" 'BEGIN { printf "%.0f", e / s }')" \
	"per s ($events in $secs s)" "$rss"

echo "rebuilding ..."
timed t "$bin" --db "$db" projections rebuild >/dev/null 2>&1
read -r secs rss <t
record "projections rebuild" \
	"$(awk -v e="$events" -v s="$secs" 'BEGIN { printf "%.0f", e / s }')" \
	"events/s ($secs s)" "$rss"

echo "reports ..."
for r in summary daily products funnel shipping; do
	latency "report $r, the whole period" "$bin" --db "$db" report "$r" \
		--from "$from" --to "$to"
done
latency "report summary, one day" "$bin" --db "$db" report summary \
	--from "$to" --to "$to"

echo "orders ..."
mid=$((orders / 2))
"$bin" --db "$db" order show "$mid" --format json >mid.json
email=$(sed -n 's/.*"customer_email":[[:space:]]*"\([^"]*\)".*/\1/p' mid.json |
	head -n 1)
sku=$(sed -n 's/.*"sku":[[:space:]]*"\([^"]*\)".*/\1/p' mid.json | head -n 1)
latency "order list (first page)" "$bin" --db "$db" order list --limit 50
latency "order show N (with its timeline)" "$bin" --db "$db" order show "$mid"
latency "order find E-MAIL" "$bin" --db "$db" order find "$email"
latency "order find SKU" "$bin" --db "$db" order find "$sku"
latency "customer show E-MAIL" "$bin" --db "$db" customer show "$email"
latency "order list --status shipped (first page)" "$bin" --db "$db" order list \
	--status shipped --limit 50

echo "export and import ..."
timed t "$bin" --db "$db" events export >log.jsonl
read -r secs rss <t
record "events export" \
	"$(awk -v e="$events" -v s="$secs" 'BEGIN { printf "%.0f", e / s }')" \
	"events/s ($secs s)" "$rss"
"$bin" --db "sqlite:$dir/imported.db" init >/dev/null
timed t "$bin" --db "sqlite:$dir/imported.db" events import log.jsonl \
	>/dev/null 2>&1
read -r secs rss <t
record "events import" \
	"$(awk -v e="$events" -v s="$secs" 'BEGIN { printf "%.0f", e / s }')" \
	"events/s ($secs s)" "$rss"
rm -f log.jsonl imported.db imported.db-wal imported.db-shm

echo "TUI first frames ..."
shipped=$("$bin" --db "$db" order list --status shipped --limit 1 \
	--format csv | awk -F, 'NR == 2 { print $1 }')
"$bin" --db "$db" order show "$shipped" --format json >shipped.json
tracking=$(sed -n 's/.*"tracking":[[:space:]]*"\([^"]*\)".*/\1/p' \
	shipped.json | head -n 1)
timed t "$bench_tui" --db "$db" --user bench --rounds "$rounds" \
	--order "$mid" --email "$email" --sku "$sku" --tracking "$tracking" \
	>tui.txt
read -r secs rss <t
# bench_tui's table: | step | median ms | ... ; every step, and the RSS of
# the whole run (every screen opened in one process)
awk -F'|' 'NF > 4 && $2 !~ /step|---/ { gsub(/^ +| +$/, "", $2);
	gsub(/^ +| +$/, "", $3); print $2 "\t" $3 }' tui.txt |
	while IFS="$(printf '\t')" read -r step ms; do
		record "TUI: $step" "$ms" "ms (median of $rounds)" "$rss"
	done

echo
echo "| what ($orders demo orders) | figure | unit | peak RSS MiB |"
echo "|---|---:|---|---:|"
cat "$rows"
echo
echo "(one JSON object per figure appended to $results)"
