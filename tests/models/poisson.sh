# Poisson inputs (issue 8, acceptance 5): `on poisson(rate): n += 1` counts a
# train's events in n (dn/dt = 0).  Tolerances are 4 standard errors (a false
# failure 6e-5 per check if the seeds were not fixed).
. "$SRCDIR/tests/lib.sh"
cat > count.nd << 'EOF'
param rate = 2
dn/dt = 0
on poisson(rate): n += 1
EOF
cat > varying.nd << 'EOF'
param r0 = 2, r1 = 1.5
dn/dt = 0
on poisson(r0 + r1*sin(t)): n += 1
EOF

# stats: "copies mean var" of the last row's counts.
stats() {
  tail -1 "$1" | awk -F, '{ for (c = 2; c <= NF; c++) { n++; s += $c; ss += $c * $c } }
    END { m = s / n; printf "%d %.10g %.10g\n", n, m, (ss - n * m * m) / (n - 1) }'
}

# Constant rate 2 over 10 time units, 10,000 copies: counts Poisson(20).  The
# mean's SE is sqrt(20/10^4) = 0.045; the Fano factor's sqrt((1/20 + 2)/10^4)
# = 0.014.  Power: a train of at most one event per step (dt = 0.1, p = 0.2)
# has Fano 0.8, 14 SE away; independent copies sharing one train, Fano 0.
"$NEURODE" run count.nd --n 10000 --t 10 --dt 0.1 --seed 11 --every 1000 --vars n --out const.csv 2> err.txt
rc=$?
check "poisson: 10,000 constant-rate trains run (exit $rc)" "$rc == 0" "$(head -2 err.txt)"
set -- $(stats const.csv)
n=$1 mean=$2 var=$3
fano=$(awk -v m="$mean" -v v="$var" 'BEGIN { printf "%.4f", (m > 0 ? v / m : 0) }')
check "poisson: constant rate: mean count $mean within 4 SE (0.045) of rate*T = 20" \
  "$n == 10000 && ($mean - 20)^2 <= 16 * 20 / 10000"
check "poisson: constant rate: Fano factor $fano within 4 SE (0.014) of 1" \
  "($fano - 1)^2 <= 16 * (1 / 20 + 2) / 10000"

