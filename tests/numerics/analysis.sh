# Periods, sweeps and thresholds (issue 10, acceptance 3 and 4), each
# against direct runs computed here.
. "$SRCDIR/tests/lib.sh"

# period v on FHN against the upward crossings of the same level in a long
# rk45 run at rtol 1e-10 written every 0.001 (linear between rows: 1e-7).
"$NEURODE" period "$SRCDIR/stdlib/fhn.nd" v > period.out 2>&1
p=$(sed -n 's/^period \([^ ]*\) .*/\1/p' period.out)
level=$(sed -n 's/.* rises through \([^ ]*\) every.*/\1/p' period.out)
"$NEURODE" run "$SRCDIR/stdlib/fhn.nd" --method rk45 --rtol 1e-10 --atol 1e-12 --t 700 --dt 0.001 \
  --vars v --every 1 > long.csv
direct=$(crossings long.csv 2 "$level" | awk '$1 > 200 { c[n++] = $1 } END { printf "%.10g", (c[n - 1] - c[0]) / (n - 1) }')
within "period: FHN's v has period $p, the mean interval of a long rk45 run's crossings $direct, within 1e-4" \
  "$p" "$direct" 1e-4
"$NEURODE" period "$SRCDIR/stdlib/fhn.nd" v --set I_ext=0 > none.out 2>&1
check "period: a solution that settles has no period ($(head -1 none.out))" \
  "$(grep -c '^neurode: error: no period found: v settles to -1.199408' none.out) == 1"

# sweep on HH over 200 ms: the spike counts against direct runs counting the
# same crossings.
"$NEURODE" sweep "$SRCDIR/stdlib/hh.nd" I_ext 0 20 1 measure spikes --set t=200 > sweep.out 2>&1
thr=$(sed -n 's/^# spikes: upward crossings of V through \([^ ]*\)$/\1/p' sweep.out)
rows=$(grep -c '^[0-9]' sweep.out)
check "sweep: 21 rows of I_ext, spikes (threshold $thr)" "$rows == 21 && \"$(sed -n 2p sweep.out)\" == \"I_ext,spikes\""
bad=""
for I in 3 6.0 7 10 20; do
  want=$(awk -F, -v i="$I" '$1 == i + 0 { print $2 }' sweep.out)
  "$NEURODE" run "$SRCDIR/stdlib/hh.nd" --set I_ext=$I --t 200 --vars V > one.csv
  got=$(crossings one.csv 2 "$thr" | wc -l)
  [ "$want" = "$got" ] || bad="$bad I=$I:$want/$got"
done
check "sweep: the counts at I_ext = 3, 6, 7, 10, 20 are those of direct runs ($(awk -F, 'NR > 2 { printf "%s:%s ", $1, $2 }' sweep.out))" "\"$bad\" == \"\""

# threshold: the onset of repetitive firing of HH (spikes in the second half
# of 200 ms) bracketed to 0.01; direct runs at both ends agree.
"$NEURODE" threshold "$SRCDIR/stdlib/hh.nd" I_ext 0 20 measure rate tol 0.01 --set t=200 > thr.out 2>&1
read -r lo hi <<EOT
$(sed -n 's/^I_ext threshold between \([^ ]*\) (rate [^)]*) and \([^ ]*\) .*/\1 \2/p' thr.out)
EOT
rthr=$(sed -n 's/^# rate: upward crossings of V through \([^ ]*\)$/\1/p' thr.out)
late() { "$NEURODE" run "$SRCDIR/stdlib/hh.nd" --set I_ext=$1 --t 200 --vars V > one.csv; crossings one.csv 2 "$rthr" | awk '$1 >= 100' | wc -l; }
nlo=$(late "$lo"); nhi=$(late "$hi")
check "threshold: HH's repetitive firing starts between I_ext = $lo and $hi (width <= 0.01; direct runs: $nlo and $nhi spikes in the second half)" \
  "$hi - $lo <= 0.01 && $hi > $lo && $nlo == 0 && $nhi > 0 && $lo > 5 && $hi < 8"
"$NEURODE" threshold "$SRCDIR/stdlib/hh_reduced.nd" I_ext 0 20 measure spikes tol 0.001 --set t=200 > rh.out 2>&1
read -r lo hi <<EOT
$(sed -n 's/^I_ext threshold between \([^ ]*\) (spikes [^)]*) and \([^ ]*\) .*/\1 \2/p' rh.out)
EOT
check "threshold: the reduced HH's rheobase lies between $lo and $hi (width <= 0.001)" "$hi - $lo <= 0.001 && $hi > $lo"

# nullclines v w on FHN: w = (v + a)/b exactly (a linear function: marching
# squares interpolates it exactly), and w = v - v^3/3 + I to the grid's
# accuracy.
"$NEURODE" nullclines "$SRCDIR/stdlib/fhn.nd" v w > null.csv 2>&1
read -r ew ev nw nv <<EON
$(awk -F, 'NR > 1 { for (k = 2; k <= 4; k += 2) {
    if ($1 == "dw/dt=0") { e = $(k + 1) - ($k + 0.7) / 0.8; if (e < 0) e = -e; if (e > mw) mw = e; nw++ }
    else { e = $(k + 1) - ($k - $k^3 / 3 + 0.5); if (e < 0) e = -e; if (e > mv) mv = e; nv++ } } }
  END { printf "%.3g %.3g %d %d\n", mw, mv, nw, nv }' null.csv)
EON
check "nullclines: FHN's w-nullcline is the line w = (v + a)/b ($nw ends, within $ew) and its v-nullcline the cubic ($nv ends, within $ev)" \
  "$nw > 100 && $nv > 100 && $ew <= 1e-12 && $ev <= 1e-3"
