# Hodgkin-Huxley against XPPAUT (issue acceptance 1): spike times and the
# voltage trace, same equations, RK4 with dt = 0.01.
. "$SRCDIR/tests/lib.sh"
"$NEURODE" run stdlib/hh.nd --set I_ext=10 --t 50 --dt 0.01 --method rk4 > hh.csv 2>/dev/null ||
  "$NEURODE" run hh --set I_ext=10 --t 50 --dt 0.01 --method rk4 > hh.csv
set -- $(crossings hh.csv 2 50)
check "hh: four spikes in 50 ms at I_ext = 10" "$# == 4" "got $# spikes: $*"
within "hh: first spike at 1.8431 ms (XPPAUT)" "${1:-}" 1.8431 0.002
within "hh: second spike at 16.7506 ms (XPPAUT)" "${2:-}" 16.7506 0.002
within "hh: third spike at 31.4011 ms (XPPAUT)" "${3:-}" 31.4011 0.002
within "hh: fourth spike at 46.0403 ms (XPPAUT)" "${4:-}" 46.0403 0.002
# XPPAUT stores single precision (~1e-7 relative): V up to ~105 mV.
grep -v '^#' "$SRCDIR/tests/data/xppaut_hh_I10.csv" | tail -n +2 > ref.csv
awk -F, 'NR > 1 && (NR - 2) % 10 == 0 { print $2 }' hh.csv > ours.csv
# Every row of the reference must meet one of ours at the same time.
worst=$(paste -d, ref.csv ours.csv | awk -F, '$3 == "" { missing++; next } { d = $2 - $3; if (d < 0) d = -d; if (d > m) m = d } END { print (missing ? "missing" : m + 0) }')
rows=$(wc -l < ours.csv)
check "hh: neurode's trace has the 501 points of XPPAUT's" "$rows == 501" "neurode wrote $rows"
within "hh: V agrees with XPPAUT's trace to 2e-5 mV" "$worst" 0 2e-5
