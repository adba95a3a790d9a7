# Citus schema-based sharding's precondition: with BACKOFFICE_PG_TRACE_SQL on,
# no statement names two schemas, each connection (so each transaction) works
# in one, a tenant's commands reach the installation's schema only for the
# registry, and everything a tenant's store uses lives in its own schema.
. "$E2E_LIB"

pg_only "the schema scope of every statement" || {
	finish
	exit 0
}

DB=$(store_url shop)
INST=$(printf '%s' "$DB" | sed 's/.*schema=//')
# tenant schemas belong to the whole test database: each run names its own
S=$(printf '%s' "$PWD" | cksum | cut -c1-6)
A=sa$S
B=sb$S
SA=tenant_$A
SB=tenant_$B
CLERK=clerk$S
psql_q() {
	"${BACKOFFICE_TEST_PG_BINDIR:+$BACKOFFICE_TEST_PG_BINDIR/}psql" -qAtX \
		-v ON_ERROR_STOP=1 -d "$BACKOFFICE_TEST_PG" -c "$1"
}
mkdir traces
N=0

# t SCOPE CMD...: backoffice as alice, its statements traced to
# traces/NNN; SCOPE is "" (the installation's own store), a tenant's name
# (--tenant NAME), "create:NAME" (tenant create NAME) or "list" (tenant
# list). traces/NNN.scope holds "ALLOWED|MUST|REGISTRY": the schemas the
# command may reach, the one it must reach, and 1 when it may use only the
# registry's tables in the installation's schema (a tenant's command);
# traces/NNN.cmd the command.
t() {
	scope=$1
	shift
	N=$((N + 1))
	f=traces/$(printf %03d "$N")
	case $scope in
	"") echo "$INST|$INST|0" >"$f.scope" ;;
	create:*) echo "$INST tenant_${scope#create:}|tenant_${scope#create:}|0" >"$f.scope" ;;
	list) echo "$INST $SA $SB|$INST|0" >"$f.scope" ;;
	*)
		echo "$INST tenant_$scope|tenant_$scope|1" >"$f.scope"
		set -- --tenant "$scope" "$@"
		;;
	esac
	echo "$*" >"$f.cmd"
	BACKOFFICE_PG_TRACE_SQL=$PWD/$f
	export BACKOFFICE_PG_TRACE_SQL
	bo --db "$DB" --user alice "$@"
	st=$?
	unset BACKOFFICE_PG_TRACE_SQL
	return $st
}

# ---- the checker -------------------------------------------------------------

# check_trace FILE "ALLOWED ..." MUST REGISTRY KNOWN: prints one line per
# problem in trace FILE. Every record is "PID.CONN SCHEMA KIND SQL"; a schema is named
# by a quoted identifier before a dot ("x".t, as the adapter writes it) or
# by one of the KNOWN schemas before a dot, unquoted. A statement names at
# most one schema, and only its connection's; a connection keeps one
# schema; each connection's schema is one of ALLOWED; MUST is named by at
# least one statement. Each connection starts with SET search_path = ''
# (pg_conn.c), so a name the adapter did not qualify fails instead of
# finding a table of another schema. With REGISTRY 1, statements of a
# connection to the installation's schema ($INST) name only the registry's
# tables (backoffice_meta, backoffice_migrations, settings, tenants).
check_trace() {
	awk -v allowed="$2" -v must="$3" -v regonly="$4" -v known="$5" -v inst="$INST" \
		-v setsp="SET search_path = ''" '
	function problem(m) { print FILENAME ": " m; bad++ }
	function add(nm) { if (!(nm in seen)) { seen[nm] = 1; nseen++; list = list " " nm } }
	BEGIN {
		n = split(allowed, a, " "); for (i = 1; i <= n; i++) ok[a[i]] = 1
		n = split(known, k, " "); for (i = 1; i <= n; i++) isknown[k[i]] = 1
		registry["backoffice_meta"] = registry["backoffice_migrations"] = 1
		registry["settings"] = registry["tenants"] = 1
	}
	{
		if (index($0, "!untraced")) { problem("a statement went untraced: " $0); next }
		if (NF < 4 || $1 !~ /^[0-9]+\.[0-9]+$/) { problem("not a trace record: " $0); next }
		conn = $1; schema = $2; sql = $0
		sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", sql)
		records++
		if (!(schema in ok)) problem("a connection to schema " schema " is outside this command: " sql)
		if (!(conn in cs) && sql != setsp)
			problem("connection " conn " began without emptying search_path: " sql)
		if ((conn in cs) && cs[conn] != schema) problem("connection " conn " went from schema " cs[conn] " to " schema)
		cs[conn] = schema
		split("", seen); nseen = 0; list = ""
		s = sql
		while (match(s, /"[^"]*"\./)) {
			add(substr(s, RSTART + 1, RLENGTH - 3))
			s = substr(s, RSTART + RLENGTH)
		}
		s = sql
		while (match(s, /[A-Za-z_][A-Za-z0-9_]*\./)) {
			nm = tolower(substr(s, RSTART, RLENGTH - 1))
			if (nm in isknown) add(nm)
			s = substr(s, RSTART + RLENGTH)
		}
		if (nseen > 1) problem("a statement names " nseen " schemas (" list " ): " sql)
		else if (nseen == 1 && !(schema in seen)) problem("a statement of a connection to " schema " names" list ": " sql)
		if (nseen == 1) named[schema] = 1
		if (schema == inst && regonly == 1) {
			s = sql
			while (match(s, /"[^"]*"\.[a-z_0-9]+/)) {
				tb = substr(s, RSTART, RLENGTH); sub(/.*\./, "", tb)
				if (!(tb in registry)) problem("a tenant command used table " tb " of the installation: " sql)
				s = substr(s, RSTART + RLENGTH)
			}
		}
	}
	END {
		if (records == 0) problem("no statement was traced")
		else if (!(must in named)) problem("no statement named schema " must)
		exit (bad > 0)
	}' "$1"
}

