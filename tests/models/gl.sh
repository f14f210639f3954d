# Galves-Loecherbach (stdlib/galves_locherbach.nd) against its exact law
# (issue 8, acceptance 2).  With --n 1 the neuron is alone (sum(X) - X = 0):
# after a spike at step s its potential is v_0 = 0 at step s+1 and
# v_{j+1} = mu v_j + I_ext after, and it spikes at step s+1+j with
# probability phi(v_j).  So the inter-spike intervals are independent with
#   P(ISI = k) = phi(v_{k-1}) prod_{j<k-1} (1 - phi(v_j)),   k = 1, 2, ...
# computed here in awk to a tail below 1e-16.  Over 1e6 steps the mean ISI
# (the inverse of the firing rate) must be within 3 standard errors of the
# exact E[ISI], the standard error being sd(ISI)/sqrt(number of ISIs) from
# the exact law (the renewal CLT; the mean of the ISIs between the first and
# the last spike has no edge bias), and the histogram of the ISIs must pass a
# chi-square test against the law (at most df + 5 sqrt(2 df): p < 1e-4).
# Power: a model that restarted from V = I_ext after a spike (the update
# applied on top of the event's assignment), or that drew with the updated V,
# moves E[ISI] by 50 to 400 standard errors for these three parameter sets.
. "$SRCDIR/tests/lib.sh"

# law MU I THETA S: "E[ISI] sd(ISI)" and, into law.txt, "k P(ISI = k)" lines.
law() {
  awk -v mu="$1" -v I="$2" -v th="$3" -v s="$4" 'BEGIN {
    v = 0; S = 1; E = 0; E2 = 0
    for (m = 0; S > 1e-16 && m < 1000000; m++) {
      p = 1 / (1 + exp(-(v - th) / s)); q = S * p
      printf "%d %.17g\n", m + 1, q > "law.txt"
      E += (m + 1) * q; E2 += (m + 1) * (m + 1) * q
      S *= 1 - p; v = mu * v + I
    }
    printf "%.17g %.17g\n", E, sqrt(E2 - E * E) }'
}

# isis SPIKES: the inter-spike intervals of each copy, one per line.
isis() {
  awk -F, '$1 ~ /^[0-9]/ { c = $3; if (c in last) print $1 - last[c]; last[c] = $1 }' "$1"
}

# chisq ISIS: "chi2 df" of the ISIs against law.txt: consecutive k merged
# into bins of expected count >= 20 (a last one short of 20 joins the bin
# before it); an ISI beyond the law's last k counts in its bin.
chisq() {
  awk 'NR == FNR { P[$1] = $2; if ($1 + 0 > K) K = $1 + 0; next }
       { n++; k = $1 + 0; if (k > K) k = K; obs[k]++ }
       END {
         nb = 0; acc = 0
         for (k = 1; k <= K; k++) {
           bin[k] = nb; acc += n * P[k]
           if (acc >= 20) { e[nb] = acc; acc = 0; nb++ }
         }
         if (acc > 0) {
           if (nb == 0) { e[0] = acc; nb = 1 }
           else { e[nb - 1] += acc; for (k = 1; k <= K; k++) if (bin[k] == nb) bin[k] = nb - 1 }
         }
         for (k = 1; k <= K; k++) o[bin[k]] += obs[k]
         for (j = 0; j < nb; j++) chi += (o[j] - e[j]) ^ 2 / e[j]
         printf "%.2f %d\n", chi, nb - 1 }' law.txt "$1"
}

T=1000000
for params in "0.9 0.1 1 0.1" "0.5 0.5 0.8 0.2" "0.8 0.2 0.2 0.3"; do
  set -- $params
  name="gl --n 1 (mu $1, I_ext $2, theta $3, s $4)"
  exact=$(law "$1" "$2" "$3" "$4")
  "$NEURODE" run galves_locherbach --n 1 --set mu="$1" --set I_ext="$2" --set theta="$3" --set s="$4" \
    --t $T --seed 1 --spikes spikes.csv --vars V --every $T --out /dev/null 2> err.txt
  rc=$?
  check "$name: 1e6 steps run (exit $rc)" "$rc == 0" "$(head -2 err.txt)"
  isis spikes.csv > isi.txt
  got=$(awk '{ n++; s += $1 } END { if (n) printf "%d %.17g", n, s / n; else print 0, 0 }' isi.txt)
  set -- $exact $got
  E=$1 sd=$2 n=$3 mean=$4
  se=$(awk -v sd="$sd" -v n="$n" 'BEGIN { printf "%.6g", (n > 0 ? sd / sqrt(n) : 1) }')
  rates=$(awk -v m="$mean" -v E="$E" 'BEGIN { printf "rate %.6f, exact %.6f", (m > 0 ? 1 / m : 0), 1 / E }')
  check "$name: $rates per step; mean ISI $mean within 3 SE ($se) of $E" \
    "$n > 1000 && ($mean - $E)^2 <= (3 * $se)^2"
  set -- $(chisq isi.txt)
  check "$name: the ISI histogram fits the law (chi2 $1, $2 df)" "$2 >= 5 && $1 <= $2 + 5 * sqrt(2 * $2)"
