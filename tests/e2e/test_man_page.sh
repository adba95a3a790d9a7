# The man page doc/backoffice.1: it renders without a single groff warning,
# and it names every command, sub-command and option the binary's own --help
# lists (read from the binary now, so the page cannot drift from it). The
# check is shown to fail on a copy of the page with one sub-command taken out.
. "$E2E_LIB"

SRC=${BACKOFFICE_SRC:-$(cd "$(dirname "$E2E_LIB")/../.." && pwd)}
PAGE=$SRC/doc/backoffice.1

if ! command -v groff >/dev/null 2>&1; then
	fail "groff is not installed (make check-deps installs groff-base)"
	finish
	exit 1
fi
if [ ! -f "$PAGE" ]; then
	fail "no man page at $PAGE"
	finish
	exit 1
fi

# 1. No warning at all (-ww: every warning category), as groff and man see it.
groff -man -Tutf8 -ww -z "$PAGE" >groff.err 2>&1
if [ -s groff.err ]; then
	fail "groff warns about $PAGE"
	sed 's/^/    /' groff.err
else
	pass "groff -man -Tutf8 -ww -z: no warning"
fi
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l "$PAGE" >man.out 2>man.err
	if [ -s man.err ] || [ ! -s man.out ]; then
		fail "man --warnings -l $PAGE"
		sed 's/^/    /' man.err
	else
		pass "man --warnings -l: renders, no warning"
	fi
else
	printf '  skip: man is not installed (man-db)\n'
fi

# 2. The commands and sub-commands, from the binary's top-level help: a
# command line is "  NAME  text", its sub-commands on the lines below it.
bo --help >help.txt
awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on' help.txt >commands.txt
awk '/^  [a-z]/ { print $1 }' commands.txt >cmds.txt
awk '/^  [a-z]/ { c = $1; next } /^    / { for (i = 1; i <= NF; i++) print c, $i }' \
	commands.txt >subs.txt
if [ "$(wc -l <cmds.txt)" -ge 10 ] && [ "$(wc -l <subs.txt)" -ge 40 ]; then
	pass "the help lists $(wc -l <cmds.txt) commands, $(wc -l <subs.txt) sub-commands"
else
	fail "could not read the commands off backoffice --help"
	sed 's/^/    /' help.txt
fi
# each sub-command's options, off its own --help (usage and option lines);
# --command-id, --help and the global options are described once, globally
while read -r c s; do
	bo "$c" "$s" --help | awk '/^Usage:/ || /^       / || /^  --/' |
		grep -o -- '--[a-z][a-z-]*' | sort -u |
		grep -v -x -e --command-id -e --help -e --db -e --tenant -e --user -e --format |
		tr '\n' ' ' >"opts.$c.$s"
done <subs.txt
grep -o -- '--[a-z][a-z-]*' help.txt | sort -u >global.txt

# check_page FILE: names what FILE's rendering lacks; false when it lacks any.
# Commands are .SS headings (3 spaces in), sub-commands .TP tags (7 spaces
# in) that begin with "COMMAND SUB"; a sub-command's options must appear in
# its own entry: the tag (and its wrapped lines) and the indented text.
check_page() {
	groff -man -Tascii -P-cbou "$1" 2>/dev/null >page.txt
	missing=0
	while read -r c; do
		grep -q -x "   $c" page.txt || {
			echo "    command '$c' has no section"
			missing=1
		}
	done <cmds.txt
	while read -r c s; do
		# (an adjusted line may have runs of spaces between words)
		awk -v tag="$c $s" '
			on && /^       [A-Za-z]/ { exit }
			on && /^   [^ ]/ { exit }
			on && /^[^ ]/ { exit }
			{ line = $0; sub(/^ +/, "", line); gsub(/  +/, " ", line) }
			/^       [^ ]/ && index(line, tag) == 1 &&
				(length(line) == length(tag) ||
				 substr(line, length(tag) + 1, 1) == " ") { on = 1 }
			on { print }' page.txt >entry.txt
		if [ ! -s entry.txt ]; then
			echo "    sub-command '$c $s' has no entry"
			missing=1
			continue
		fi
		for o in $(cat "opts.$c.$s"); do
			grep -q -- "$o" entry.txt || {
				echo "    option $o of '$c $s' is not in its entry"
				missing=1
			}
		done
	done <subs.txt
	while read -r o; do
		grep -q -- "$o" page.txt || {
			echo "    global option $o is missing"
			missing=1
		}
	done <global.txt
	[ "$missing" -eq 0 ]
}

if check_page "$PAGE" >check.out; then
	pass "every command, sub-command and option of --help is in the page"
else
	fail "the page lacks what the binary's help lists"
	cat check.out
fi
for section in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS \
	"THE TERMINAL INTERFACE" ENVIRONMENT FILES "EXIT STATUS" EXAMPLES \
	"SEE ALSO"; do
	if grep -q -x "$section" page.txt; then
		pass "section $section"
	else
		fail "the page has no section $section"
	fi
done
# every exit status the top-level help names, in EXIT STATUS
awk '/^Exit status:/ { on = 1 } on && /^A change/ { exit } on' help.txt |
	grep -o '[0-9] [a-z]' | cut -c1 | sort -u >statuses.txt
for n in $(cat statuses.txt); do
	if sed -n '/^EXIT STATUS$/,/^EXAMPLES$/p' page.txt | grep -q -E "^       $n( |\$)"; then
		pass "exit status $n is described"
	else
		fail "exit status $n is not in EXIT STATUS"
	fi
done
# every variable the binary is known to read
for v in BACKOFFICE_DB BACKOFFICE_TENANT BACKOFFICE_USER BACKOFFICE_MOUSE \
	XDG_DATA_HOME HOME NO_COLOR TZDIR; do
	if sed -n '/^ENVIRONMENT$/,/^FILES$/p' page.txt | grep -q -- "$v"; then
		pass "ENVIRONMENT names $v"
	else
		fail "ENVIRONMENT does not name $v"
	fi
done

# 3. The check fails when the page drifts: a copy without 'order refund'
# (its .TP entry taken out) and one without the section of 'customer'.
awk '/^\.B order refund / { skip = 1; drop_tp = 1; next }
	skip && /^\.TP/ { skip = 0 }
	!skip' "$PAGE" | awk '{ lines[NR] = $0 } END {
		for (i = 1; i <= NR; i++) {
			if (lines[i] == ".TP" && i < NR && lines[i + 1] ~ /^\.TP/) continue
			print lines[i] } }' >no_refund.1
if check_page no_refund.1 >check.out; then
	fail "check_page passed a page without 'order refund'"
else
	if grep -q "sub-command 'order refund' has no entry" check.out; then
		pass "check_page fails on a page without 'order refund'"
	else
		fail "check_page failed on the copy, but not for 'order refund'"
		cat check.out
	fi
fi
sed '/^\.SS customer$/,/^\.SS events$/{/^\.SS events$/!d}' "$PAGE" >no_customer.1
if check_page no_customer.1 >check.out; then
	fail "check_page passed a page without the customer command"
elif grep -q "command 'customer' has no section" check.out; then
	pass "check_page fails on a page without the customer command"
else
	fail "check_page failed on the copy, but not for 'customer'"
	cat check.out
fi

finish
