# Plots through gnuplot: the example scripts (one per seed figure), the
# issue's acceptance command, raster and heatmap from data made here, the
# text, SVG and PDF outputs, and gnuplot's own errors read back.
. "$SRCDIR/tests/lib.sh"
for ex in hh_trace hh_reduced fhn_phase; do
  "$NEURODE" "$SRCDIR/examples/$ex.nd" > $ex.out 2> $ex.err
  check "plot: examples/$ex.nd runs without a word on stderr" "$? == 0 && $(wc -c < $ex.err) == 0" "$(cat $ex.err)"
  png_ok "plot: examples/$ex.nd writes a real $ex.png" $ex.png
done

printf 'load stdlib/fhn.nd\nrun 200\noutput "fhn.png"\nplot v, w\nphase v w\n' | "$NEURODE"
check "plot: the issue's command (plot, then phase, to fhn.png) exits 0" "$? == 0"
png_ok "plot: fhn.png holds the last plot" fhn.png

# A spike list and a weight matrix, as the roadmap's models will produce.
awk 'BEGIN { for (k = 0; k < 60; k++) { t = 3 * (k % 7); while (t < 200) { printf "%g,%d\n", t, k; t += 10 + k % 13 } } }' > spikes.csv
awk 'BEGIN { print "# a 40 x 40 weight matrix"
             for (i = 0; i < 40; i++) { for (j = 0; j < 40; j++) printf "%s%.4f", j ? "," : "", exp(-((i - j) ^ 2) / 50); print "" } }' > weights.csv
printf 'output "raster.png"\nraster "spikes.csv"\noutput "weights.png"\nheatmap "weights.csv"\n' | "$NEURODE"
check "plot: raster of a spike list and heatmap of a matrix from files" "$? == 0"
png_ok "plot: the raster of 60 spike trains" raster.png 18000
png_ok "plot: the heatmap of the weight matrix" weights.png 18000

printf 'load hh\nset copies = 40\nset I_ext = 20*i/(N-1)\nrun 30\noutput "pop_raster.png"\nraster V 50\noutput "pop_heat.png"\nheatmap V\n' | "$NEURODE"
check "plot: raster and heatmap of a population run" "$? == 0"
png_ok "plot: the population's raster" pop_raster.png 18000
png_ok "plot: the population's heatmap" pop_heat.png 18000

printf 'load fhn\nrun 100\noutput dumb\nplot v\n' | "$NEURODE" > dumb.txt
lines=$(wc -l < dumb.txt)
marks=$(grep -c '[*+#]' dumb.txt)
check "plot: 'output dumb' draws in the terminal ($lines lines, $marks with marks)" "$lines >= 20 && $marks >= 10"

printf 'load fhn\nrun 50\noutput "v.svg"\nplot v\noutput "v.pdf"\nplot v\n' | "$NEURODE"
check "plot: SVG output is an SVG" "$(grep -c '<svg' v.svg 2>/dev/null || echo 0) >= 1"
check "plot: PDF output is a PDF" "\"$(head -c 5 v.pdf 2>/dev/null)\" == \"%PDF-\""

printf 'load fhn\nrun 10\noutput "no/such/dir/x.png"\nplot v\n' | "$NEURODE" 2> err.txt
rc=$?
check "plot: gnuplot's error is read back and shown (exit $rc): $(cat err.txt)" \
  "$rc == 1 && $(grep -c "^neurode: error: cannot write the plot to 'no/such/dir/x.png' (gnuplot: cannot open file" err.txt) == 1"

printf 'load fhn\nrun 10\noutput "x.jpeg"\n' | "$NEURODE" 2> err.txt
check "plot: an unknown output kind is refused: $(head -1 err.txt)" "$(grep -c "unknown output 'x.jpeg'" err.txt) == 1"
