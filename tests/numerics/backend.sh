# The backends and threads change nothing but the speed: every stdlib model
# and example gives the same bytes from the VM and from native code, on 1,
# 2 and 3 threads; a blow-up is reported the same way; without a compiler
# the run falls back to the VM and says so; the cache can be listed and
# emptied.  (XDG_CACHE_HOME is the tests' own: tests/run.sh.)
. "$SRCDIR/tests/lib.sh"

# same NAME FILE...: every file equal to the first, byte for byte.
same() {
  name=$1 ref=$2
  shift 2
  for f in "$@"; do
    if ! cmp -s "$ref" "$f"; then
      fail "$name" "$f differs from $ref: $(diff "$ref" "$f" | head -3 | tr '\n' '|')"
      return
    fi
  done
  if [ -s "$ref" ]; then ok "$name"; else fail "$name" "$ref is empty"; fi
}

# both LABEL ARGS...: the run on the VM (one thread) and natively on 1, 2
# and 3 threads, with the VM on 3 threads too; rows and messages compared.
both() {
  label=$1
  shift
  for cfg in "vm 1" "native 1" "native 2" "native 3" "vm 3"; do
    b=${cfg% *} n=${cfg#* }
    "$NEURODE" run "$@" --backend "$b" --threads "$n" > "out.$b$n" 2> "err.$b$n"
    echo "exit $?" >> "err.$b$n"
    grep -v "native code" "err.$b$n" > "msg.$b$n"
  done
  same "backend: $label: VM and native, 1, 2 and 3 threads, the same bytes" \
    out.vm1 out.native1 out.native2 out.native3 out.vm3
  same "backend: $label: the same messages" msg.vm1 msg.native1 msg.native2 msg.native3 msg.vm3
  # Which runs were not native after all (one model is expected: a sum).
  grep -q "native code is not available" err.native1 && fallbacks="$fallbacks $label"
}
fallbacks=""

for f in "$SRCDIR"/stdlib/*.nd "$SRCDIR"/examples/*.nd; do
  name=$(basename "$f" .nd)
  # A script that loads a stdlib model runs one tested here already.
  grep -q '^load ' "$f" && continue
  case $name in
    hh_axon) both "$name" "$f" --t 2 --vars 'V@x=0,V@x=25,m@x=50' ;;
    cable|cable_ends) both "$name" "$f" --t 5 ;;
    *) both "$name" "$f" --t 20 ;;
  esac
done

# Populations with a parameter per copy (the fused kernel's array inputs),
# more copies than one block, a size that is not a multiple of one.
# 4000 copies: enough work for the VM to share a call out among 3 threads
# (instance.c: SPLIT_WORTH), and rk45 for native code outside the kernel.
both "hh, 4000 copies, I per copy" hh --n 4000 --set 'I_ext=20*i/(N-1)' --t 2 --vars 'V[0],V[2517],m[3999]'
both "hh, 4000 copies, rk45" hh --n 4000 --set 'I_ext=20*i/(N-1)' --t 2 --method rk45 --vars 'V[0],V[3999]'
both "fhn, 77 copies, dt not dividing t" fhn --n 77 --set 'I_ext=i/50' --t 10.005 --dt 0.01 --method rk2 --every 7
both "lif, 300 copies, spikes" lif --n 300 --set 'I_ext=1.1+i/(N-1)' --t 50 --spikes - --vars 'V[3]'
both "ou, 200 copies, noise" ou --n 200 --t 5 --seed 7 --vars 'X[0],X[199]'
both "hh, euler" hh --n 65 --set 'I_ext=10' --t 5 --method euler

# A blow-up inside the fused kernel: the same rows, the same message.
printf 'dx/dt = x^2\ninit x = 1\n' > blow.nd
both "x' = x^2 from 1 + i/100, 300 copies: a blow-up" blow.nd --n 300 --init 'x=1+i/100' --t 2 \
  --dt 0.001 --every 50 --vars 'x[0],x[299]'
check "backend: the blow-up is named (copy 299, near 1/3.99 = 0.2506), the rows kept" \
  "$(grep -c 'x\[299\] became infinite at t = 0.253$' msg.native2) == 1 && $(grep -c 'holds the 6 rows up to t = 0.25$' msg.native2) == 1"

# One copy: scalar code, whose stepper is neurode's own (native_scalar.c) --
# the same blow-up, rows and message; and its other methods.
both "x' = x^2 from 1, one copy: a blow-up in the scalar stepper" blow.nd --t 2 --dt 0.001 --every 50
check "backend: one copy's blow-up is named (t = 1.003, the pole at 1), the rows kept" \
  "$(grep -c '^neurode: error: x became infinite at t = 1.003$' msg.native1) == 1 && $(grep -c 'holds the 21 rows up to t = 1$' msg.native1) == 1"
both "hh, one copy, euler" hh --set I_ext=10 --t 5 --method euler --every 10
both "fhn, one copy, rk2, dt not dividing t" fhn --t 10.005 --dt 0.01 --method rk2 --every 7

# The same in a model with events: the kernel takes one step at a time and
# the events look into it; the blow-up is met inside the kernel.
printf 'dx/dt = x^2\ndy/dt = 1\non y >= 0.1: y = 0\ninit x = 1, y = 0\n' > blowev.nd
both "x' = x^2 with an event, 300 copies: a blow-up" blowev.nd --n 300 --init 'x=1+i/100' --t 2 \
  --dt 0.001 --every 50 --vars 'x[0],x[299],y[7]' --spikes -
check "backend: the blow-up with events is named, the rows and spikes kept" \
  "$(grep -c 'x\[299\] became infinite at t = 0.253$' msg.native2) == 1 && $(grep -c ',main,7$' out.native2) == 2"
both "x' = x^2 with an event, one copy: a blow-up" blowev.nd --t 2 --dt 0.001 --every 50 --spikes -
check "backend: one copy's blow-up with events is named, the rows and 10 spikes kept" \
  "$(grep -c '^neurode: error: x became infinite at t = 1.003$' msg.native1) == 1 && $(grep -c ',main,0$' out.native1) == 10"
check "backend: that model with events ran natively" "$(grep -c 'native code is not available' err.native1) == 0"
# A rhs that reads each copy's index, with events: the copies that fire are
# gathered with their own indices.  dx/dt = k - x from 0, reset at 2.5:
# copy k fires every ln(k/(k - 2.5)), so in 10 time units copy 3 fires 5
# times (period ln 6 = 1.79), copy 4 10 times (ln(8/3) = 0.98), 0-2 never.
printf 'dx/dt = copy() - x\non x >= 2.5: x = 0\ninit x = 0\n' > byindex.nd
both "events on a rhs that reads copy(), 5 copies" byindex.nd --n 5 --t 10 --spikes -
check "backend: each copy fires at its own index's rate (0, 0, 0, 5, 10 spikes)" \
  "$(grep -c ',main,3$' out.native2) == 5 && $(grep -c ',main,4$' out.native2) == 10 && $(grep -c ',main,[012]$' out.native2) == 0"

# The events' work shared by threads (events.c: each member a run of the
# step's candidates, at least 16 each): 3000 LIF with Poisson kicks and a
# refractory period, some 60 candidates a step -- the shares' spikes merged
# by time, the same bytes.  Then copies 1000 and 2500 with a negative
# refractory period: copy 2500 (the stronger drive) fires first, and that
# is the error on any number of threads, though it is found by the second.
cat > kicked.nd << 'EOF'
param tau = 10, I_ext = 1.5, w = 0.3, r = 2
dV/dt = (I_ext - V)/tau
on V >= 1: V = 0
on poisson(0.2): V += w
refractory r hold V
init V = 0
EOF
kicked="kicked.nd --n 3000 --t 30 --dt 0.1 --seed 3 --spikes - --vars V[0],V[2999]"
# shellcheck disable=SC2086
both "LIF with Poisson kicks, 3000 copies: the events shared" $kicked --set 'I_ext=1.05+i/(N-1)'
check "backend: those 3000 copies fired 9,503 times in 300 steps (the split had work)" "$(grep -c ',main,' out.native2) == 9503"
# shellcheck disable=SC2086
for n in 1 2; do "$NEURODE" run $kicked --set 'I_ext=1.05+i/(N-1)' --threads $n --stats 2> "stats$n" > /dev/null; done
check "backend: --stats counts the events' rhs evaluations as one thread does (7168)" \
  "$(grep -c 'rk4: 300 steps, 0 rejected, 7168 right-hand-side evaluations' stats1) == 1 && $(grep -c 'rk4: 300 steps, 0 rejected, 7168 right-hand-side evaluations' stats2) == 1"
# shellcheck disable=SC2086
both "a negative refractory period met by a share" $kicked --set 'I_ext=1.05+i/(N-1)' \
  --set 'r=2-3*(i==1000)-3*(i==2500)'
check "backend: the share's error is the one a thread alone meets first" \
  "$(grep -c '^neurode: error: the refractory period is -1 in copy 2500 at t = 4.882805741$' msg.native2) == 1 && $(grep -c 'exit 1' msg.native2) == 1"

check "backend: every model but the network with a sum ran natively (not:$fallbacks)" \
  "\"$fallbacks\" == \" galves_locherbach\""

# Native code for real: the note of --stats says so (compiled or cached).
"$NEURODE" run hh --t 1 --backend native --stats > /dev/null 2> stats.err
check "backend: --stats says the run was native" "$(grep -c 'native code, \(compiled in\|from the cache\)' stats.err) == 1"

# auto: a short run of code never compiled stays on the VM, silently; once
# the code is in the cache (compiled by the run above), it is used.
printf 'dx/dt = -x/3\ninit x = 1\n' > decay.nd
"$NEURODE" run decay.nd --t 1 --stats > /dev/null 2> auto1.err
check "backend: auto keeps a short run on the VM" "$(grep -c 'native' auto1.err) == 0"
"$NEURODE" run hh --t 1 --stats > /dev/null 2> auto2.err
check "backend: auto uses the cached code" "$(grep -c 'native code, from the cache' auto2.err) == 1"

# No compiler: the VM, a note, the same output.
NEURODE_CC=/nonexistent/cc "$NEURODE" run fhn --t 5 --backend native > nocc.csv 2> nocc.err
"$NEURODE" run fhn --t 5 --backend vm > vm.csv
same "backend: without a compiler the run falls back to the VM" vm.csv nocc.csv
check "backend: and says so once" "$(grep -c "neurode: note: native code is not available (cannot run the C compiler '/nonexistent/cc'" nocc.err) == 1"

# A damaged cache entry is compiled again, not loaded.
for so in "$XDG_CACHE_HOME"/neurode/nd-*.so; do printf 'garbage' > "$so"; done
"$NEURODE" run fhn --t 5 --backend native > again.csv 2> again.err
same "backend: a damaged cache entry is rebuilt" vm.csv again.csv
check "backend: silently" "$(wc -c < again.err) == 0"

# The cache: listed and emptied.
"$NEURODE" cache > cache.txt
check "backend: 'neurode cache' lists the compiled models" \
  "$(grep -c "^$XDG_CACHE_HOME/neurode: [1-9][0-9]* compiled models*, [0-9.]* kB (kept under 64 MB" cache.txt) == 1"
"$NEURODE" cache clear > clear.txt
check "backend: 'neurode cache clear' empties it" \
  "$(grep -c "^$XDG_CACHE_HOME/neurode: 0 compiled models, 0.0 kB" clear.txt) == 1"

# check --emit-c: the C of a model; a model with a sum over the population
# is not compiled (the VM runs it) and says why.
"$NEURODE" check fhn --emit-c > fhn.c
check "backend: check --emit-c prints the C (nd_exec and the fused rk4 kernel)" \
  "$(grep -c '^void nd_exec\|^void nd_steps' fhn.c) == 2"
# Math calls nested 40 deep (a fuzzed model had 280): compiled at -O1,
# whose time stays linear (GCC's -O3 took 66 s at 200 levels), and still
# the VM's bytes.  HH's 2 levels keep -O3.
{
  printf 'dx/dt = '
  k=0
  while [ $k -lt 40 ]; do printf 'sin(1.5*'; k=$((k + 1)); done
  printf 'x'
  k=0
  while [ $k -lt 40 ]; do printf ')'; k=$((k + 1)); done
  printf ' - x/4\ninit x = 1\n'
} > deep.nd
"$NEURODE" check deep.nd --emit-c > deep.c
"$NEURODE" check hh --emit-c > hh.c
check "backend: a model with math calls 40 deep is compiled at -O1, HH at -O3" \
  "$(grep -c '^#pragma GCC optimize ("O1", "fp-contract=off")' deep.c) == 1 && $(grep -c 'pragma GCC optimize' hh.c) == 0"
both "math calls 40 deep, 70 copies" deep.nd --n 70 --init 'x=i/10' --t 3
check "backend: the deep model ran natively" "$(grep -c 'native code is not available' err.native1) == 0"
# exp and exprel beyond the fast range (|x| > 700) and at 0 (exprel's
# series), lanes of every kind in one block: the emitted second passes.
printf 'dx/dt = 0\ndy/dt = exp(x)*1e-300 + x/(exp(x) - 1) - y\ninit x = 0, y = 0\n' > far.nd
both "exp and exprel from -709.6 to 709.6" far.nd --n 81 --init 'x=(i-40)*17.74' --t 1 --dt 0.1
check "backend: that model ran natively" "$(grep -c 'native code is not available' err.native1) == 0"
# Every conditional operation (min, max, sign, heaviside, clip, if, and,
# or, not, bernoulli) on NaN, infinities, signed zeros and numbers: native
# code chooses by blending bits, so that GCC vectorises the lane loops;
# the VM's values, to the sign of a zero (f tells -0 from +0 by 1/r).
cat > ops.nd << 'EOF'
f(r) = if r != r then -7 else if r > 1e300 then 5 else if r < -1e300 then -5 else if r == 0 then (if 1/r > 0 then 0.25 else -0.25) else r
a = x / (x*x)
b = -1 / (x*0)
c = x*0
dx/dt = 0
dy1/dt = f(min(a, b)) + 10*f(min(b, a))
dy2/dt = f(max(a, b)) + 10*f(max(b, a))
dy3/dt = f(min(c, -c)) + 10*f(max(c, -c))
dy4/dt = f(sign(a)) + 10*f(sign(c)) + 100*f(sign(b))
dy5/dt = f(heaviside(a)) + 10*f(heaviside(c)) + 100*f(heaviside(b))
dy6/dt = f(clip(a, -0.3, 0.3)) + 10*f(clip(b, -1, 1)) + 100*f(clip(c, x, 1))
dy7/dt = f(if a > 0 then b else c) + 10*f(if a then c else b)
dy8/dt = (a and b) + 10*(a or c) + 100*(not a) + 1000*(c and a) + 10000*(not c)
dy9/dt = f(bernoulli(x/4)) + 10*f(bernoulli(a))
init x = 0, y1 = 0, y2 = 0, y3 = 0, y4 = 0, y5 = 0, y6 = 0, y7 = 0, y8 = 0, y9 = 0
EOF
all=""
for k in 1 2 3 4 5 6 7 8 9; do for c in 0 1 2 3 4 5 6 7 8; do all="$all,y$k[$c]"; done; done
both "conditional operations on NaN, +-inf, +-0: 9 copies" ops.nd --n 9 --init 'x=i-4' --t 1 --dt 1 \
  --method euler --vars "${all#,}"
check "backend: the values are NaN, infinities and zeros of both signs (f: -7, +-5, +-0.25)" \
  "$(tr ',' '\n' < out.vm1 | grep -c '^-77$\|^-2.75$\|^-55$\|^2.75$') >= 20"
check "backend: the conditional operations ran natively" "$(grep -c 'native code is not available' err.native1) == 0"
for x in 0 -4 3; do
  both "conditional operations on NaN, +-inf, +-0: one copy, x = $x" ops.nd --init "x=$x" --t 1 \
    --dt 1 --method euler
done
check "backend: one copy ran natively too" "$(grep -c 'native code is not available' err.native1) == 0"
"$NEURODE" check galves_locherbach --emit-c > gl.c 2> gl.err
rc=$?
check "backend: check --emit-c on a population sum says the VM runs it" \
  "$rc == 1 && $(grep -c 'does not compile this model: it has operations across elements' gl.err) == 1"

# auto, nothing cached, a run that takes the VM about a second: the
# compiler (0.1 s for one neuron) works in the background, native code
# takes over from a step boundary, and not a bit of the output shows it.
long="--t 10000 --every 10000 --vars V,m"
rm -rf fresh
# shellcheck disable=SC2086
"$NEURODE" run hh $long --backend vm > long.vm
# shellcheck disable=SC2086
XDG_CACHE_HOME=$PWD/fresh "$NEURODE" run hh $long --stats > long.auto 2> long.err
same "backend: auto compiling in the background, switching mid-run: the VM's bytes" long.vm long.auto
check "backend: and native code took over after the first step, before the last" \
  "$(sed -n 's/^neurode: native code from step \([0-9]*\) on, compiled in [0-9.]* s while the VM ran$/\1/p' long.err | awk '$1 > 0 && $1 < 1000000' | wc -l) == 1"
check "backend: one neuron was compiled as scalar code (one copy at a time: its rhs, no lane loops, no stepper)" \
  "$(cat fresh/neurode/nd-*.c | grep -c 'one copy at a time') == 1 && $(cat fresh/neurode/nd-*.c | grep -c 'rhs_lanes\|nd_steps\|nd_exec') == 0"
# Its stepper is neurode's, for every method: one library serves them all.
for m in euler rk2; do
  XDG_CACHE_HOME=$PWD/fresh "$NEURODE" run hh --t 1 --method $m --backend native --stats > /dev/null 2> "other.$m"
done
check "backend: one neuron's library serves euler and rk2 too (from the cache, one entry)" \
  "$(cat other.euler other.rk2 | grep -c 'native code, from the cache') == 2 && $(ls fresh/neurode/nd-*.so | wc -l) == 1"
# The same with rk45 (the compile decided from the pace of the first 10 ms,
# the switch inside the adaptive loop; about 1.3 s of the VM's).
"$NEURODE" run hh --t 60000 --every 1000 --method rk45 --backend vm > rk45.vm
rm -rf fresh
XDG_CACHE_HOME=$PWD/fresh "$NEURODE" run hh --t 60000 --every 1000 --method rk45 --stats > rk45.auto 2> rk45.err
same "backend: the same with rk45" rk45.vm rk45.auto
check "backend: where native code took over too" "$(grep -c '^neurode: native code from step [1-9][0-9]* on' rk45.err) == 1"

# A run that ends before the compiler does: the compiler (here one that
# would take 47 s; it leaves a mark that it ran) is stopped, its files
# removed, nothing waited for.
printf '#!/bin/sh\ntouch "$(dirname "$0")/slowcc.ran"\nexec sleep 47\n' > slowcc
chmod +x slowcc
rm -rf slow slowcc.ran
started=$(date +%s)
NEURODE_CC=$PWD/slowcc XDG_CACHE_HOME=$PWD/slow "$NEURODE" run hh --t 3000 --every 1000 --vars V \
  --stats > slow.csv 2> slow.err
took=$(($(date +%s) - started))
"$NEURODE" run hh --t 3000 --every 1000 --vars V --backend vm > slow.vm
same "backend: a compiler slower than the run: the VM's output" slow.vm slow.csv
check "backend: the compiler was started, then stopped, not waited for ($took s), nothing left in the cache" \
  "$took < 30 && $(ls slowcc.ran | wc -l) == 1 && $(grep -c native slow.err) == 0 && $(find slow -type f | wc -l) == 0"
# Ctrl-C while --backend native waits for that compiler: the wait ends, the
# run stops at once, as interrupted.
rm -rf slow slowcc.ran
started=$(date +%s)
NEURODE_CC=$PWD/slowcc XDG_CACHE_HOME=$PWD/slow "$NEURODE" run hh --t 100 --backend native \
  > int.csv 2> int.err &
pid=$!
n=0
while [ ! -f slowcc.ran ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
kill -INT $pid
wait $pid
rc=$?
took=$(($(date +%s) - started))
check "backend: Ctrl-C while the compiler works stops the run ($took s), as interrupted" \
  "$took < 30 && $rc == 130 && $(grep -c '^neurode: error: interrupted at t = ' int.err) == 1 && $(find slow -type f | wc -l) == 0"
# A compiler that fails in the background: a note, once; the VM goes on.
printf '#!/bin/sh\necho "cc: out of order" >&2\nexit 1\n' > badcc
chmod +x badcc
rm -rf bad
NEURODE_CC=$PWD/badcc XDG_CACHE_HOME=$PWD/bad "$NEURODE" run hh --t 3000 --every 1000 --vars V \
  > bad.csv 2> bad.err
same "backend: a compiler failing in the background: the VM's output" slow.vm bad.csv
check "backend: and a note saying why, once" \
  "$(grep -c "^neurode: note: native code is not available (the C compiler '$PWD/badcc' failed: cc: out of order): this run uses the VM$" bad.err) == 1 && $(wc -l < bad.err) == 1"
