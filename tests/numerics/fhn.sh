# FitzHugh-Nagumo: the limit-cycle period with rk45 (issue acceptance 4) and
# the RK4 trace against XPPAUT.
. "$SRCDIR/tests/lib.sh"
"$NEURODE" run fhn --method rk45 --rtol 1e-8 --t 400 > cycle.csv
# Period: mean spacing of the upward zero crossings of v after 200 time units.
period=$(crossings cycle.csv 2 0 | awk '$1 > 200 { if (n) s += $1 - p; n++; p = $1 } END { if (n > 1) printf "%.6f", s / (n - 1) }')
within "fhn: limit-cycle period 39.474 with rk45 (rtol 1e-8)" "$period" 39.474 0.005
"$NEURODE" run fhn --t 200 --dt 0.01 --method rk4 --every 10 > fhn.csv
grep -v '^#' "$SRCDIR/tests/data/xppaut_fhn_I0.5.csv" | tail -n +2 > ref.csv
tail -n +2 fhn.csv > ours.csv
rows=$(wc -l < ours.csv)
check "fhn: neurode's trace has the 2001 points of XPPAUT's" "$rows == 2001" "neurode wrote $rows"
# A row of the reference without one of ours is a failure, not a skip.
worst=$(paste -d, ref.csv ours.csv | awk -F, '$4 == "" { missing++; next } { d = $2 - $5; if (d < 0) d = -d; e = $3 - $6; if (e < 0) e = -e; if (d > m) m = d; if (e > m) m = e } END { print (missing ? "missing" : m + 0) }')
within "fhn: v and w agree with XPPAUT's trace to 1e-6" "$worst" 0 1e-6
