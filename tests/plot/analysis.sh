# Plots of the analyses (issue 10): a bifurcation diagram (branch, cycles,
# Hopf points), an f-I curve from a sweep and a phase response curve, each
# to a PNG.
. "$SRCDIR/tests/lib.sh"
unset DISPLAY
{ printf 'load %s\noutput "bif.png"\nbifurcation I_ext 0 2\n' "$SRCDIR/stdlib/fhn.nd"
  printf 'output "prc.png"\nprc v 0.1 20\n'
  printf 'load %s\nset t = 200\noutput "fi.png"\nsweep I_ext 0 20 2 measure spikes\n' "$SRCDIR/stdlib/hh.nd"; } > script.txt
"$NEURODE" script.txt > out.txt 2> err.txt
check "analysis plots: the script runs without a word on stderr ($(head -c 200 err.txt))" "$(wc -c < err.txt) == 0"
check "analysis plots: the bifurcation diagram of FHN has its two Hopf points and cycles ($(head -1 out.txt))" \
  "$(grep -c '^36 points of the branch of equilibria, 2 bifurcations, periodic orbits at 1[0-9] values of I_ext$' out.txt) == 1"
png_ok "analysis plots: bif.png" bif.png 20000
png_ok "analysis plots: prc.png" prc.png 20000
png_ok "analysis plots: fi.png (11 dots: an empty frame is 12 kB)" fi.png 13500
