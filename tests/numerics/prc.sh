# The phase response curve (issue 10, acceptance 5): FitzHugh-Nagumo kicked
# in v by 0.1 at 40 phases -- the same bytes twice, smooth (neighbouring
# phases differ little), and at three phases the shift a direct simulation
# gives: the model run from its initial values with an event at the kick's
# time (on t >= TK: v += 0.1), its crossing nearest 10 periods on against
# the unperturbed one, linear between rows 0.01 apart (1e-6 of a cycle).
. "$SRCDIR/tests/lib.sh"
fhn=$SRCDIR/stdlib/fhn.nd
"$NEURODE" prc "$fhn" v 0.1 40 > a.out 2>&1
"$NEURODE" prc "$fhn" v 0.1 40 > b.out 2>&1
check "prc: the same curve, byte for byte, twice ($(wc -l < a.out) lines)" \
  "$(cmp -s a.out b.out && echo 1 || echo 0) == 1 && $(grep -c '^0\.' a.out) == 39"
jump=$(awk -F, 'NR > 2 { if (NR > 3) { d = $2 - p; if (d < 0) d = -d; if (d > m) m = d } p = $2 } END { printf "%.3g", m }' a.out)
check "prc: smooth: neighbouring phases (1/40 apart) differ by at most 0.015 cycles ($jump)" "$jump <= 0.015"
read -r level tc T <<EOP
$(sed -n 's/^# phase 0: v rises through \([^ ]*\) at t = \([^ ]*\) (from.*period \([^;]*\);.*/\1 \2 \3/p' a.out)
EOP
bad=""
for phase in 0.3 0.75 0.875; do
  want=$(awk -F, -v p=$phase '$1 == p { print $2 }' a.out)
  tk=$(awk -v tc="$tc" -v T="$T" -v p=$phase 'BEGIN { printf "%.17g", tc + p * T }')
  { cat "$fhn"; printf 'param TK = %s\non t >= TK: v += 0.1\n' "$tk"; } > kicked.nd
  tend=$(awk -v tc="$tc" -v T="$T" 'BEGIN { printf "%.17g", tc + 11 * T }')
  "$NEURODE" run kicked.nd --method rk45 --rtol 1e-10 --atol 1e-12 --t "$tend" --dt 0.01 --vars v > kicked.csv
  got=$(crossings kicked.csv 2 "$level" | awk -v tc="$tc" -v T="$T" 'BEGIN { target = tc + 10 * T; best = 1e300 }
    { d = $1 - target; if (d < 0) d = -d; if (d < best) { best = d; c = $1 } }
    END { s = (target - c) / T; s -= int(s + (s < 0 ? -0.5 : 0.5)); printf "%.6g", s }')
  ok=$(awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; if (d < 0) d = -d; print (d <= 1e-4) ? 1 : 0 }')
  [ "$ok" = 1 ] || bad="$bad $phase:$want/$got"
  summary="$summary $phase:$want~$got"
done
check "prc: at phases 0.3, 0.75, 0.875 a direct simulation of the kick gives the same shift within 1e-4 cycles ($summary)" "\"$bad\" == \"\""
