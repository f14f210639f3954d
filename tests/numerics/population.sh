# Populations (--n): copies are independent, parameters vary with i, and a
# copy of a population computes exactly what a single neuron does.
. "$SRCDIR/tests/lib.sh"
"$NEURODE" run hh --n 10000 --set 'I_ext=20*i/(N-1)' --t 5 --dt 0.01 --method rk4 --vars 'V[5000]' > pop.csv
"$NEURODE" run hh --set 'I_ext=20*5000/9999' --t 5 --dt 0.01 --method rk4 --vars V > one.csv
check "population: the header names the copy" "\"$(head -1 pop.csv)\" == \"t,V[5000]\""
tail -n +2 pop.csv > pop.rows
tail -n +2 one.csv > one.rows
if cmp -s pop.rows one.rows && [ -s pop.rows ]; then
  ok "population: copy 5000 of 10000 is bit-identical to a single neuron"
else
  fail "population: copy 5000 of 10000 is bit-identical to a single neuron" "$(diff pop.csv one.csv | head -3 | tr '\n' '|')"
fi
"$NEURODE" run hh --n 3 --set 'I_ext=10*i' --t 30 --vars 'V' > three.csv
for k in 0 1 2; do eval "n$k=$(crossings three.csv $((k + 2)) 50 | wc -l)"; done
check "population: no current, no spike; more current, more spikes ($n0, $n1, $n2)" "$n0 == 0 && $n1 >= 2 && $n2 > $n1"
