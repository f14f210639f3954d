# The passive cable (stdlib/cable.nd) against its analytic solutions, and
# the orders of the implicit methods (issue 9, acceptance 1 and 2).  The
# expected values are computed here from the formulas, not stored.
. "$SRCDIR/tests/lib.sh"
cable=$SRCDIR/stdlib/cable.nd
# cable.nd's defaults: lambda 1 mm, tau_m 10 ms, L 5 mm, r_a 79.577, I0 0.01 nA.
A=0.79577   # I0 r_a lambda, mV

# max_err FILE FORMULA DX L [XMAX]: the largest |V[k] - formula(x)| on the
# last row, over the points k of the header with x = k*dx <= XMAX (awk has
# x, A, L, lam in scope).
max_err() {
  awk -F, -v dx="$3" -v A="$A" -v L="$4" -v xmax="${5:-1e9}" -v lam=1 "
    function cosh(u) { return (exp(u) + exp(-u)) / 2 }
    function sinh(u) { return (exp(u) - exp(-u)) / 2 }
    NR == 1 { for (j = 2; j <= NF; j++) { k[j] = substr(\$j, 3) + 0 } next }
    { last = \$0 }
    END { n = split(last, v, \",\"); worst = 0
          for (j = 2; j <= n; j++) { x = k[j] * dx; if (x > xmax) continue; e = v[j] - ($2); if (e < 0) e = -e; if (e > worst) worst = e }
          printf \"%.3g\", worst }" "$1"
}

# 1. Steady states (40 tau_m: the transient is below 1e-17), n = 1001, dt = 0.01.
"$NEURODE" run "$cable" --t 400 --every 40000 > sealed.csv
e=$(max_err sealed.csv "A*cosh((L - x)/lam)/sinh(L/lam)" 0.005 5)
check "cable: sealed far end, steady state within 1e-4 mV at all 1001 points (max error $e mV)" "$e <= 1e-4"

killed_model() { # the cable with its far end held at a value
  sed "s|^boundary x = L: dV/dx = 0.*|boundary x = L: V = $1|" "$cable" > "$2"
}
killed_model 0 killed.nd
"$NEURODE" run killed.nd --t 400 --every 40000 > killed.csv
e=$(max_err killed.csv "A*sinh((L - x)/lam)/cosh(L/lam)" 0.005 5)
check "cable: killed far end (V = 0), steady state within 1e-4 mV (max error $e mV)" "$e <= 1e-4"

# Clamped at Vc = 0.5 mV: V = Vc cosh((L-x)/lam) + b sinh((L-x)/lam),
# b = (A - Vc sinh(L/lam))/cosh(L/lam).
killed_model 0.5 clamped.nd
"$NEURODE" run clamped.nd --t 400 --every 40000 > clamped.csv
e=$(max_err clamped.csv "0.5*cosh((L - x)/lam) + (A - 0.5*sinh(L/lam))/cosh(L/lam)*sinh((L - x)/lam)" 0.005 5)
check "cable: clamped far end (V = 0.5), steady state within 1e-4 mV (max error $e mV)" "$e <= 1e-4"

# A cable 8 lambda long is semi-infinite to 1e-5 of its values for x <= 4
# lambda (the far end's reflection is exp(-(16 - x))): the steady
# state A exp(-x/lam), and the response to the current switched on at t = 0,
#   V = A/2 [exp(-X) erfc(X/(2 sqrt(T)) - sqrt(T)) - exp(X) erfc(X/(2 sqrt(T)) + sqrt(T))],
# X = x/lambda, T = t/tau_m (erfc: W. J. Cody's rational approximations are
# not in awk; Numerical Recipes' erfcc, relative error < 1.2e-7, is enough here).
"$NEURODE" run "$cable" --set L=8 --t 400 --every 40000 > semi_steady.csv
e=$(max_err semi_steady.csv "A*exp(-x/lam)" 0.008 8 4)
check "cable: semi-infinite, steady state A exp(-x/lambda) within 1e-4 mV for x <= 4 lambda (max error $e mV)" "$e <= 1e-4"
"$NEURODE" run "$cable" --set L=8 --t 50 --every 100 --vars 'V[0],V[62],V[125],V[250],V[500]' > semi.csv
e=$(awk -F, -v A="$A" '
  function erfc(z,   t, zz, p) { zz = z < 0 ? -z : z; t = 1 / (1 + 0.5 * zz)
    p = -0.82215223 + t * 0.17087277; p = 1.48851587 + t * p; p = -1.13520398 + t * p
    p = 0.27886807 + t * p; p = -0.18628806 + t * p; p = 0.09678418 + t * p
    p = 0.37409196 + t * p; p = 1.00002368 + t * p; p = t * exp(-zz * zz - 1.26551223 + t * p)
    return z >= 0 ? p : 2 - p }
  NR == 1 { for (j = 2; j <= NF; j++) x[j] = substr($j, 3) * 0.008; next }
  $1 > 0 { T = $1 / 10; s = sqrt(T)
    for (j = 2; j <= NF; j++) { X = x[j]
      v = A / 2 * (exp(-X) * erfc(X / (2 * s) - s) - exp(X) * erfc(X / (2 * s) + s))
      d = $j - v; if (d < 0) d = -d; if (d > worst) worst = d } }
  END { printf "%.3g", worst }' semi.csv)
check "cable: semi-infinite, the erfc time course at t = 1..50 ms and x = 0..4 mm within 1e-4 mV (max error $e mV)" "$e <= 1e-4"

# 2. Orders.  A cosine mode of the sealed cable, no current: V = cos(pi x/L)
# decays at rate (1 + (pi lam/L)^2)/tau_m -- and on the grid, exactly at
# (1 + lam^2 (2 - 2 cos(pi dx/L))/dx^2)/tau_m (the mode is an eigenvector
# of the discrete operator with its mirrored ends), so the error in time is
# measured against the grid's own exact solution, the error in space
# against the PDE's with a step too small to matter.
sed -e 's|^param I0 = .*|param I0 = 0|' -e 's|^dV/dt|init V = cos(pi*x/L)\ndV/dt|' "$cable" > mode.nd
slope() { # least-squares slope of log(error) against log(step), from "step error" lines
  awk '{ x = log($1); y = log($2); sx += x; sy += y; sxx += x * x; sxy += x * y; n++ }
       END { printf "%.3f", (n * sxy - sx * sy) / (n * sxx - sx * sx) }'
}
time_errors() { # time_errors METHOD: V[0] at t = 10 for dt = 0.4 .. 0.05, n = 101
  for dt in 0.4 0.2 0.1 0.05; do
    "$NEURODE" run mode.nd --set n=101 --t 10 --dt $dt --method "$1" --vars 'V[0]' --every 100000 |
      tail -1 | awk -F, -v dt=$dt 'BEGIN { pi = atan2(0, -1); dx = 0.05 }
        { rate = (1 + (2 - 2 * cos(pi * dx / 5)) / dx^2) / 10; e = $2 - exp(-rate * 10)
          if (e < 0) e = -e; print dt, e }'
  done
}
time_errors cn > cn_dt.txt
p=$(slope < cn_dt.txt)
within "cable: Crank-Nicolson error is second order in dt (slope $p; errors $(awk '{ printf "%.2g ", $2 }' cn_dt.txt))" "$p" 2 0.2
time_errors be > be_dt.txt
p=$(slope < be_dt.txt)
within "cable: backward Euler error is first order in dt (slope $p)" "$p" 1 0.2
for n in 11 21 41 81; do
  "$NEURODE" run mode.nd --set n=$n --t 10 --dt 0.001 --vars 'V[0]' --every 100000 |
    tail -1 | awk -F, -v n=$n 'BEGIN { pi = atan2(0, -1) }
      { e = $2 - exp(-(1 + (pi / 5)^2)); if (e < 0) e = -e; print 5 / (n - 1), e }'
done > cn_dx.txt
p=$(slope < cn_dx.txt)
within "cable: Crank-Nicolson error is second order in dx (slope $p)" "$p" 2 0.2
# The injected end's ghost point keeps second order: the steady state at x = 0.
for n in 51 101 201 401; do
  "$NEURODE" run "$cable" --set n=$n --t 400 --dt 0.1 --vars 'V[0]' --every 100000 |
    tail -1 | awk -F, -v n=$n -v A="$A" '{ e = $2 - A * (exp(5) + exp(-5)) / (exp(5) - exp(-5))
      if (e < 0) e = -e; print 5 / (n - 1), e }'
done > end_dx.txt
p=$(slope < end_dx.txt)
within "cable: the injected end is second order in dx too (slope $p)" "$p" 2 0.2

# 3. The same machinery beyond the cable.  A point source dirac(x - x0) in
# an unbounded cable (lambda = 1, 20 long: the ends are e^-10 away) has the
# steady state exp(-|x - x0|)/2, with x0 on a grid point or between two.
cat > point.nd <<'EOM'
param x0 = 10
domain x = [0, 20] with 801 points
dV/dt = d2V/dx2 - V + dirac(x - x0)
option dt = 0.05
EOM
for x0 in 10 10.01; do
  e=$("$NEURODE" run point.nd --set x0=$x0 --t 40 --every 100000 --vars 'V[360],V[400],V[401],V[440]' |
      tail -1 | awk -F, -v x0=$x0 '{ split("360 400 401 440", k, " ")
        for (j = 2; j <= 5; j++) { d = k[j - 1] * 0.025 - x0; if (d < 0) d = -d
          e = $j - 0.5 * exp(-d); if (e < 0) e = -e; if (e > m) m = e } printf "%.3g", m }')
  check "cable: a point source at x0 = $x0 gives exp(-|x - x0|)/2 within 1e-4 (max error $e)" "$e <= 1e-4"
done
# A bistable front (the Nagumo equation V_t = V_xx + V(1 - V)(V - a)) travels
# at exactly sqrt(1/2)(1 - 2a); 'velocity' measures it between x = 30 and 70.
cat > front.nd <<'EOM'
param a = 0.25
domain x = [0, 100] with 1001 points
dV/dt = d2V/dx2 + V*(1 - V)*(V - a)
init V = if x < 10 then 1 else 0
option dt = 0.05
run 180
velocity V 0.5 30 70
EOM
c=$("$NEURODE" front.nd | sed -n 's/^velocity //p')
within "cable: a bistable front travels at its exact speed sqrt(1/2)(1 - 2a) within 0.1% ($c)" "$c" 0.3535534 0.00035
