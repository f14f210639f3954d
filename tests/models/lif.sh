# Leaky integrate-and-fire (stdlib/lif.nd) with a constant drive: every spike
# of 1 s at its analytic time (issue 8, acceptance 1).  From V = 0,
#   t_1     = tau ln(RI/(RI - V_th))
#   t_{k+1} = t_k + t_ref + tau ln((RI - V_reset)/(RI - V_th)),
# computed here in awk.  rk4 at dt = 0.1 must place every spike within
# 1e-6 ms: its own error moves each spike by about 8e-10 ms, adding up to
# 6e-8 ms at the 77th (the same method in C, bench/lif_c.c, shows that); the
# cubic Hermite interpolant adds ~1e-13.  The step's end would be 0.05 ms
# off on average, a linear interpolant ~1e-4 ms: both are caught.  rk45 must
# be within a bound derived from its tolerance: an error of at most
# C (rtol V_th + atol) in V at a crossing moves the spike by that over the
# slope (RI - V_th)/tau there, and spike k carries the errors of the k - 1
# before it (each reset starts from the located time), so
#   |err_k| <= k C (rtol V_th + atol) tau/(RI - V_th),   C = 100
# (neurode's rk45 keeps the global error of this equation near 0.4 tol: a
# 250x margin; a linear interpolant over its ~1 ms steps misses by ~1e-3 ms,
# 50x the bound at k = 1).  The count of spikes must be the analytic one.
. "$SRCDIR/tests/lib.sh"

# compare SPIKES I0 DI TOLMODE RTOL ATOL: per copy c (drive I0 + c*DI), the
# recorded spikes against the analytic ones before T = 1000.  Prints
# "copies spikes maxerr worst miscounted badgroup unordered", worst being the
# largest error over its bound (pass: <= 1).
compare() {
  awk -F, -v i0="$2" -v di="$3" -v mode="$4" -v rtol="$5" -v atol="$6" '
    $1 !~ /^[-+.0-9]/ { next }                       # the header
    { t = $1 + 0; c = $3 + 0
      if ($2 != "main") badgroup++
      if (t < last) unordered++
      last = t
      n[c]++; ts[c, n[c]] = t; if (c > maxc) maxc = c; seen = 1 }
    END {
      tau = 10; R = 1; vth = 1; vreset = 0; tref = 2; T = 1000
      worst = 0; maxerr = 0; total = 0
      for (c = 0; c <= maxc; c++) {
        RI = R * (i0 + c * di)
        isi = tref + tau * log((RI - vreset) / (RI - vth))
        t = tau * log(RI / (RI - vth)); k = 0
        while (t < T) {
          k++
          bound = mode == "abs" ? 1e-6 : 100 * k * (rtol * vth + atol) * tau / (RI - vth)
          if (k <= n[c]) {
            e = ts[c, k] - t; if (e < 0) e = -e
            if (e > maxerr) maxerr = e
            if (e / bound > worst) worst = e / bound
          }
          last_t = t; last_b = bound
          t += isi
        }
        # a spike within its bound of T may fall on either side of it
        if (n[c] != k && !(n[c] == k + 1 && t - T <= bound) && !(n[c] == k - 1 && T - last_t <= last_b))
          miscounted++
        total += n[c]
      }
      if (!seen) maxc = -1
      printf "%d %d %.3g %.3g %d %d %d\n", maxc + 1, total, maxerr, worst, miscounted, badgroup, unordered
    }' "$1"
}

# report NAME COPIES SPIKES RESULT: the checks on a line of compare's output.
report() {
  set -- "$1" "$2" "$3" $4
  name=$1 want_copies=$2 want_spikes=$3
  copies=$4 spikes=$5 maxerr=$6 worst=$7 miscounted=$8 badgroup=$9 unordered=${10}
  check "$name: $spikes spikes of $copies copies, as many as the analytic times ($want_spikes)" \
    "$copies == $want_copies && $spikes == $want_spikes && $miscounted == 0" \
    "$copies copies, $spikes spikes, $miscounted copies with a wrong count"
  check "$name: every spike within its bound of the analytic time (largest error $maxerr ms, $worst of its bound)" \
    "$spikes > 0 && $worst <= 1"
  check "$name: spikes in time order, all of the group main" "$badgroup == 0 && $unordered == 0" \
    "$badgroup not of group main, $unordered out of order"
}

