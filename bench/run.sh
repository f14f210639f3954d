#!/bin/sh
# bench/run.sh: neurode against hand-written C (bench/hh_c.c: the same
# Hodgkin-Huxley equations, classical RK4, gcc -O2), and against Brian2
# (cpp_standalone, its binary alone: bench/brian2_hh.py) and NEURON when they
# are installed, in one run, on this machine.  Speed is measured here, never
# asserted by a test.  Every time is the best of 3 whole-process runs (of
# 5, taking turns with NEURODE_OLD when it is given, for the rows of the
# issues 8-10 workloads).
#
# Issue 11 (native backend, threads, vector math):
#   one neuron x 10^6 steps          target <= 1.3x C (native, compiling included:
#                                    the first run, with an empty cache)
#   10,000 neurons x 10^4 steps      target <= 0.35x C on one thread, a further
#                                    >= 1.8x on two
#   10^6 neurons x 100 steps         peak memory <= 1.5x the state + a constant
# with the VM (--backend vm) beside them.  Then the workloads of issues 8-10
# (events, space, analysis); with NEURODE_OLD=path/to/an/older/neurode each
# of those is run by both, to see that nothing got slower.
set -euf  # -f: no globbing of V[5000] and 20*i/(N-1)
: "${NEURODE:=./neurode}" "${SRCDIR:=.}" "${CC:=cc}"
out=${TMPDIR:-/tmp}/neurode-bench.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
# Native code is compiled into a cache of the bench's own: the first run
# below compiles (its time is reported), the rest find it there.
XDG_CACHE_HOME=$out/cache
export XDG_CACHE_HOME
$CC -O2 -o "$out/hh_c" "$SRCDIR/bench/hh_c.c" -lm