# ---- two tenants, a broad set of commands in each ------------------------------

expect_status 0 t "" init --currency EUR
expect_status 0 t create:"$A" tenant create "$A" --currency EUR --time-zone Europe/Berlin
expect_status 0 t create:"$B" tenant create "$B" --currency EUR --time-zone Asia/Tokyo

# a log to import: from a scratch store of its own, untraced
SRC=$(store_url src)
expect_status 0 bo --db "$SRC" --user alice init --currency EUR
expect_status 0 bo --db "$SRC" --user alice product add --sku IMP --name Imported --price 3 --stock 50
run bo --db "$SRC" --user alice order place --customer imp@example.com --line IMP:2
expect_status 0 bo --db "$SRC" --user alice order pay "$(cat "$E2E_OUT")" --amount 6
bo --db "$SRC" --user alice events export >src.jsonl

for T in "$A" "$B"; do
	expect_status 0 t "$T" events import "$PWD/src.jsonl"
	expect_status 0 t "$T" product add --sku CUP --name Cup --price 400 --stock 30
	expect_status 0 t "$T" product add --sku POT --name Pot --price 900 --stock 2
	expect_status 0 t "$T" product edit CUP --price 450 --name "Blue cup"
	expect_status 0 t "$T" product list
	expect_status 0 t "$T" product show CUP
	expect_status 0 t "$T" user add "$CLERK" --role support
	expect_status 0 t "$T" user list
	expect_status 0 t "$T" order place --customer ann@example.com --line CUP:2 --line POT:1
	o1=$(cat "$E2E_OUT")
	expect_status 0 t "$T" order place --customer bo@example.com --line CUP:1
	o2=$(cat "$E2E_OUT")
	expect_status 0 t "$T" order pay "$o1" --amount 1800
	expect_status 0 t "$T" order ship "$o1" --carrier DHL --tracking 0034
	expect_status 0 t "$T" order refund "$o1" --amount 100 --reason chipped
	expect_status 0 t "$T" order note "$o1" --text "called the customer"
	expect_status 0 t "$T" order cancel "$o2" --reason "changed mind"
	expect_status 0 t "$T" order show "$o1"
	expect_status 0 t "$T" order timeline "$o1"
	expect_status 0 t "$T" order list
	expect_status 0 t "$T" alerts list
	for r in summary daily products funnel shipping; do
		expect_status 0 t "$T" report "$r"
	done
	expect_status 0 t "$T" events export
	expect_status 0 t "$T" demo seed --orders 12 --days 3 --seed 4 --now 2026-11-20 --force
	expect_status 0 t "$T" projections status
	expect_status 0 t "$T" projections run
	expect_status 0 t "$T" projections rebuild
	expect_status 0 t "$T" projections verify
done
expect_status 0 t "" product list
expect_status 0 t "" user list
expect_status 0 t list tenant list
expect_stdout_contains "$A"
expect_stdout_contains "$B"

# ---- the trace ----------------------------------------------------------------

KNOWN=$(psql_q "SELECT string_agg(nspname, ' ') FROM pg_namespace WHERE nspname
	NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'")
case " $KNOWN " in
*" $SA "*) case " $KNOWN " in
	*" $SB "*) pass "both tenant schemas are in the catalogue" ;;
	*) fail "tenant schema $SB is missing from: $KNOWN" ;;
	esac ;;