done

# 100 uncoupled copies (w = 0): the same law pooled over copies, and the
# copies independent: the population count S_t of a step has variance
# N r (1 - r) (each X_i(t) is Bernoulli(r) in the stationary state, r =
# 1/E[ISI]); copies sharing their draws would give N^2 r (1 - r).  After 500
# steps of warm-up, the ratio must be within [0.8, 1.25] (the estimate's
# relative SE is about 0.03: a false failure needs 7 SE).
"$NEURODE" run galves_locherbach --n 100 --set w=0 --t 10000 --seed 2 --spikes pop.csv --vars 'V[0]' \
  --every 10000 --out /dev/null
set -- $(law 0.9 0.1 1 0.1)
E=$1 sd=$2
isis pop.csv > isi.txt
set -- $(awk '{ n++; s += $1 } END { printf "%d %.17g", n, (n ? s / n : 0) }' isi.txt)
n=$1 mean=$2
check "gl --n 100, w = 0: pooled mean ISI $mean within 3 SE of $E ($n ISIs)" \
  "$n > 10000 && ($mean - $E)^2 <= 9 * $sd^2 / $n"
ratio=$(awk -F, -v E="$E" '$1 ~ /^[0-9]/ && $1 >= 500 && $1 < 10000 { S[$1 - 500]++ }
  END { T = 9500; for (t = 0; t < T; t++) { s += S[t]; ss += S[t] * S[t] }
        m = s / T; v = ss / T - m * m; r = 1 / E; printf "%.4f", v / (100 * r * (1 - r)) }' pop.csv)
check "gl --n 100, w = 0: copies draw independently (var of the population count / N r(1-r) = $ratio)" \
  "$ratio >= 0.8 && $ratio <= 1.25"
cols=$(awk -F, '$1 ~ /^[0-9]/ { if ($2 != "main" || $3 < 0 || $3 > 99 || $3 != int($3)) bad++; seen[$3] = 1 }
  END { for (c in seen) n++; print n + 0, bad + 0 }' pop.csv)
set -- $cols
check "gl --n 100: every one of the 100 copies spiked, all as indices 0..99 of main ($1 copies, $2 bad rows)" \
  "$1 == 100 && $2 == 0"

# The coupling and the reset, exactly: with s = 0.001 the spiking probability
# is 1 above theta = 0.5 and 0 (7e-218) below, so the run is deterministic.
# Copy 0 starts at V = 1 and spikes at step 0; the others start at 0.  Then
# V(1) = 0 for copy 0 and mu*0 + I_ext + (w/N)*1 for the others, and nobody
# reaches theta again: V -> I_ext/(1 - mu) = 0.2.
"$NEURODE" run galves_locherbach --n 4 --set mu=0.5 --set I_ext=0.1 --set w=0.8 --set theta=0.5 \
  --set s=0.001 --init 'V=if copy() == 0 then 1 else 0' --t 5 --seed 3 --spikes one.csv --vars V > v.csv
spikes=$(awk -F, '$1 ~ /^[0-9]/' one.csv | tr '\n' ' ')
check "gl coupling: one spike, copy 0 at step 0 ($spikes)" "\"$spikes\" == \"0,main,0 \""
bad=$(awk -F, 'NR == 1 { next }
  NR == 2 { v[0] = 1; v[1] = v[2] = v[3] = 0 }
  { for (c = 0; c < 4; c++) { got = $(c + 2); d = got - v[c]; if (d < 0) d = -d; if (d > 1e-15) bad = bad " t=" $1 " V[" c "]=" got " (want " v[c] ")" } }
  { S = 0; for (c = 0; c < 4; c++) { x[c] = v[c] > 0.5; S += x[c] }
    for (c = 0; c < 4; c++) v[c] = x[c] ? 0 : 0.5 * v[c] + 0.1 + (0.8 / 4) * (S - x[c]) }
  END { print bad "" }' v.csv)
rows=$(($(wc -l < v.csv) - 1))
check "gl coupling: V(t+1) = 0 after a spike, mu V + I_ext + (w/N) (sum X - X) otherwise ($rows rows)" \
  "$rows == 6 && \"$bad\" == \"\"" "$bad"
