# Removable singularities: alpha_n is 0/0 at V = 10 and alpha_m at V = 25;
# starting exactly there must give the limits, not NaN.
. "$SRCDIR/tests/lib.sh"
"$NEURODE" run hh --init V=10 --t 20 > v10.csv; rc=$?
check "singular: HH from V = 10 runs cleanly" "$rc == 0"
n0=$(awk -F, 'NR == 2 { print $5 }' v10.csv)
# n_inf(10) = 0.1/(0.1 + 0.125 exp(-1/8))
within "singular: n starts at its limit value at V = 10" "$n0" "$(awk 'BEGIN { printf "%.17g", 0.1 / (0.1 + 0.125 * exp(-1 / 8)) }')" 1e-15
"$NEURODE" run hh --init V=25 --t 20 > v25.csv; rc=$?
check "singular: HH from V = 25 runs cleanly" "$rc == 0"
m0=$(awk -F, 'NR == 2 { print $3 }' v25.csv)
within "singular: m starts at its limit value at V = 25" "$m0" "$(awk 'BEGIN { printf "%.17g", 1 / (1 + 4 * exp(-25 / 18)) }')" 1e-15
nan=$(cat v10.csv v25.csv | grep -ci 'nan\|inf')
check "singular: no NaN or Inf in either run" "$nan == 0"
# A rate whose coefficients are parameters is rewritten too, and agrees
# with the formula away from the singular point.
cat > rate.nd <<'M'
param k = 0.1, Vh = -40, s = 10
a = k*(V - Vh)/(1 - exp(-(V - Vh)/s))
dV/dt = 0
M
at=$("$NEURODE" run rate.nd --init V=-40 --t 1 --dt 1 --vars a | tail -1 | cut -d, -f2)
within "singular: k(V - Vh)/(1 - exp(-(V - Vh)/s)) at V = Vh is k s" "$at" 1 1e-15
off=$("$NEURODE" run rate.nd --init V=-12.5 --t 1 --dt 1 --vars a | tail -1 | cut -d, -f2)
within "singular: and equals the formula at V = -12.5" "$off" "$(awk 'BEGIN { printf "%.17g", 0.1 * 27.5 / (1 - exp(-2.75)) }')" 1e-14
