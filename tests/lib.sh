# lib.sh: helpers for the numerical test scripts (sourced).
# ok/fail print one result line; close/within compare numbers with awk.

ok() { echo "ok $1"; }
fail() { echo "not ok $1: $2"; }

# check NAME CONDITION-TEXT: pass if the awk expression is true.
check() {
  if awk "BEGIN { exit !($2) }"; then ok "$1"; else fail "$1" "${3:-$2}"; fi
}

# within NAME GOT WANT TOL: |GOT - WANT| <= TOL
within() {
  if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then
    ok "$1"
  else
    fail "$1" "got $2, expected $3 +- $4"
  fi
}

# Upward crossings of THR in column COL of a CSV, linearly interpolated.
crossings() { # crossings FILE COL THR
  awk -F, -v col="$2" -v thr="$3" 'NR > 1 { v = $col + 0; t = $1 + 0
      if (NR > 2 && pv < thr && v >= thr) printf "%.6f\n", pt + (thr - pv) * (t - pt) / (v - pv)
      pv = v; pt = t }' "$1"
}

# png_ok NAME FILE [MIN]: a PNG of 960x640 pixels and more than MIN bytes
# (default 30 kB).  An empty frame with axes is about 12 kB; the line plots
# here are 80-160 kB, rasters and smooth heatmaps 20-50 kB.
png_ok() {
  if [ ! -f "$2" ]; then fail "$1" "$2 was not written"; return; fi
  head=$(od -An -tu1 -N24 "$2" | tr -s ' \n' ' ')
  size=$(wc -c < "$2")
  min=${3:-30000}
  set -- "$1" "$2" $head
  # bytes 1-8: the signature; 17-20, 21-24: width, height (big-endian)
  sig="$3 $4 $5 $6"
  w=$(( ${20} * 65536 + ${21} * 256 + ${22} )); h=$(( ${24} * 65536 + ${25} * 256 + ${26} ))
  if [ "$sig" = "137 80 78 71" ] && [ "$w" = 960 ] && [ "$h" = 640 ] && [ "$size" -gt "$min" ]; then
    ok "$1 ($size bytes)"
  else
    fail "$1" "signature '$sig', ${w}x${h}, $size bytes"
  fi
}
