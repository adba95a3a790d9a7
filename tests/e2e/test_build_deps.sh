# The build's own checks: a missing library or pkg-config is one line naming the Debian package (exit non-zero, nothing compiled); make run's package list holds only what running needs; every package named exists in this system's archive.
. "$E2E_LIB"

sqlite_only "the build's checks do not depend on the store" || { finish; exit 0; }
src=$(cd "$(dirname "$E2E_LIB")/../.." && pwd)

# mk ARGS...: make in the source tree, quietly, status and both streams kept
mk() {
	make --no-print-directory -s -C "$src" "$@" >mk.out 2>mk.err
	echo $? >mk.rc
}

mk check-pkgs
[ "$(cat mk.rc)" = 0 ] && pass "check-pkgs passes here" ||
	fail "check-pkgs failed on the build machine: $(cat mk.err)"

# a library pkg-config cannot find
mk check-pkgs PKG_DEBS="ncursesw:libncurses-dev bo-nosuch:libbo-nosuch-dev"
if [ "$(cat mk.rc)" != 0 ] &&
	grep -q "^backoffice: the library bo-nosuch is missing (pkg-config cannot find it): install the Debian package libbo-nosuch-dev" mk.err &&
	[ "$(grep -c '^backoffice:' mk.err)" = 1 ]; then
	pass "a missing library is one line naming its Debian package"
	sed 's/^/    | /' mk.err
else
	fail "missing library: status $(cat mk.rc), stderr: $(cat mk.err)"
fi

# the same before any compiling: a build of an object stops at the check
rm -rf build-deps-check
mk BUILD="$PWD/build-deps-check" PKG_DEBS="bo-nosuch:libbo-nosuch-dev" \
	"$PWD/build-deps-check/domain/money.o"
if [ "$(cat mk.rc)" != 0 ] && ! [ -e build-deps-check/domain/money.o ] &&
	grep -q "libbo-nosuch-dev" mk.err && ! grep -q "error:" mk.err; then
	pass "nothing is compiled when a library is missing (no compiler errors)"
else
	fail "compiling went on: status $(cat mk.rc), stderr: $(cat mk.err)"
fi

# no pkg-config at all: a PATH holding make and sh but not pkg-config
mkdir -p nopc
for tool in make sh cat grep sed tr id; do
	ln -sf "$(command -v "$tool")" "nopc/$tool"
done
PATH="$PWD/nopc" make --no-print-directory -s -C "$src" check-pkgs >mk.out 2>mk.err
rc=$?
if [ "$rc" != 0 ] &&
	grep -q "^backoffice: pkg-config is missing: install the Debian package pkg-config" mk.err; then
	pass "a missing pkg-config is said in one line"
else
	fail "missing pkg-config: status $rc, stderr: $(cat mk.err)"
fi

# make run installs only the runtime set: no test tool in it
for tool in libcmocka-dev postgresql tmux valgrind clang; do
	if grep -qx "$tool" "$src/data/debian-packages-run.txt"; then
		fail "the runtime package list holds the test tool $tool"
	fi
done
pass "the runtime package list holds no test tool"
grep -qx libcmocka-dev "$src/data/debian-packages-test.txt" &&
	grep -qx postgresql "$src/data/debian-packages-test.txt" &&
	pass "the test list holds cmocka and the unversioned postgresql" ||
	fail "the test list lacks cmocka or postgresql"
if grep -q '^check-run-deps' "$src/Makefile" &&
	make --no-print-directory -C "$src" -pn run 2>/dev/null |
	grep -q '^run: check-run-deps'; then
	pass "make run checks only the runtime set"
else
	fail "make run does not depend on check-run-deps"
fi

# every package named is one this system's archive knows
if command -v apt-cache >/dev/null 2>&1; then
	missing=
	for pkg in $(grep -hv '^#' "$src/data/debian-packages-run.txt" \
		"$src/data/debian-packages-test.txt"); do
		apt-cache show "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
	done
	[ -z "$missing" ] && pass "every listed package is in the archive" ||
		fail "not in this system's archive:$missing"
else
	echo "  skip: no apt-cache here to check the package names"
fi

# the server programs are found where the system put them
if bindir=$(sh "$src/tests/support/pg_bindir.sh"); then
	[ -x "$bindir/initdb" ] && pass "pg_bindir.sh finds initdb in $bindir" ||
		fail "pg_bindir.sh named $bindir without initdb"
else
	echo "  skip: no PostgreSQL server here"
fi
finish
