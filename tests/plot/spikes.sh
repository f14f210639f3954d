# Spikes in the session: `raster` draws the spikes the events recorded (at
# their exact times, not crossings between samples) above the population
# rate; `rate` alone; a spike list written by --spikes read back; a discrete
# model's values drawn as dots.  A wrapper gnuplot keeps the commands sent.
. "$SRCDIR/tests/lib.sh"
if ! command -v gnuplot > /dev/null 2>&1; then
  echo "skip spikes plots: gnuplot is not installed: the tests of spike plots did not run"
  exit 0
fi
printf '#!/bin/sh\ntee -a "%s/sent.gp" | gnuplot\n' "$(pwd)" > keep-gnuplot
chmod +x keep-gnuplot
sent() { rm -f sent.gp; NEURODE_GNUPLOT=$(pwd)/keep-gnuplot "$NEURODE" > "$1.out" 2> "$1.err"; }

# Three LIF neurons with drives 1.5, 2, 2.5: 10 ln 3, 10 ln 2 and 10 ln(5/3) ms
# to their first spikes.
printf 'load lif\nset copies = 3\nset I_ext = 1.5 + 0.5*i\nrun 40\noutput "r.png"\nraster\n' | sent r
first=$(awk '/^\$spikes << EOD/ { on = 1; next } /^EOD/ { on = 0 } on && $2 == 1.5 { print $1; exit }' sent.gp)
check "spikes: raster draws the recorded spikes, I_ext = 1.5 first at 10 ln 3 ($first; gnuplot gets 9 digits)" \
  "$(awk -v t="$first" 'BEGIN { d = t - 10*log(3); print (d < 1e-7 && d > -1e-7 && t != "") }') == 1 && $(wc -c < r.err) == 0" \
  "$(head -2 r.err)"
check "spikes: the rows of the raster are the copies' drives, I_ext 1.5 to 2.5" \
  "$(awk '/^\$spikes << EOD/ { on = 1; next } /^EOD/ { on = 0 } on { y[$2] = 1 } END { print (1.5 in y) + (2 in y) + (2.5 in y) }' sent.gp) == 3"
nsp=$(awk '/^\$spikes << EOD/ { on = 1; next } /^EOD/ { on = 0 } on { n++ } END { print n + 0 }' sent.gp)
# 10 ln(RI/(RI - 1)) to the first spike, then that + 2 ms each: 3 + 4 + 5
check "spikes: every spike of 40 ms is drawn (3 + 4 + 5 = $nsp)" "$nsp == 12"
check "spikes: the population rate is drawn below the raster (two plots in one figure)" \
  "$(grep -c '^set multiplot' sent.gp) == 1 && $(grep -c '^plot \$rate using 1:2 with steps' sent.gp) == 1 && $(grep -c '^set origin 0,0.3' sent.gp) == 1"
check "spikes: the PNG was written" "$(head -c 4 r.png | od -An -c | tr -d ' ') == 211PNG"

printf 'load lif\nset copies = 2\nrun 100\noutput "rate.png"\nrate 20\n' | sent rate
check "spikes: rate 20 draws 5 bins of 20 ms" \
  "$(awk '/^\$series << EOD/ { on = 1; next } /^EOD/ { on = 0 } on { n++ } END { print n + 0 }' sent.gp) == 5 && $(grep -c 'bins of 20' sent.gp) == 1" \
  "$(head -2 rate.err)"
# 7 spikes per neuron in 100 ms; the bin from 20 to 40 ms holds 2 per neuron
check "spikes: the rate is spikes per copy per unit of time (2 spikes in [20, 40): 0.1)" \
  "$(awk '/^\$series << EOD/ { on = 1; next } /^EOD/ { on = 0 } on && $1 == 30 { print $2 }' sent.gp) == 0.1"

printf 'load fhn\nrun 10\nrate\n' | "$NEURODE" > nr.out 2> nr.err
check "spikes: rate of a model without spike events says why" \
  "$(grep -c "the last run has no spikes: its model has no spike event" nr.err) == 1"

"$NEURODE" run lif --n 2 --t 30 --dt 0.1 --spikes list.csv --out /dev/null
printf 'output "l.png"\nraster "list.csv"\n' | sent list
check "spikes: raster FILE reads what --spikes wrote (t, group, index): 4 spikes" \
  "$(awk '/^\$spikes << EOD/ { on = 1; next } /^EOD/ { on = 0 } on { n++ } END { print n + 0 }' sent.gp) == 4 && $(wc -c < list.err) == 0" \
  "$(head -2 list.err)"

printf 'load mcculloch_pitts\nrun 5\noutput "d.png"\nplot out\n' | sent dots
check "spikes: a discrete model's values are dots, not lines" \
  "$(grep -c 'with points' sent.gp) == 1 && $(grep -c 'with lines' sent.gp) == 0"
