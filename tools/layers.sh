#!/bin/sh
# layers.sh [SRCDIR]: the layering rule of src/ -- a file includes only
# headers of its own layer or of layers below -- checked, and the layers and
# the include edges between folders printed.  Exit status 1 on a violation.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1
layers="base ir vm lang num io sim analysis plot session top"
rank() { # rank FOLDER -> its index in $layers
  i=0
  for l in $layers; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done
  echo 99
}
# Where each header lives: src/<layer>/x.h, grammar/ (lang), src/ (top).
folder_of() {
  case $1 in
    grammar/*) echo lang ;;
    src/*/*) f=${1#src/}; echo "${f%%/*}" ;;
    src/*) echo top ;;
  esac
}
headers=$(mktemp) edges=$(mktemp)
trap 'rm -f "$headers" "$edges"' EXIT
find src grammar -name '*.h' | while read -r h; do echo "$(basename "$h") $(folder_of "$h")"; done > "$headers"
echo "grammar parser.h lang" | awk '{ print $2, $3 }' >> "$headers"
bad=0
for f in $(find src grammar -name '*.c' -o -name '*.h' -o -name '*.l' -o -name '*.y' | sort); do
  case $f in grammar/parser.c|grammar/lexer.c|grammar/parser.h) continue ;; esac
  from=$(folder_of "$f")
  for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
    to=$(awk -v h="$inc" '$1 == h { print $2; exit }' "$headers")
    [ -n "$to" ] || continue   # config.h and generated headers
    echo "$from $to" >> "$edges"
    if [ "$(rank "$to")" -gt "$(rank "$from")" ]; then
      echo "layers: $f ($from) includes $inc ($to), a higher layer"
      bad=1
    fi
  done
done
echo "layers, lowest first: $layers"
echo "include edges between folders (count):"
awk '$1 != $2' "$edges" | sort | uniq -c | awk '{ printf "  %-9s -> %-9s %d\n", $2, $3, $1 }'
if [ $bad = 0 ]; then echo "layers: ok"; fi
exit $bad
