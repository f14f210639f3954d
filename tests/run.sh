#!/bin/sh
# run.sh: the whole test suite.  Called by `make check` with
#   NEURODE   the neurode binary to test
#   SRCDIR    the source tree (tests/, stdlib/)
#   UNITDIR   where the unit-test binaries were built
# Every test prints "ok NAME" or "not ok NAME: why" (or "skip NAME: why"
# when this machine cannot run it); this prints every skip and failure, then
# one summary line "N passed, N failed", and fails if any did.
# Each test program, case file and script gets TEST_TIMEOUT seconds (300)
# and is killed after that, so that nothing can hang the suite.
set -u
: "${NEURODE:?}" "${SRCDIR:?}" "${UNITDIR:?}"
case $NEURODE in /*) ;; *) NEURODE=$(pwd)/$NEURODE ;; esac
case $SRCDIR in /*) ;; *) SRCDIR=$(cd "$SRCDIR" && pwd) ;; esac
case $UNITDIR in /*) ;; *) UNITDIR=$(cd "$UNITDIR" && pwd) ;; esac
NEURODE_PATH=$SRCDIR/stdlib
export NEURODE SRCDIR NEURODE_PATH
unset DISPLAY NEURODE_GNUPLOT   # the suite is headless, whoever runs it
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/neurode-tests.XXXXXX") || exit 1
trap 'rm -rf "$TMPROOT"' EXIT INT TERM
export TMPROOT
# Native code is compiled into a cache of the tests' own, not the user's.
XDG_CACHE_HOME=$TMPROOT/cache
export XDG_CACHE_HOME
results=$TMPROOT/results
: > "$results"
TEST_TIMEOUT=${TEST_TIMEOUT:-300}

# limited CMD...: run CMD under the time limit, standard input from /dev/null.
# Exit status 124 (or 137 after the follow-up SIGKILL) means it timed out.
if command -v timeout > /dev/null 2>&1; then
  limited() { timeout -k 10 "$TEST_TIMEOUT" "$@" < /dev/null; }
else
  limited() { "$@" < /dev/null; }
fi
timed_out() { [ "$1" -eq 124 ] || [ "$1" -eq 137 ]; }

# Unit tests: C programs linked with the library.
for t in "$UNITDIR"/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  limited "$t" >> "$results" 2> "$TMPROOT/$name.err"
  rc=$?
  if timed_out "$rc"; then
    echo "not ok $name: timed out after $TEST_TIMEOUT s" >> "$results"
  elif [ "$rc" -ne 0 ]; then
    grep -q "^not ok" "$results" || echo "not ok $name: crashed or exited non-zero: $(tail -3 "$TMPROOT/$name.err")" >> "$results"
  fi
done

# Case files: command lines with their exact expected output and exit code.
for f in "$SRCDIR"/tests/cases/*.t; do
  limited sh "$SRCDIR/tests/cases.sh" "$f" >> "$results"
  rc=$?
  if timed_out "$rc"; then
    echo "not ok $(basename "$f" .t): timed out after $TEST_TIMEOUT s" >> "$results"
  fi
done

# Numerical, model, plotting, REPL, documentation and fuzz-corpus scripts.
for s in "$SRCDIR"/tests/numerics/*.sh "$SRCDIR"/tests/models/*.sh "$SRCDIR"/tests/scripts/*.sh \
         "$SRCDIR"/tests/plot/*.sh "$SRCDIR"/tests/repl/*.sh "$SRCDIR"/tests/docs/*.sh "$SRCDIR"/tests/fuzz/*.sh; do
  [ -f "$s" ] || continue
  name=$(basename "$s" .sh)
  work=$TMPROOT/num-$name
  mkdir -p "$work"
  (cd "$work" && limited sh "$s") >> "$results" 2> "$work/stderr"
  rc=$?
  if timed_out "$rc"; then
    echo "not ok $name: timed out after $TEST_TIMEOUT s" >> "$results"
  elif [ "$rc" -ne 0 ]; then
    echo "not ok $name: script failed: $(tail -3 "$work/stderr")" >> "$results"
  fi
done

passed=$(grep -c '^ok ' "$results")
failed=$(grep -c '^not ok ' "$results")
grep '^skip ' "$results"     # tests this machine cannot run, and why
grep '^not ok ' "$results"
if [ "${VERBOSE:-0}" = 1 ]; then grep -v '^ok \|^not ok ' "$results"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