now() { date +%s.%N; }
best_of() { # best_of N CMD...: the fastest of N runs, seconds; the output in $out/last
  n=$1; shift
  best=""
  for _ in $(seq "$n"); do
    t0=$(now); "$@" > "$out/last"; t1=$(now)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" 'BEGIN { d = b - a; if (best == "" || d < best) best = d; printf "%.3f", best }')
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
last_v() { tail -1 "$out/last" | cut -d, -f2; }
has_brian2=false
/usr/bin/python3 -c 'import brian2' 2> /dev/null && has_brian2=true

echo "neurode $("$NEURODE" --version | cut -d' ' -f2) against hand-written C (gcc -O2), best of 3 (5 for the workloads of issues 8-10)"
hh() { "$NEURODE" run "$SRCDIR/stdlib/hh.nd" --method rk4 --out - "$@"; }

# One neuron: the first run (auto, an empty cache: compiled in the
# background while the VM starts), then from the cache.
one="--set I_ext=10 --t 10000 --dt 0.01 --vars V --every 1000000"
first_run() { # first_run ARGS...: with a cache of its own, emptied first
  rm -rf "$out/fresh"
  XDG_CACHE_HOME=$out/fresh hh "$@" --stats 2> "$out/stats"
}
tc=$(best_of 3 "$out/hh_c" 1 1000000 0.01); vc=$(cat "$out/last")
# shellcheck disable=SC2086
tf=$(best_of 3 first_run $one --threads 1)
compile=$(sed -n 's/.*compiled in \([0-9.]*\) s.*/\1/p' "$out/stats")
# shellcheck disable=SC2086
hh $one --backend native > /dev/null
# shellcheck disable=SC2086
tn=$(best_of 3 hh $one --backend native --threads 1); vn=$(last_v)
# shellcheck disable=SC2086
tv=$(best_of 3 hh $one --backend vm --threads 1)
echo "1 neuron x 10^6 steps:   C $tc s; native $tn s ($(ratio "$tn" "$tc")x C); the first run, compiling in ${compile:-?} s" \
  "while the VM ran: $tf s ($(ratio "$tf" "$tc")x C); VM $tv s ($(ratio "$tv" "$tc")x)"
echo "                         V at the end: C $vc, neurode $vn"
if $has_brian2; then
  b=$(/usr/bin/python3 "$SRCDIR/bench/brian2_hh.py" 1 1000000 2> /dev/null | cut -d' ' -f1)
  echo "                         Brian2 cpp_standalone binary $b s ($(ratio "$b" "$tc")x C; native is $(ratio "$b" "$tn")x faster)"
fi

# 10,000 neurons, one and two threads.
pop="--n 10000 --set I_ext=20*i/(N-1) --t 100 --dt 0.01 --vars V[5000] --every 10000"
tc=$(best_of 3 "$out/hh_c" 10000 10000 0.01); vc=$(cat "$out/last")
# shellcheck disable=SC2086
t1=$(best_of 3 hh $pop --backend native --threads 1); vn=$(last_v)
# shellcheck disable=SC2086
t2=$(best_of 3 hh $pop --backend native --threads 2)
# shellcheck disable=SC2086
tv=$(best_of 3 hh $pop --backend vm --threads 1)
# shellcheck disable=SC2086
tf=$(best_of 1 first_run $pop --threads 1)
compile=$(sed -n 's/.*compiled in \([0-9.]*\) s.*/\1/p' "$out/stats")
echo "10,000 x 10^4 steps:     C $tc s; native, 1 thread $t1 s ($(ratio "$t1" "$tc")x C), 2 threads $t2 s" \
  "($(ratio "$t1" "$t2")x faster); VM, 1 thread $tv s ($(ratio "$tv" "$tc")x)"
echo "                         the first run (1 thread), compiling in ${compile:-?} s while the VM ran: $tf s ($(ratio "$tf" "$tc")x C)"
echo "                         V[5000] at the end: C $vc, neurode $vn"
if $has_brian2; then
  b=$(/usr/bin/python3 "$SRCDIR/bench/brian2_hh.py" 10000 10000 2> /dev/null | cut -d' ' -f1)
  echo "                         Brian2 cpp_standalone binary $b s ($(ratio "$b" "$tc")x C; native on 1 thread is $(ratio "$b" "$t1")x faster)"
fi

# A million neurons: time and peak memory (GNU time), against the state.
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%e %M" -o "$out/c.mem" "$out/hh_c" 1000000 100 0.01 > /dev/null
  /usr/bin/time -f "%e %M" -o "$out/n.mem" "$NEURODE" run "$SRCDIR/stdlib/hh.nd" --n 1000000 \
    --set 'I_ext=20*i/(N-1)' --t 1 --dt 0.01 --vars 'V[500000]' --every 100 --backend native --threads 1 \
    --out /dev/null
  # The constant: the same run with one copy (the program, its libraries).
  /usr/bin/time -f "%e %M" -o "$out/one.mem" "$NEURODE" run "$SRCDIR/stdlib/hh.nd" --t 1 --dt 0.01 \
    --backend native --threads 1 --out /dev/null
  read -r cs ckb < "$out/c.mem"
  read -r ns nkb < "$out/n.mem"
  read -r _ okb < "$out/one.mem"
  awk -v cs="$cs" -v ckb="$ckb" -v ns="$ns" -v nkb="$nkb" -v okb="$okb" 'BEGIN { state = 32000000 / 1024
    printf "10^6 x 100 steps:        C %.2f s, %.0f MB; native, 1 thread %.2f s (%.2fx C), peak %.0f MB =\n", cs, ckb / 1024, ns, ns / cs, nkb / 1024
    printf "                         %.2fx the state (4 x 10^6 doubles, 30.5 MB) + %.1f MB (one copy'"'"'s run)\n", (nkb - okb) / state, okb / 1024 }'
fi

