#!/bin/sh
# bench/run.sh: neurode against hand-written C (bench/hh_c.c: the same
# Hodgkin-Huxley equations, classical RK4), in one run, on this machine.
#   one neuron, 10^6 steps;  10,000 neurons, 10^4 steps.
# Prints each time, the ratio neurode/C, and both final voltages (they agree
# to rounding: the two compute the same equations in a different order).
# Targets (issue #2): <= 8x for one neuron, <= 2x for 10,000.
# Then events and random numbers (issue 8): 10,000 LIF neurons (bench/lif_c.c)
# and a 1,000-neuron Galves-Loecherbach network (bench/gl_c.c); targets <= 2x.
set -eu
: "${NEURODE:=./neurode}" "${SRCDIR:=.}" "${CC:=cc}"
out=${TMPDIR:-/tmp}/neurode-bench.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
$CC -O2 -o "$out/hh_c" "$SRCDIR/bench/hh_c.c" -lm

now() { date +%s.%N; }
best_of() { # best_of N CMD...: the fastest of N runs, seconds; the output in $out/last
  n=$1; shift
  best=""
  for k in $(seq "$n"); do
    t0=$(now); "$@" > "$out/last"; t1=$(now)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN { d = b - a; if (best == "" || d < best) best = d; printf "%.3f", best }')
  done
  echo "$best"
}

row() { # row LABEL RUNS C-ARGS -- NEURODE-ARGS
  label=$1 runs=$2; shift 2
  cargs=""
  while [ "$1" != "--" ]; do cargs="$cargs $1"; shift; done
  shift
  tc=$(best_of "$runs" "$out/hh_c" $cargs); vc=$(cat "$out/last")
  tn=$(best_of "$runs" "$NEURODE" run "$SRCDIR/stdlib/hh.nd" --method rk4 --out - "$@"); vn=$(tail -1 "$out/last" | cut -d, -f2)
  awk -v l="$label" -v tc="$tc" -v tn="$tn" -v vc="$vc" -v vn="$vn" \
    'BEGIN { printf "%-26s C %7.3f s   neurode %7.3f s   ratio %5.2fx   V: %.10g vs %.10g\n", l, tc, tn, tn / tc, vc, vn }'
}

echo "neurode $("$NEURODE" --version | cut -d' ' -f2) against hand-written C (gcc -O2), best of 3"
row "1 neuron x 10^6 steps" 3 1 1000000 0.01 -- --set I_ext=10 --t 10000 --dt 0.01 --vars V --every 1000000
row "10,000 neurons x 10^4 steps" 3 10000 10000 0.01 -- --n 10000 --set 'I_ext=20*i/(N-1)' --t 100 --dt 0.01 --vars 'V[5000]' --every 10000

# Events and random numbers (issue 8; targets <= 2x): 10,000 LIF neurons with
# spikes located inside the steps (bench/lif_c.c, the same RK4 + cubic
# Hermite method), each run writing its spikes; a 1,000-neuron
# Galves-Loecherbach network drawing Philox numbers (bench/gl_c.c, the same
# draws: with the same seed both end in the same state).
$CC -O2 -ffp-contract=off -o "$out/lif_c" "$SRCDIR/bench/lif_c.c" -lm
$CC -O2 -ffp-contract=off -o "$out/gl_c" "$SRCDIR/bench/gl_c.c" -lm
pair() { # pair LABEL NOTE: one line from $tc $vc $tn $vn
  awk -v l="$1" -v tc="$tc" -v tn="$tn" -v vc="$vc" -v vn="$vn" -v note="$2" \
    'BEGIN { printf "%-26s C %7.3f s   neurode %7.3f s   ratio %5.2fx   V: %.10g vs %.10g   %s\n", l, tc, tn, tn / tc, vc, vn, note }'
}
tc=$(best_of 3 "$out/lif_c" 10000 10000 0.1 "$out/c.spikes"); vc=$(cut -d' ' -f1 "$out/last")
tn=$(best_of 3 "$NEURODE" run "$SRCDIR/stdlib/lif.nd" --n 10000 --set 'I_ext=1.1+i/(N-1)' --t 1000 --dt 0.1 \
  --method rk4 --spikes "$out/n.spikes" --vars 'V[5000]' --every 10000 --out -)
vn=$(tail -1 "$out/last" | cut -d, -f2)
pair "10,000 LIF x 10^4 steps" "spikes: $(($(wc -l < "$out/c.spikes") - 1)) vs $(grep -c main "$out/n.spikes")"
tc=$(best_of 3 "$out/gl_c" 1000 100000 0 1); vc=$(cut -d' ' -f1 "$out/last"); sc=$(cut -d' ' -f2 "$out/last")
tn=$(best_of 3 "$NEURODE" run "$SRCDIR/stdlib/galves_locherbach.nd" --n 1000 --t 100000 --seed 0 \
  --vars 'V[500]' --every 100000 --out -)
vn=$(tail -1 "$out/last" | cut -d, -f2)
pair "1,000 GL x 10^5 steps" "(C: $sc spikes)"

# Space (issue 9; target: no slower than NEURON): a 1001-point passive cable
# (stdlib/cable.nd with bench/neuron_cable.py's dendrite: r_a 79.577, I0 0.1)
# and a 1001-point Hodgkin-Huxley axon (examples/hh_axon.nd), 100 ms at dt
# 0.01, each whole process against NEURON's (bench/neuron_*.py, Crank-
# Nicolson: secondorder = 2), Python's start-up included as neurode's is.
# Skipped without NEURON (apt-get install neuron python3-neuron).
if /usr/bin/python3 -c 'import neuron' 2> /dev/null; then
  versus() { # versus LABEL NOTE: one line from $tc $vc $tn $vn
    awk -v l="$1" -v tc="$tc" -v tn="$tn" -v vc="$vc" -v vn="$vn" -v note="$2" \
      'BEGIN { printf "%-26s NEURON %7.3f s   neurode %7.3f s   ratio %5.2fx   %s: %.10g vs %.10g\n", l, tc, tn, tn / tc, note, vc, vn }'
  }
  tc=$(best_of 3 /usr/bin/python3 "$SRCDIR/bench/neuron_cable.py" 2> /dev/null); vc=$(cut -d' ' -f1 "$out/last")
  tn=$(best_of 3 "$NEURODE" run "$SRCDIR/stdlib/cable.nd" --set r_a=79.577 --set I0=0.1 --t 100 --dt 0.01 \
    --vars 'V[0]' --every 100000 --out -); vn=$(tail -1 "$out/last" | cut -d, -f2)
  versus "passive cable, 1001 points" "V(0)"
  tc=$(best_of 3 /usr/bin/python3 "$SRCDIR/bench/neuron_hh_axon.py" 2> /dev/null); vc=$(cut -d' ' -f1 "$out/last")
  tn=$(best_of 3 "$NEURODE" run "$SRCDIR/examples/hh_axon.nd" --t 100 --dt 0.01 --vars 'V[200],V[800]' --out - 2> /dev/null)
  vn=$(awk -F, 'NR > 1 { for (k = 2; k <= 3; k++) if (!seen[k] && p[k] < 50 && $k >= 50) { seen[k] = 1; c[k] = pt + (50 - p[k]) * ($1 - pt) / ($k - p[k]) }
                         pt = $1; p[2] = $2; p[3] = $3 } END { printf "%.6g", 30 / (c[3] - c[2]) }' "$out/last")
  versus "HH axon, 1001 points" "velocity (m/s)"
else
  echo "passive cable, HH axon: skipped (NEURON is not installed: apt-get install neuron python3-neuron)"
fi
