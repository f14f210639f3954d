# Plots of a model on a domain: the steady profiles of examples/cable_ends.nd
# (three far ends), a profile at an earlier time, and a kymograph (heatmap)
# whose axis is x (issue 9).
. "$SRCDIR/tests/lib.sh"
unset DISPLAY
"$NEURODE" "$SRCDIR/examples/cable_ends.nd" > ends.out 2>&1
png_ok "space: examples/cable_ends.nd draws its three profiles" cable_ends.png 40000
printf 'load %s\nrun 20\noutput "early.png"\nprofile V at 2\noutput "kymo.png"\nheatmap V\noutput dumb\nprofile V\n' \
  "$SRCDIR/stdlib/cable.nd" | "$NEURODE" > session.out 2>&1
png_ok "space: profile V at 2 (the last sample at or before t = 2)" early.png 25000
png_ok "space: heatmap V of the cable" kymo.png 20000
check "space: the text profile is titled with its time and has x (0 to 5) on its axis" \
  "$(grep -c 'cable.nd  at t = 20 *$' session.out) == 1 && $(grep -cE '^ +x +$' session.out) == 1 && $(grep -cE '^ +0 +1 +2 +3 +4 +5 +$' session.out) == 1"