# ---- the workloads of issues 8-10, with an older neurode beside when given.
older() { # older LABEL ARGS...: the time of NEURODE and of NEURODE_OLD
  # Best of 5, the two taking turns: a shared machine's speed drifts by 20%
  # from one minute to the next, and a short run sees all of it.
  label=$1; shift
  t="" o=""
  for _ in 1 2 3 4 5; do
    t=$(best_of 1 "$NEURODE" "$@" 2> /dev/null | awk -v b="$t" '{ print (b == "" || $1 < b) ? $1 : b }')
    if [ -n "${NEURODE_OLD:-}" ]; then
      o=$(best_of 1 "$NEURODE_OLD" "$@" 2> /dev/null | awk -v b="$o" '{ print (b == "" || $1 < b) ? $1 : b }')
    fi
  done
  if [ -n "${NEURODE_OLD:-}" ]; then
    echo "$label neurode $t s, before $o s ($(ratio "$o" "$t")x faster now)"
  else
    echo "$label neurode $t s"
  fi
}
$CC -O2 -ffp-contract=off -o "$out/lif_c" "$SRCDIR/bench/lif_c.c" -lm
$CC -O2 -ffp-contract=off -o "$out/gl_c" "$SRCDIR/bench/gl_c.c" -lm
tc=$(best_of 3 "$out/lif_c" 10000 10000 0.1 "$out/c.spikes")
echo "10,000 LIF x 10^4 steps (events; C $tc s):"
older "  " run "$SRCDIR/stdlib/lif.nd" --n 10000 --set 'I_ext=1.1+i/(N-1)' --t 1000 --dt 0.1 --method rk4 \
  --spikes "$out/n.spikes" --vars 'V[5000]' --every 10000 --out -
tc=$(best_of 3 "$out/gl_c" 1000 100000 0 1)
echo "1,000 GL x 10^5 steps (random draws, a sum; C $tc s):"
older "  " run "$SRCDIR/stdlib/galves_locherbach.nd" --n 1000 --t 100000 --seed 0 --vars 'V[500]' \
  --every 100000 --out -
echo "passive cable, 1001 points, 100 ms:"
older "  " run "$SRCDIR/stdlib/cable.nd" --set r_a=79.577 --set I0=0.1 --t 100 --dt 0.01 --vars 'V[0]' \
  --every 100000 --out -
echo "HH axon, 1001 points, 100 ms:"
older "  " run "$SRCDIR/examples/hh_axon.nd" --t 100 --dt 0.01 --vars 'V[200],V[800]' --out -
echo "f-I sweep of HH (sweep hh I_ext 0 20 1 measure spikes):"
older "  " sweep "$SRCDIR/stdlib/hh.nd" I_ext 0 20 1 measure spikes

# NEURON on the cable and the axon (issue 9: no slower than NEURON), when
# installed (apt-get install neuron python3-neuron); Python's start-up is
# included as neurode's is.
if /usr/bin/python3 -c 'import neuron' 2> /dev/null; then
  tc=$(best_of 3 /usr/bin/python3 "$SRCDIR/bench/neuron_cable.py" 2> /dev/null)
  tn=$(best_of 3 "$NEURODE" run "$SRCDIR/stdlib/cable.nd" --set r_a=79.577 --set I0=0.1 --t 100 --dt 0.01 \
    --vars 'V[0]' --every 100000 --out -)
  echo "passive cable: NEURON $tc s, neurode $tn s ($(ratio "$tn" "$tc")x)"
  tc=$(best_of 3 /usr/bin/python3 "$SRCDIR/bench/neuron_hh_axon.py" 2> /dev/null)
  tn=$(best_of 3 "$NEURODE" run "$SRCDIR/examples/hh_axon.nd" --t 100 --dt 0.01 --vars 'V[200],V[800]' --out - 2> /dev/null)
  echo "HH axon: NEURON $tc s, neurode $tn s ($(ratio "$tn" "$tc")x)"
else
  echo "NEURON: skipped (apt-get install neuron python3-neuron)"
fi
