# Axes: y labels in the `dumb` terminal (which cannot turn text, and used
# to drop them), and a second y axis for series of very different ranges.
# A wrapper gnuplot keeps the commands neurode sent, to check what was asked.
. "$SRCDIR/tests/lib.sh"
if ! command -v gnuplot > /dev/null 2>&1; then
  echo "skip axes: gnuplot is not installed: the tests of plot axes did not run"
  exit 0
fi
printf '#!/bin/sh\ntee -a "%s/sent.gp" | gnuplot\n' "$(pwd)" > keep-gnuplot
chmod +x keep-gnuplot
# sent NAME SCRIPT: run SCRIPT (stdin) through the wrapper; sent.gp has the commands.
sent() { rm -f sent.gp; NEURODE_GNUPLOT=$(pwd)/keep-gnuplot "$NEURODE" > "$1.out" 2> "$1.err"; }

# -- the y label of the dumb terminal
printf 'load fhn\nrun 100\noutput dumb\nplot v\n' | "$NEURODE" > dumb.txt 2> err.txt
check "axes: dumb output shows the y label" \
  "$(grep -c 'v (fast, voltage-like)' dumb.txt) == 1 && $(wc -c < err.txt) == 0" "$(head -1 err.txt)"
check "axes: dumb output still shows the x label and the title" \
  "$(grep -c 't (dimensionless)' dumb.txt) == 1 && $(grep -c 'fhn.nd' dumb.txt) == 1"
# The label sits above the axis, below the title.
set -- $(awk '/fhn.nd/ { t = NR } /v \(fast, voltage-like\)/ { l = NR } /^ *2 \+---/ { a = NR }
              END { print t + 0, l + 0, a + 0 }' dumb.txt)
check "axes: the dumb y label is between the title and the top of the axis" "$1 < $2 && $2 < $3" \
  "title, label and axis top on lines $1, $2, $3"
printf 'load fhn\nrun 100\noutput dumb\nplot v | w\nphase v w\n' | "$NEURODE" > dumb2.txt 2> err.txt
check "axes: dumb panels show each panel's y label, phase its y variable" \
  "$(grep -c 'v (fast, voltage-like)' dumb2.txt) == 2 && $(grep -c 'w (slow recovery)' dumb2.txt) == 2"

# -- a second y axis: V in mV and the gate n from 0 to 1 in one panel
printf 'load hh\nrun 20\noutput "vn.svg"\nplot V, n\n' | sent vn
check "axes: plot V, n puts n on the right axis" \
  "$(grep -c "^plot .*using 1:2 axes x1y1 .*title 'V', .*using 1:3 axes x1y2 .*title 'n (right axis)'" sent.gp) == 1 && $(grep -c '^set y2tics' sent.gp) == 1" \
  "$(grep '^plot' sent.gp)"
check "axes: the SVG has the legend entry and right-axis tic labels 0.3 to 0.8" \
  "$(grep -c '>n (right axis)<' vn.svg) == 1 && $(grep -c '<text> *0.75</text>' vn.svg) == 1 && $(grep -c '<text> *120</text>' vn.svg) == 1"
check "axes: each axis is labelled with its own variables" \
  "$(grep -c "^set ylabel 'V'" sent.gp) == 1 && $(grep -c "^set y2label 'n'" sent.gp) == 1"

printf 'load hh\nrun 20\noutput dumb\nplot V, n\n' | "$NEURODE" > dumb3.txt
check "axes: in dumb output the right axis is marked too" "$(grep -c 'n (right axis)' dumb3.txt) == 1"

printf 'load fhn\nrun 100\noutput "vw.svg"\nplot v, w\n' | sent vw
check "axes: v and w of similar ranges share one axis" \
  "$(grep -c 'axes x1y2' sent.gp) == 0 && $(grep -c 'right axis' vw.svg) == 0" "$(grep '^plot' sent.gp)"

printf 'load hh\nrun 20\noutput "panels.svg"\nplot V, m | n, h | I_Na\n' | sent panels
check "axes: panels decide on their own (V, m split; n, h and I_Na do not)" \
  "$(grep -c 'axes x1y2' sent.gp) == 1 && $(grep -c "title 'm (right axis)'" sent.gp) == 1" "$(grep '^plot' sent.gp)"
check "axes: the next panel undoes the right axis" \
  "$(awk '/^plot/ { p++ } /^unset y2tics/ && p == 1 { u = 1 } END { print u + 0 }' sent.gp) == 1"

printf 'load hh\nset copies = 8\nset I_ext = 20*i/(N-1)\nrun 20\noutput "pop.svg"\nplot V[0:5], n[0:5]\n' | sent pop
check "axes: in a population, copies of a variable share an axis (one resting V does not move it)" \
  "$(grep -o 'axes x1y1' sent.gp | wc -l) == 5 && $(grep -o 'axes x1y2' sent.gp | wc -l) == 5 && $(grep -c "^set ylabel 'V'" sent.gp) == 1 && $(grep -c "^set y2label 'n'" sent.gp) == 1" \
  "$(grep '^set y' sent.gp | tr '\n' ' ')"

printf 'load hh\nrun 20\nfigure yrange -20 120\noutput "fixed.svg"\nplot V, n\n' | sent fixed
check "axes: a fixed y range keeps one axis" "$(grep -c 'axes x1y2' sent.gp) == 0"
printf 'load hh\nrun 20\nfigure log y\noutput "logy.svg"\nplot m, n\n' | sent logy
check "axes: a log y axis keeps one axis" "$(grep -c 'axes x1y2' sent.gp) == 0 && $(grep -c '^set logscale y' sent.gp) == 1"
