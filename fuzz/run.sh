#!/bin/sh
# fuzz/run.sh [SECONDS]: fuzz the whole pipeline -- parse, check, compile,
# a few steps of every method through the driver -- with libFuzzer (clang),
# starting from the committed corpus, the stdlib, the examples and the test
# models.  Not part of `make check` (which replays fuzz/corpus with gcc, see
# tests/fuzz/replay.sh); run it after changing the grammar, the checks, the
# compiler, the VM, the steppers or the driver.  Runs niced, one process.
# New interesting inputs land in $TMPDIR/neurode-fuzz/corpus, crashes in
# $TMPDIR/neurode-fuzz/crash-*.  To fold the new inputs into the committed
# corpus, keeping it small:
#   fuzz/run.sh merge
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/neurode-fuzz
mkdir -p "$out/corpus"
cd "$here"
[ -f grammar/parser.c ] || { echo "build once first (make) so grammar/parser.c exists" >&2; exit 1; }
# Everything but main.c: the harness is the main program.
clang -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -ffp-contract=off \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Isrc $(for d in src/*/; do printf ' -I%s' "${d%/}"; done) -Igrammar -I. -o "$out/fuzz_model" \
  fuzz/fuzz_model.c $(find src -name '*.c' ! -name main.c ! -name cli.c) \
  grammar/parser.c grammar/lexer.c -lm -lreadline
if [ "${1:-}" = merge ]; then
  # The committed corpus plus those inputs the fuzzer found that reach new
  # edges (not new hit counts: that keeps it to a few hundred files).
  rm -rf "$out/merged" && cp -R fuzz/corpus "$out/merged"
  nice -n 19 "$out/fuzz_model" -merge=1 -use_counters=0 -max_len=4096 "$out/merged" "$out/corpus"
  echo "merged corpus in $out/merged ($(ls "$out/merged" | wc -l) files); copy it to fuzz/corpus"
  exit 0
fi
mkdir -p "$out/seeds"
for f in stdlib/*.nd examples/*.nd; do cp "$f" "$out/seeds/$(echo "$f" | tr / _)"; done
# the models in the test cases, one file each
awk -v dir="$out/seeds" '/^--- .*\.nd$/ { n++; f = dir "/case" n ".nd"; next }
                         /^(---|===)/ { f = "" } f != "" { print > f }' tests/cases/*.t
cd "$out"
nice -n 19 ./fuzz_model -max_total_time="${1:-120}" -max_len=4096 -timeout=10 \
  -dict="$here/fuzz/model.dict" corpus "$here/fuzz/corpus" seeds