# Rate r0 + r1 sin(t) (0.5 to 3.5): the count over [j, j+1] is Poisson with
# mean r0 + r1 (cos j - cos(j+1)), checked for each of the 10 unit intervals
# (SE about 0.014 each; a rate taken at t = 0, or ignoring the sine, misses
# by up to 1.3).  At dt = 0.01 a rate held constant over each step is still
# within 0.007 (0.5 SE) of the integral, so that implementation passes too.
"$NEURODE" run varying.nd --n 10000 --t 10 --dt 0.01 --seed 12 --every 100 --vars n --out varying.csv
bad=$(awk -F, 'NR == 1 { next }
  { j = NR - 2; if (j > 0) { n = 0; s = 0; for (c = 2; c <= NF; c++) { n++; s += $c - p[c] }
      m = s / n; want = 2 + 1.5 * (cos(j - 1) - cos(j)); se = sqrt(want / n)
      if ((m - want) ^ 2 > 16 * se * se || n != 10000) printf "[%d,%d]: %.4f for %.4f; ", j - 1, j, m, want
      k++ }
    for (c = 2; c <= NF; c++) p[c] = $c }
  END { if (k != 10) printf "%d intervals, not 10", k }' varying.csv)
check "poisson: rate r0 + r1 sin(t): each unit interval's mean count within 4 SE of the integral of the rate" \
  "\"$bad\" == \"\"" "$bad"
set -- $(stats varying.csv)
n=$1 mean=$2 var=$3
want=$(awk 'BEGIN { printf "%.6f", 2 * 10 + 1.5 * (1 - cos(10)) }')
fano=$(awk -v m="$mean" -v v="$var" 'BEGIN { printf "%.4f", (m > 0 ? v / m : 0) }')
check "poisson: time-varying rate: mean count $mean within 4 SE of $want" \
  "$n == 10000 && ($mean - $want)^2 <= 16 * $want / 10000"
check "poisson: time-varying rate: Fano factor $fano within 4 SE of 1" \
  "($fano - 1)^2 <= 16 * (1 / $want + 2) / 10000"

# Correlated trains: poisson(rate, c) gives every pair of copies a count
# correlation c.  The correlation is over realisations, not across the
# copies of one run (in one run all copies share what makes them
# correlated), so: 100 copies at rate 1, counts in 4000 windows of 5 time
# units (independent realisations), and for each window the sum S and the
# sum of squares Q of the 100 counts.  With the mean count m per window,
#   rho = (E[(S^2 - Q)/(N(N-1))] - m^2) / (E[Q/N] - m^2).
# Its SE comes from 20 batches of 200 windows (sd of the batch estimates /
# sqrt(20); about c sqrt(2/4000) (1 + 1/(c (N-1))), 0.0025 for c = 0.1 and
# 0.007 for c = 0.3), and must itself stay below three times that, so a
# noisy estimate cannot pass.  Power: c^2, sqrt(c) or independent trains are
# each more than 10 SE away.  Independent trains (no c) must give rho ~ 0.
rho() { # rho FILE: "rho se mean_rate se_rate"
  awk -F, 'NR == 1 { next }
    { j = NR - 2
      if (j > 0) { b = int((j - 1) / 200); S = 0; Q = 0
        for (c = 2; c <= NF; c++) { d = $c - p[c]; S += d; Q += d * d }
        K[b]++; sS[b] += S; sQ[b] += Q; sP[b] += S * S - Q }
      for (c = 2; c <= NF; c++) p[c] = $c; N = NF - 1 }
    function est(k, s, q, pp,   m, eq, ep) {
      m = s / (k * N); eq = q / (k * N); ep = pp / (k * N * (N - 1))
      return (ep - m * m) / (eq - m * m) }
    END {
      for (b = 0; b < 20; b++) { k += K[b]; s += sS[b]; q += sQ[b]; pp += sP[b]
        r[b] = est(K[b], sS[b], sQ[b], sP[b]); mr[b] = sS[b] / (K[b] * N * 5)
        r1 += r[b]; r2 += r[b] * r[b]; m1 += mr[b]; m2 += mr[b] * mr[b] }
      se = sqrt((r2 - r1 * r1 / 20) / 19 / 20); sem = sqrt((m2 - m1 * m1 / 20) / 19 / 20)
      printf "%.5f %.5f %.5f %.5f %d\n", est(k, s, q, pp), se, s / (k * N * 5), sem, k }' "$1"
}
cat > corr.nd << 'EOF'
param rate = 1, c = 0.1
dn/dt = 0
on poisson(rate, c): n += 1
EOF
for c in 0.1 0.3; do
  "$NEURODE" run corr.nd --n 100 --set c=$c --t 20000 --dt 0.1 --seed 13 --every 50 --vars n --out corr.csv
  set -- $(rho corr.csv)
  cap=$(awk -v c=$c 'BEGIN { printf "%.5f", 3 * c * sqrt(2 / 4000) * (1 + 1 / (c * 99)) }')
  check "poisson(rate, $c): pairwise count correlation $1 within 4 SE ($2) of $c ($5 windows)" \
    "$5 == 4000 && ($1 - $c)^2 <= 16 * $2^2 && $2 <= $cap" "rho $1, SE $2 (at most $cap)"
  check "poisson(rate, $c): each train's rate $3 within 4 SE ($4) of 1" "($3 - 1)^2 <= 16 * $4^2"
done
"$NEURODE" run count.nd --n 100 --set rate=1 --t 20000 --dt 0.1 --seed 14 --every 50 --vars n --out indep.csv
set -- $(rho indep.csv)
check "poisson(rate): trains of different copies are independent (correlation $1, SE $2)" \
  "$5 == 4000 && ($1)^2 <= 16 * $2^2 && $2 <= 0.001"

# Two inputs on one state variable (more inputs than states: the buffer of
# the inputs' correlations was sized by the states and overflowed, a heap
# corruption).  n counts 1 per arrival at rate 2 and 10 per arrival at rate
# 3 over 5 time units: mean 10 + 150 = 160, variance 10 + 1500 = 1510; the
# mean's SE over 10,000 copies is 0.39, the variance's 22.
cat > two.nd << 'EOF'
dn/dt = 0
on poisson(2): n += 1
on poisson(3): n += 10
EOF
"$NEURODE" run two.nd --n 10000 --t 5 --dt 0.1 --seed 5 --every 50 --vars n --out two.csv 2> two.err
rc=$?
set -- $(stats two.csv)
check "poisson: two inputs, one state: mean $2 within 4 SE (0.39) of 160, variance $3 within 100 (4.6 SE) of 1510 (exit $rc)" \
  "$rc == 0 && $1 == 10000 && ($2 - 160)^2 <= 16 * 1510 / 10000 && ($3 - 1510)^2 <= 100^2" "$(head -2 two.err)"