# One neuron, I_ext = 1.5: 77 spikes in 1 s, the first at 10.986 ms.
"$NEURODE" run lif --t 1000 --dt 0.1 --method rk4 --spikes rk4.csv --out /dev/null 2> rk4.err
check "lif rk4: the run succeeds quietly" "$? == 0 && $(wc -c < rk4.err) == 0" "$(head -2 rk4.err)"
report "lif rk4" 1 77 "$(compare rk4.csv 1.5 0 abs)"
first=$(awk -F, '$1 ~ /^[0-9]/ { printf "%.10f", $1; exit }' rk4.csv)
within "lif rk4: the first spike at 10 ln 3 = 10.9861228867 ms ($first)" "$first" 10.9861228867 1e-6

"$NEURODE" run lif --t 1000 --dt 0.1 --method rk45 --rtol 1e-8 --atol 1e-10 --spikes rk45.csv --out /dev/null
report "lif rk45 (rtol 1e-8)" 1 77 "$(compare rk45.csv 1.5 0 tol 1e-8 1e-10)"
"$NEURODE" run lif --t 1000 --dt 0.1 --method rk45 --rtol 1e-6 --atol 1e-8 --spikes rk45b.csv --out /dev/null
report "lif rk45 (rtol 1e-6)" 1 77 "$(compare rk45b.csv 1.5 0 tol 1e-6 1e-8)"

# 1000 copies, I_ext = 1.1 + 0.001 c for copy c (slopes at threshold from
# 0.01 to 0.11 per ms): 82433 spikes; none within 0.007 ms of the end.
"$NEURODE" run lif --n 1000 --set 'I_ext=1.1+copy()*0.001' --t 1000 --dt 0.1 --method rk4 \
  --spikes pop4.csv --vars 'V[0]' --every 10000 --out /dev/null
report "lif --n 1000 rk4" 1000 82433 "$(compare pop4.csv 1.1 0.001 abs)"
"$NEURODE" run lif --n 1000 --set 'I_ext=1.1+i*0.001' --t 1000 --dt 0.1 --method rk45 \
  --rtol 1e-8 --atol 1e-10 --spikes pop45.csv --vars 'V[0]' --every 10000 --out /dev/null
report "lif --n 1000 rk45" 1000 82433 "$(compare pop45.csv 1.1 0.001 tol 1e-8 1e-10)"

# A copy of the population is the single neuron: copy 400 (I_ext = 1.5)
# has the spikes of the run above, bit for bit.
awk -F, '$3 == 400 { print $1 }' pop4.csv > c400.txt
awk -F, '$1 ~ /^[0-9]/ { print $1 }' rk4.csv > one.txt
if [ -s one.txt ] && cmp -s c400.txt one.txt; then
  ok "lif --n 1000: copy 400 (I_ext = 1.5) spikes at the single neuron's times, bit for bit"
else
  fail "lif --n 1000: copy 400 (I_ext = 1.5) spikes at the single neuron's times, bit for bit" \
    "$(wc -l < c400.txt) against $(wc -l < one.txt) spikes; $(paste -d' ' c400.txt one.txt | awk '$1 != $2' | head -1)"
fi

# The refractory period holds V at V_reset: sampled every step, V is never
# above V_th and sits at exactly 0 for t_ref after each spike (here the step
# after the first spike, 11.0 to 12.9, lies inside [10.986, 12.986]).
"$NEURODE" run lif --t 30 --dt 0.1 --method rk4 --vars V > trace.csv
held=$(awk -F, 'NR > 1 && $1 >= 11 - 1e-9 && $1 <= 12.9 + 1e-9 { n++; if ($2 != 0) bad++ } END { print n + 0, bad + 0 }' trace.csv)
above=$(awk -F, 'NR > 1 && $2 > 1 { n++ } END { print n + 0 }' trace.csv)
set -- $held
check "lif: V held at V_reset = 0 during t_ref ($1 samples, $2 not 0) and never above V_th ($above)" \
  "$1 == 20 && $2 == 0 && $above == 0"
