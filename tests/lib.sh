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
