# The other methods on Hodgkin-Huxley (issue acceptance 2 and 3).
. "$SRCDIR/tests/lib.sh"
"$NEURODE" run hh --set I_ext=10 --t 200 --dt 0.01 --method rk4 --vars V > rk4.csv
"$NEURODE" run hh --set I_ext=10 --t 200 --dt 0.01 --method expeuler --vars V > exp.csv
n_rk4=$(crossings rk4.csv 2 50 | wc -l)
n_exp=$(crossings exp.csv 2 50 | wc -l)
check "hh: rk4 fires 14 spikes in 200 ms" "$n_rk4 == 14" "got $n_rk4"
check "hh: expeuler fires as many spikes as rk4 ($n_exp)" "$n_exp == $n_rk4"
isi() { crossings "$1" 2 50 | awk 'NR == 1 { f = $1 } { l = $1 } END { printf "%.6f", (l - f) / (NR - 1) }'; }
isi_rk4=$(isi rk4.csv)
isi_exp=$(isi exp.csv)
check "hh: expeuler's interspike interval $isi_exp is within 1% of rk4's $isi_rk4" \
  "$isi_exp - $isi_rk4 < 0.01 * $isi_rk4 && $isi_rk4 - $isi_exp < 0.01 * $isi_rk4"
# rk45 against a fine RK4 reference: fewer steps than rk4 at dt 0.01 (5000),
# and a global error that follows the tolerance.
"$NEURODE" run hh --t 50 --dt 0.001 --every 10 --vars V > fine.csv
for tol in 1e-5 1e-7; do
  "$NEURODE" run hh --t 50 --method rk45 --rtol $tol --atol 1e-9 --vars V --stats > a$tol.csv 2> stats$tol
  steps=$(sed -n 's/.*rk45: \([0-9]*\) steps.*/\1/p' stats$tol)
  err=$(paste -d, fine.csv a$tol.csv | awk -F, 'NR > 1 { d = $2 - $4; if (d < 0) d = -d; if (d > m) m = d } END { print m + 0 }')
  check "hh: rk45 at rtol $tol takes fewer steps than rk4's 5000 ($steps)" "$steps > 0 && $steps < 5000"
  # V spans ~110 mV: the error stays within 10 rtol of that range.
  check "hh: rk45 at rtol $tol keeps V within 10 x rtol x 110 mV (error $err)" "$err <= 10 * $tol * 110"
  eval "err_$(echo $tol | tr -d '-')=\$err"
done
check "hh: rk45's error shrinks at least 30x for a 100x tighter rtol ($err_1e5 -> $err_1e7)" "$err_1e7 * 30 <= $err_1e5"
