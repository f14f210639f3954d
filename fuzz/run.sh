#!/bin/sh
# fuzz/run.sh [SECONDS]: fuzz the model front end with libFuzzer (clang),
# starting from the stdlib, the examples and the test models.  Not part of
# `make check`; run it after changing the grammar or the checks.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/neurode-fuzz
mkdir -p "$out/corpus"
cd "$here"
[ -f grammar/parser.c ] || { echo "build once first (./setup) so grammar/parser.c exists" >&2; exit 1; }
clang -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Isrc -Igrammar -I. -o "$out/fuzz_model" fuzz/fuzz_model.c \
  $(ls src/*.c | grep -v 'src/main.c') grammar/parser.c grammar/lexer.c -lm -lreadline
for f in stdlib/*.nd examples/*.nd; do cp "$f" "$out/corpus/$(echo "$f" | tr / _)"; done
# the models in the test cases, one file each
awk -v dir="$out/corpus" '/^--- .*\.nd$/ { n++; f = dir "/case" n ".nd"; next }
                          /^(---|===)/ { f = "" } f != "" { print > f }' tests/cases/*.t
"$out/fuzz_model" -max_total_time="${1:-120}" -max_len=4096 "$out/corpus"