*) fail "tenant schema $SA is missing from: $KNOWN" ;;
esac
checked=0
problems=0
for f in traces/[0-9][0-9][0-9]; do
	IFS='|' read -r allowed must registry <"$f.scope"
	if check_trace "$f" "$allowed" "$must" "$registry" "$KNOWN" >"$f.problems"; then
		checked=$((checked + 1))
	else
		problems=$((problems + 1))
		fail "trace of: $(cat "$f.cmd")"
		head -5 "$f.problems" | cut -c1-400 | sed 's/^/    /'
	fi
done
set -- traces/*.cmd
missing=$(($# - checked - problems))
if [ "$problems" -eq 0 ] && [ "$missing" -eq 0 ] && [ "$checked" -ge 60 ]; then
	pass "$checked commands: every statement names one schema, its connection's, within the command's tenant"
else
	fail "$checked command traces clean, $problems with problems, $missing missing"
fi
statements=$(cat traces/[0-9][0-9][0-9] | wc -l)
kinds=$(cat traces/[0-9][0-9][0-9] | awk '{ print $3 }' | sort -u | tr '\n' ' ')
if [ "$statements" -ge 1000 ] && [ "$kinds" = "exec prepare simple together " ]; then
	pass "$statements statements traced, of every kind ($kinds)"
else
	fail "only $statements statements traced, kinds: $kinds"
fi

# negative controls: the checker reports two schemas in one statement, a
# schema other than its connection's (quoted or not), a connection that
# changes schema, an untraced statement, and a registry lookup that strays
cat >bad1 <<EOF
1.1 $SA exec SELECT * FROM "$SA".events e JOIN "$SB".events f USING (position)
EOF
cat >bad2 <<EOF
1.1 $SA exec SELECT 1 FROM "$SA".settings
1.1 $SA exec SELECT 1 FROM $SB.events
EOF
cat >bad3 <<EOF
1.1 $SA exec SELECT 1 FROM "$SA".settings
1.1 $SB exec SELECT 1 FROM "$SB".settings
EOF
cat >bad4 <<EOF
1.1 $SA exec SELECT 1 FROM "$SA".settings
1.1 $SA !untraced: out of memory
EOF
cat >bad5 <<EOF
1.1 $INST exec SELECT 1 FROM "$INST".events
1.2 $SA exec SELECT 1 FROM "$SA".events
EOF
cat >bad6 <<EOF
1.1 $SA exec SELECT 1 FROM "$SA".settings
EOF
for bad in bad6:"began without emptying search_path" bad1:"names 2 schemas" bad2:"names $SB" bad3:"went from schema $SA to $SB" \
	bad4:"went untraced" bad5:"used table events of the installation"; do
	file=${bad%%:*}
	want=${bad#*:}
	if check_trace "$file" "$INST $SA $SB" "$SA" 1 "$KNOWN" >"$file.out"; then
		fail "the checker passed $file"
	elif grep -qF -- "$want" "$file.out"; then
		pass "the checker reports $file: $want"
	else
		fail "the checker failed $file for another reason: $(cat "$file.out")"
	fi
done
# and passes a clean one
printf "1.1 %s exec SET search_path = ''\n1.1 %s exec SELECT 1 FROM \"%s\".settings\n" \
	"$SA" "$SA" "$SA" >good
if check_trace good "$INST $SA" "$SA" 1 "$KNOWN" >good.out; then
	pass "the checker passes a clean trace"
else
	fail "the checker failed a clean trace: $(cat good.out)"
fi

# ---- the catalogue --------------------------------------------------------------

# objects NSP: each relation (kind and name) and function of schema NSP
objects() {
	psql_q "SELECT relkind::text || ' ' || relname FROM pg_class WHERE relnamespace =
		'\"$1\"'::regnamespace UNION ALL SELECT 'function ' || proname FROM
		pg_proc WHERE pronamespace = '\"$1\"'::regnamespace ORDER BY 1"
}
objects "$SA" >objects.a
objects "$SB" >objects.b
objects "$INST" >objects.inst
if [ "$(grep -c '^r ' objects.a)" -ge 20 ] && grep -q '^S ' objects.a &&
	grep -q '^function events_product_guard$' objects.a; then
	pass "$SA holds $(wc -l <objects.a) relations and functions (tables, sequences, functions)"
else
	fail "the catalogue of $SA: $(tr '\n' ',' <objects.a)"
fi
same_file objects.a objects.b "the objects of both tenants' schemas, by kind and name"
# the installation's read models were never rebuilt: the names of their
# indexes (which a rebuild's shadow gives) differ, nothing else
grep -v '^i ' objects.a >objects.a.noindex
grep -v '^i ' objects.inst >objects.inst.noindex
same_file objects.a.noindex objects.inst.noindex \
	"the objects of a tenant's schema and the installation's, indexes aside"

# cross NSP: what an object of schema NSP depends on (a column's default or
# type, a trigger's function, a sequence's owner, ...) outside NSP and
# pg_catalog, one line each
cross() {
	psql_q "WITH obj(classid, objid, nsp) AS (
		SELECT 'pg_class'::regclass, oid, relnamespace FROM pg_class
		UNION ALL SELECT 'pg_proc'::regclass, oid, pronamespace FROM pg_proc
		UNION ALL SELECT 'pg_type'::regclass, oid, typnamespace FROM pg_type
		UNION ALL SELECT 'pg_constraint'::regclass, oid, connamespace FROM pg_constraint
		UNION ALL SELECT 'pg_trigger'::regclass, t.oid, c.relnamespace
			FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		UNION ALL SELECT 'pg_attrdef'::regclass, d.oid, c.relnamespace
			FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid)
	SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid) || ' -> ' ||
		pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)
	FROM pg_depend d
	JOIN obj o ON o.classid = d.classid AND o.objid = d.objid
	JOIN obj r ON r.classid = d.refclassid AND r.objid = d.refobjid
	WHERE o.nsp = '\"$1\"'::regnamespace
		AND r.nsp NOT IN (o.nsp, 'pg_catalog'::regnamespace)"
}
for nsp in "$SA" "$SB" "$INST"; do
	got=$(cross "$nsp")
	if [ -z "$got" ]; then
		pass "nothing in $nsp depends on an object of another schema"
	else
		fail "objects of $nsp depend on other schemas: $got"
	fi
done
# its negative control: a default that calls a function of another schema
C1=scope_ctl_a$S
C2=scope_ctl_b$S
psql_q "CREATE SCHEMA $C1; CREATE SCHEMA $C2;
	CREATE FUNCTION $C2.f() RETURNS bigint LANGUAGE sql AS 'SELECT 1';
	CREATE TABLE $C1.t (x bigint DEFAULT $C2.f())" >/dev/null
got=$(cross "$C1")
psql_q "SET client_min_messages = warning; DROP SCHEMA $C1, $C2 CASCADE" >/dev/null
case $got in
*"$C2.f()"*) pass "the dependency check reports a default calling another schema's function" ;;
*) fail "the dependency check missed $C1.t -> $C2.f(): '$got'" ;;
esac

# nothing of the app in public (other scripts share the database: only
# names the store uses count), and every name the trace used after a
# tenant's schema is an object of that schema (the online rebuild's
# shadow and set-aside tables come and go)
stray=$(psql_q "SELECT string_agg(relname, ' ') FROM pg_class WHERE relnamespace =
	'public'::regnamespace AND relname IN (SELECT relname FROM pg_class WHERE
	relnamespace = '\"$SA\"'::regnamespace)")
stray_f=$(psql_q "SELECT string_agg(proname, ' ') FROM pg_proc WHERE pronamespace =
	'public'::regnamespace AND proname IN (SELECT proname FROM pg_proc WHERE
	pronamespace = '\"$SA\"'::regnamespace)")
if [ -z "$stray$stray_f" ]; then
	pass "public holds no relation or function of the store"
else
	fail "public holds the store's $stray $stray_f"
fi
for nsp in "$SA":objects.a "$SB":objects.b; do
	objs=${nsp#*:}
	nsp=${nsp%%:*}
	# the migrations' comments left out (-- up to an escaped newline)
	cat traces/[0-9][0-9][0-9] | sed 's/--\([^\\]\|\\[^n]\)*\\n/ /g' | grep -o "\"$nsp\"\\.[a-z_0-9]*" | sed 's/.*\.//' |
		sort -u >"used.$nsp"
	sed 's/^[^ ]* //' "$objs" | sort -u >"have.$nsp"
	missing=$(comm -23 "used.$nsp" "have.$nsp" | grep -v '__rebuild$' | grep -v '__old$' | tr '\n' ' ')
	if [ "$(wc -l <"used.$nsp")" -ge 15 ] && [ -z "$missing" ]; then
		pass "the $(wc -l <"used.$nsp") names the trace used in $nsp are all objects of $nsp"
	else
		fail "names used in $nsp but not there: '$missing' ($(wc -l <"used.$nsp") used)"
	fi
done

finish
