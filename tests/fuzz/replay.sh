#!/bin/sh
# replay.sh: every input of the committed fuzz corpus (fuzz/corpus) goes
# through the fuzz harness -- parse, check, compile, a few steps of every
# method -- and must come out without a crash.  Under ASan+UBSan (CI) this
# also catches memory errors and undefined behaviour on those inputs.
# fuzz/replay is built by `make check` next to the neurode binary.
set -u
replay=${FUZZ_REPLAY:-$(dirname "$NEURODE")/fuzz/replay}
if [ ! -x "$replay" ]; then
  echo "not ok fuzz: no replay program at $replay"
  exit 0
fi
if out=$("$replay" "$SRCDIR/fuzz/corpus" 2> replay.err) &&
   n=$(echo "$out" | sed -n 's/^replayed \([0-9]*\) inputs$/\1/p') && [ "${n:-0}" -gt 0 ]; then
  echo "ok fuzz: replayed $n inputs"
else
  last=$(grep '^replaying ' replay.err | tail -1 | sed 's/^replaying //')
  echo "not ok fuzz: the replay failed${last:+ on $last}: $(grep -v '^replaying ' replay.err | head -5 | tr '\n' ' ')"
fi
