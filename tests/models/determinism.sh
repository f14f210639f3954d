# Reproducible randomness (issue 8, acceptance 3): the same seed gives the
# same bytes (--spikes and the CSV), another seed other bytes, and neither
# --every nor --vars changes the spikes (a draw is a function of seed, call
# site, step and copy, never of what is written).  Three kinds of draws: a
# discrete map with bernoulli (Galves-Loecherbach), white noise (OU), and
# Poisson input trains into integrate-and-fire neurons with events.
. "$SRCDIR/tests/lib.sh"
cat > plif.nd << 'EOF'
param tau_m = 10, V_th = 1, V_reset = 0, t_ref = 2, rate = 0.5, w_in = 0.3
dV/dt = -V/tau_m
on V >= V_th: V = V_reset
refractory t_ref hold V
on poisson(rate*(1 + copy()/50)): V += w_in
EOF

# same NAME A B: A and B are identical and not empty.
same() {
  if [ -s "$2" ] && cmp -s "$2" "$3"; then ok "$1"; else fail "$1" "$(cmp "$2" "$3" 2>&1 | head -1) ($(cat "$2" 2>/dev/null | wc -c) and $(cat "$3" 2>/dev/null | wc -c) bytes)"; fi
}
differ() {
  if [ -s "$2" ] && [ -s "$3" ] && ! cmp -s "$2" "$3"; then ok "$1"; else fail "$1" "identical or empty"; fi
}

run_gl() { "$NEURODE" run galves_locherbach --n 100 --t 2000 "$@"; }
run_gl --seed 7 --spikes gl1.sp --out gl1.csv
run_gl --seed 7 --spikes gl2.sp --out gl2.csv
same "determinism: GL, the same seed: the same spikes" gl1.sp gl2.sp
same "determinism: GL, the same seed: the same CSV" gl1.csv gl2.csv
run_gl --seed 8 --spikes gl3.sp --out gl3.csv
differ "determinism: GL, another seed: other spikes" gl1.sp gl3.sp
differ "determinism: GL, another seed: another CSV" gl1.csv gl3.csv
run_gl --seed 7 --every 13 --spikes gl4.sp --out gl4.csv
same "determinism: GL, --every 13: the same spikes" gl1.sp gl4.sp
awk -F, 'NR == 1 || (NR - 2) % 13 == 0' gl1.csv > gl1_13.csv
head -n "$(wc -l < gl1_13.csv)" gl4.csv > gl4_head.csv
same "determinism: GL, --every 13: its rows are the rows of --every 1 at the same steps" gl1_13.csv gl4_head.csv
run_gl --seed 7 --vars 'V[3]' --spikes gl5.sp --out gl5.csv
same "determinism: GL, --vars V[3]: the same spikes" gl1.sp gl5.sp
run_gl --seed 7 --vars 'mean(V)' --spikes gl6.sp --out gl6.csv
same "determinism: GL, --vars mean(V): the same spikes" gl1.sp gl6.sp
# the mean column is the mean of the 100 columns (to rounding)
bad=$(paste -d, gl1.csv gl6.csv | awk -F, 'NR > 1 { s = 0; for (c = 2; c <= 101; c++) s += $c; d = s / 100 - $103; if (d < 0) d = -d; if (d > 1e-12) n++ } END { print n + 0 }')
cols=$(head -1 gl6.csv | awk -F, '{ print NF }')
check "determinism: GL, --vars mean(V) is one column, the mean over the copies at every step ($bad rows differ)" \
  "$bad == 0 && $cols == 2"

# The default seed is 0, and the run says so on standard error.
run_gl --spikes gl0.sp --out gl0.csv 2> note.txt
run_gl --seed 0 --spikes gl00.sp --out gl00.csv 2> /dev/null
same "determinism: without --seed, the spikes of --seed 0" gl0.sp gl00.sp
check "determinism: without --seed, the note says the seed ($(head -1 note.txt))" \
  "$(grep -cx 'neurode: note: random seed 0 (--seed sets it)' note.txt) == 1"

# Spikes as CSV t,group,index in time order (a header line, if any, is
# t,group,index); --spikes - writes them to standard output.
bad=$(awk -F, 'NR == 1 && $0 == "t,group,index" { next }
  !($0 ~ /^[0-9][0-9.e+-]*,main,[0-9]+$/) || $1 + 0 < last { n++ } { last = $1 + 0 } END { print n + 0 }' gl1.sp)
check "determinism: every spike line is t,main,index, in time order ($bad not)" "$bad == 0 && $(wc -l < gl1.sp) > 1000"
run_gl --seed 7 --spikes - --out gl7.csv > gl7.sp
same "determinism: --spikes - writes the spikes to standard output" gl1.sp gl7.sp

# White noise: the CSV of 10 OU copies.
run_ou() { "$NEURODE" run ou --n 10 --t 20 --dt 0.05 "$@"; }
run_ou --seed 7 --out ou1.csv
run_ou --seed 7 --out ou2.csv
same "determinism: OU, the same seed: the same CSV" ou1.csv ou2.csv
run_ou --seed 9 --out ou3.csv
differ "determinism: OU, another seed: another CSV" ou1.csv ou3.csv
run_ou --seed 7 --every 7 --out ou4.csv
awk -F, 'NR == 1 || (NR - 2) % 7 == 0' ou1.csv > ou1_7.csv
head -n "$(wc -l < ou1_7.csv)" ou4.csv > ou4_head.csv
same "determinism: OU, --every 7: the same values at the same steps" ou1_7.csv ou4_head.csv
run_ou --seed 7 --vars 'X[4]' --out ou5.csv
cut -d, -f1,6 ou1.csv | tail -n +2 > ou1_x4.csv
tail -n +2 ou5.csv > ou5_rows.csv
same "determinism: OU, --vars X[4]: copy 4's values as in the full run" ou1_x4.csv ou5_rows.csv

# Poisson trains driving neurons with events (continuous, rk4).
run_pl() { "$NEURODE" run plif.nd --n 50 --t 500 --dt 0.1 "$@"; }
run_pl --seed 5 --spikes pl1.sp --out pl1.csv
run_pl --seed 5 --spikes pl2.sp --out pl2.csv
same "determinism: Poisson-driven LIF, the same seed: the same spikes" pl1.sp pl2.sp
same "determinism: Poisson-driven LIF, the same seed: the same CSV" pl1.csv pl2.csv
run_pl --seed 6 --spikes pl3.sp --out pl3.csv
differ "determinism: Poisson-driven LIF, another seed: other spikes" pl1.sp pl3.sp
run_pl --seed 5 --every 17 --spikes pl4.sp --out pl4.csv
same "determinism: Poisson-driven LIF, --every 17: the same spikes" pl1.sp pl4.sp
run_pl --seed 5 --vars 'V[0:3]' --spikes pl5.sp --out pl5.csv
same "determinism: Poisson-driven LIF, --vars V[0:3]: the same spikes" pl1.sp pl5.sp
n=$(awk -F, '$1 ~ /^[0-9]/' pl1.sp | wc -l)
check "determinism: the Poisson-driven neurons do fire ($n spikes)" "$n >= 100"
