#!/bin/sh
# demo.sh: what neurode does, in a few seconds -- a Hodgkin-Huxley neuron's
# spike times, then the firing rate of a population driven by 11 currents.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
nd=${NEURODE:-$here/neurode}
hh=$here/stdlib/hh.nd

echo "Hodgkin-Huxley (stdlib/hh.nd), I_ext = 10 uA/cm^2, 50 ms, RK4 with dt = 0.01 ms:"
"$nd" run "$hh" --set I_ext=10 --t 50 --dt 0.01 --method rk4 --vars V |
  awk -F, 'NR > 2 && pv < 50 && $2 >= 50 { n++; t = pt + (50 - pv) * ($1 - pt) / ($2 - pv)
             printf "  spike %d at %8.4f ms\n", n, t }
           NR > 1 { pv = $2; pt = $1 }'

echo
echo "Firing rate against current: 11 neurons, I_ext = 2*i for copy i, 500 ms:"
"$nd" run "$hh" --n 11 --set 'I_ext=2*i' --t 500 --dt 0.01 --vars V --every 5 |
  awk -F, 'NR > 1 { for (k = 2; k <= NF; k++) { if (NR > 2 && p[k] < 50 && $k >= 50) { c[k]++
                       if ($1 > 100) late[k]++ } p[k] = $k } }
           END { printf "  %10s  %6s  %s\n", "I_ext", "spikes", "rate after 100 ms"
                 for (k = 2; k <= NF; k++)
                   printf "  %10g  %6d  %5.1f Hz\n", 2 * (k - 2), c[k], late[k] / 0.4 }'
