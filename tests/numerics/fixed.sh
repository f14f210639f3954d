# Equilibria and their stability (issue 10, acceptance 1 and 2): `neurode
# fixed` on the stdlib models, against computations done here.
. "$SRCDIR/tests/lib.sh"

# FitzHugh-Nagumo (a 0.7, b 0.8, delta 0.08, I 0.5): the equilibrium solves
# v - v^3/3 - (v + a)/b + I = 0 (one real root: the function decreases), and
# J = [[1 - v^2, -1], [delta, -delta b]] gives the eigenvalues
# tr/2 +- sqrt(tr^2/4 - det).  Bisection and the formula in awk.
"$NEURODE" fixed "$SRCDIR/stdlib/fhn.nd" > fhn.out 2>&1
read -r v w tr det <<EOV
$(awk 'BEGIN { a = 0.7; b = 0.8; d = 0.08; I = 0.5; lo = -3; hi = 3
  for (k = 0; k < 200; k++) { m = (lo + hi) / 2; g = m - m^3/3 - (m + a)/b + I; if (g > 0) lo = m; else hi = m }
  v = (lo + hi) / 2; w = (v + a) / b
  printf "%.17g %.17g %.17g %.17g\n", v, w, 1 - v*v - d*b, (1 - v*v)*(-d*b) + d }')
EOV
got=$(sed -n 's/^  v = \([^,]*\), w = \([^:]*\): \(.*\)$/\1 \2 \3/p' fhn.out)
check "fixed: fhn has one equilibrium, an unstable focus ($(head -2 fhn.out | tail -1))" \
  "$(grep -c 'equilibrium' fhn.out) == 1 && \"$(echo "$got" | cut -d' ' -f3-)\" == \"unstable focus\""
err=$(echo "$got" | awk -v v="$v" -v w="$w" '{ e1 = $1 - v; e2 = $2 - w; if (e1 < 0) e1 = -e1; if (e2 < 0) e2 = -e2
  printf "%.3g", (e1 > e2 ? e1 : e2) }')
check "fixed: fhn's equilibrium is the cubic's root (v = $v) within 1e-8 (error $err)" "$err <= 1e-8"
eig=$(sed -n 's/^   eigenvalues \([^ ]*\) +- \([^i]*\)i$/\1 \2/p' fhn.out)
err=$(echo "$eig" | awk -v tr="$tr" -v det="$det" '{ re = tr / 2; im = sqrt(det - tr * tr / 4)
  e1 = $1 - re; e2 = $2 - im; if (e1 < 0) e1 = -e1; if (e2 < 0) e2 = -e2; printf "%.3g", (e1 > e2 ? e1 : e2) }')
check "fixed: fhn's eigenvalues are tr/2 +- i sqrt(det - tr^2/4) of the hand Jacobian within 1e-8 (error $err)" "$err <= 1e-8"

# The reduced HH: at rest without input a stable equilibrium, at I_ext = 20
# an unstable one (it fires); HH at rest: four eigenvalues, all decaying.
"$NEURODE" fixed "$SRCDIR/stdlib/hh_reduced.nd" --set I_ext=0 > r0.out 2>&1
check "fixed: hh_reduced at I_ext = 0 has a stable equilibrium ($(sed -n 2p r0.out))" \
  "$(grep -c ': stable' r0.out) == 1 && $(grep -c ': unstable' r0.out) == 0"
"$NEURODE" fixed "$SRCDIR/stdlib/hh_reduced.nd" --set I_ext=20 > r20.out 2>&1
check "fixed: hh_reduced at I_ext = 20 has an unstable one ($(sed -n 2p r20.out))" \
  "$(grep -c ': unstable' r20.out) == 1 && $(grep -c ': stable' r20.out) == 0"
"$NEURODE" fixed "$SRCDIR/stdlib/hh.nd" --set I_ext=0 > hh.out 2>&1
neg=$(awk '/eigenvalues/ { sub(/^ *eigenvalues /, ""); n = split($0, e, ", ")
  for (k = 1; k <= n; k++) { split(e[k], p, " "); if (p[1] < 0) c += (index(e[k], "+-") ? 2 : 1) } print c + 0 }' hh.out)
check "fixed: hh at rest: one equilibrium near V = 0 whose four eigenvalues have negative real parts ($(sed -n 3p hh.out))" \
  "$neg == 4 && $(grep -c ': stable' hh.out) == 1"
