# Convergence orders through the whole pipeline (issue acceptance 2), on
# dy/dt = y cos t with the exact solution y = exp(sin t), at t = 2.
. "$SRCDIR/tests/lib.sh"
printf 'dy/dt = y*cos(t)\ninit y = 1\n' > growth.nd
order() { # order METHOD DT0: least-squares slope of log2(error) over 4 halvings
  for k in 0 1 2 3; do
    dt=$(awk -v d="$2" -v k="$k" 'BEGIN { printf "%.17g", d / 2^k }')
    "$NEURODE" run growth.nd --t 2 --dt "$dt" --method "$1" | tail -1
  done | awk -F, '{ e = $2 - exp(sin(2)); if (e < 0) e = -e; x = -(NR - 1); y = log(e) / log(2)
                    sx += x; sy += y; sxx += x * x; sxy += x * y }
                  END { printf "%.4f", (4 * sxy - sx * sy) / (4 * sxx - sx * sx) }'
}
p=$(order euler 0.1); within "convergence: euler has order 1 (measured $p)" "$p" 1 0.15
p=$(order rk2 0.1); within "convergence: rk2 has order 2 (measured $p)" "$p" 2 0.15
p=$(order rk4 0.1); within "convergence: rk4 has order 4 (measured $p)" "$p" 4 0.15
p=$(order expeuler 0.1); within "convergence: expeuler has order 1 (measured $p)" "$p" 1 0.15
# rk45 keeps the error near its tolerance whatever the output interval.
for tol in 1e-6 1e-9; do
  err=$("$NEURODE" run growth.nd --t 2 --dt 0.5 --method rk45 --rtol $tol --atol $tol | tail -1 |
        awk -F, '{ e = $2 - exp(sin(2)); if (e < 0) e = -e; print e }')
  check "convergence: rk45 at rtol $tol is within 10x of it (error $err)" "$err <= 10 * $tol"
done
