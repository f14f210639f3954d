# Continuation of equilibria (issue 10, acceptance 6).  FitzHugh-Nagumo's
# Hopf points are where the trace of J, 1 - v^2 - delta b, is 0:
#   v = -+sqrt(1 - delta b), w = (v + a)/b, I = -(v - v^3/3 - w),
# with frequency sqrt(det J) -- computed here.  Elsewhere each located change
# of stability is checked by `fixed` just before and after it.
. "$SRCDIR/tests/lib.sh"
"$NEURODE" continue "$SRCDIR/stdlib/fhn.nd" I_ext 0 2 > fhn.out 2>&1
got=$(sed -n 's/^  Hopf at I_ext = \([^ ]*\) .*frequency \([^,]*\),.*/\1 \2/p' fhn.out | tr '\n' ' ')
err=$(echo "$got" | awk '{ a = 0.7; b = 0.8; d = 0.08
  for (k = 0; k < 2; k++) { v = (k ? 1 : -1) * sqrt(1 - d * b); w = (v + a) / b; I = -(v - v^3/3 - w)
    om = sqrt((1 - v * v) * (-d * b) + d); e1 = $(2 * k + 1) - I; e2 = $(2 * k + 2) - om
    if (e1 < 0) e1 = -e1; if (e2 < 0) e2 = -e2; if (e1 > m) m = e1; if (e2 > m) m = e2 }
  if (NF != 4) m = 1; printf "%.3g", m }')
check "continue: FHN's two Hopf points at trace J = 0 and their frequencies within 1e-6 (error $err; $got)" "$err <= 1e-6"
check "continue: FHN is stable, unstable, stable along I_ext 0..2" \
  "$(grep -c '^  I_ext 0 .. 0.331281[0-9]*: stable$' fhn.out) == 1 && $(grep -c ': unstable$' fhn.out) == 1 && $(grep -c '^  I_ext 1.41871[0-9]* .. 2: stable$' fhn.out) == 1"

# The resting state of the reduced HH and of HH loses stability at a Hopf:
# just below it fixed says stable, just above unstable.
for model in hh_reduced hh; do
  "$NEURODE" continue "$SRCDIR/stdlib/$model.nd" I_ext 0 20 > $model.out 2>&1
  h=$(sed -n 's/^  Hopf at I_ext = \([^ ]*\) .*/\1/p' $model.out | head -1)
  below=$("$NEURODE" fixed "$SRCDIR/stdlib/$model.nd" --set I_ext=$(awk -v h="$h" 'BEGIN { printf "%.10g", h - 1e-4 }') | grep -c ': stable')
  above=$("$NEURODE" fixed "$SRCDIR/stdlib/$model.nd" --set I_ext=$(awk -v h="$h" 'BEGIN { printf "%.10g", h + 1e-4 }') | grep -c 'unstable')
  check "continue: $model's rest loses stability at a Hopf, I_ext = $h (fixed: stable 1e-4 below, unstable above)" \
    "\"$h\" != \"\" && $below == 1 && $above == 1"
done

# A fold: dx/dt = r + x^2 has x = -sqrt(-r), stable, meeting the unstable
# x = +sqrt(-r) at r = 0; the branch turns back there.
printf 'param r = -1\ndx/dt = r + x^2\n' > fold.nd
"$NEURODE" continue fold.nd r -1 1 > fold.out 2>&1
f=$(sed -n 's/^  fold at r = \([^ ]*\) .*/\1/p' fold.out)
check "continue: the saddle-node of r + x^2 is at r = 0 within 1e-10 ($f), stable before it, unstable after" \
  "\"$f\" != \"\" && $f <= 1e-10 && $f >= -1e-10 && $(grep -c ': unstable$' fold.out) == 1"
