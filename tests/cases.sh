#!/bin/sh
# cases.sh FILE.t: run the cases of one case file (the format, like jq.test):
#
#   === what the case checks
#   args: check m.nd                 # arguments of neurode, shell-quoted
#   exit: 2                          # expected exit status
#   setup: printf 'x\n' > big.nd      # a shell command run first in the work dir
#   --- m.nd                         # a file created before running
#   dV/dt = 2 V
#   --- stderr                       # expected standard error, exactly
#   m.nd:1:11: error: ...
#   --- stdout                       # expected standard output, exactly
#   --- stdin                        # fed to standard input
#   --- after v.csv                  # expected content of a file the run writes
#
# Sections end at the next "---" or "===" line; lines starting "#" before
# the first section are comments.  An absent stdout/stderr is not checked.
set -u
file=$1
base=$(basename "$file" .t)
dir=$TMPROOT/case-$base
rm -rf "$dir"
mkdir -p "$dir"
# Blank lines at the end of a section only separate cases: they are dropped.
LC_ALL=C awk -v dir="$dir" '
  function close_out() { if (out != "") close(out); out = ""; blanks = 0 }
  /^=== / { close_out(); n++; d = dir "/" n; system("mkdir -p \"" d "/work\"");
            print substr($0, 5) > (d "/name"); close(d "/name"); next }
  n == 0 { next }
  /^args:/ && out == "" { a = substr($0, 6); sub(/^ +/, "", a); print a > (d "/args"); close(d "/args"); next }
  /^exit: / && out == "" { print substr($0, 7) > (d "/exit"); close(d "/exit"); next }
  /^setup: / && out == "" { print substr($0, 8) > (d "/setup"); close(d "/setup"); next }
  /^--- / { close_out(); f = substr($0, 5)
            if (f == "stdout" || f == "stderr" || f == "stdin") out = d "/expect." f
            else if (f ~ /^after /) { out = d "/after/" substr(f, 7); system("mkdir -p \"" d "/after\"") }
            else out = d "/work/" f
            printf "" > out; next }
  /^#/ && out == "" { next }
  out != "" && /^$/ { blanks++; next }
  out != "" { while (blanks > 0) { print "" > out; blanks-- } print > out }
' "$file"

for d in "$dir"/*/; do
  d=${d%/}
  [ -f "$d/name" ] || continue
  name="$base: $(cat "$d/name")"
  args=$(cat "$d/args" 2>/dev/null)
  want_exit=$(cat "$d/exit" 2>/dev/null || echo 0)
  stdin=/dev/null
  [ -f "$d/expect.stdin" ] && stdin=$d/expect.stdin
  [ -f "$d/setup" ] && (cd "$d/work" && sh "$d/setup")
  (cd "$d/work" && eval "set -- $args" && "$NEURODE" "$@" < "$stdin" > "$d/got.stdout" 2> "$d/got.stderr")
  got_exit=$?
  why=""
  [ "$got_exit" = "$want_exit" ] || why="exit $got_exit, expected $want_exit"
  for s in stdout stderr; do
    if [ -f "$d/expect.$s" ] && ! cmp -s "$d/expect.$s" "$d/got.$s"; then
      why="$why${why:+; }$s differs: $(diff "$d/expect.$s" "$d/got.$s" | head -6 | tr '\n' '|')"
    fi
  done
  if [ -d "$d/after" ]; then
    for a in "$d/after"/*; do
      f=$(basename "$a")
      if ! cmp -s "$a" "$d/work/$f"; then
        why="$why${why:+; }$f differs: $(diff "$a" "$d/work/$f" 2>&1 | head -6 | tr '\n' '|')"
      fi
    done
  fi
  if [ -z "$why" ]; then echo "ok $name"; else echo "not ok $name: $why"; fi
done
