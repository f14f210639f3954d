# Ornstein-Uhlenbeck (stdlib/ou.nd) by Euler-Maruyama (issue 8, acceptance 4).
# A step is X <- a X + sigma sqrt(dt) Z with a = 1 - dt/tau, so the scheme's
# own stationary law is exactly known: mean 0, variance
#   v = sigma^2 dt/(1 - a^2)    (sigma^2 tau/2 in the limit dt -> 0)
# and correlation a^m at a lag of m steps, an autocorrelation time of
# -dt/ln(a) (tau in the limit).  With tau = 1, dt = 0.05 these differ from the
# continuous values by 2.6% (variance) and 2.5% (time), 5.3 and 3 standard
# errors of the estimates below: the test checks the scheme exactly, not the
# continuous process approximately.  10,000 copies from X = 0, sampled every
# time unit; after 10 tau (a^400 ~ 1e-9 of the start left) the samples 5
# apart (correlation a^100 = 0.006) are taken as independent: 90,000 values
# for the variance (SE = v sqrt(2/n), 0.47%), 80,000 pairs at lag 1 for the
# correlation (SE = (1 - rho^2)/sqrt(n)).  Each within 3 SE.
. "$SRCDIR/tests/lib.sh"
tau=1 sigma=0.5 dt=0.05
"$NEURODE" run ou --n 10000 --set tau=$tau --set sigma=$sigma --t 50 --dt $dt --method euler \
  --every 20 --seed 4 --vars X --out ou.csv 2> err.txt
rc=$?
check "ou: 10,000 copies over 50 tau run (exit $rc)" "$rc == 0" "$(head -2 err.txt)"
# Rows: 2 + j is t = j.
set -- $(awk -F, -v s="$sigma" -v dt="$dt" -v tau="$tau" '
  NR == 1 { next }
  { j = NR - 2 }
  j >= 10 && j % 5 == 0 { for (c = 2; c <= NF; c++) { x = $c; n++; s1 += x; s2 += x * x; prev[c] = x } have = (j < 50) }
  j >= 11 && j % 5 == 1 && have { for (c = 2; c <= NF; c++) { x = prev[c]; y = $c; np++; sxy += x * y; sxx += x * x; syy += y * y } }
  END {
    a = 1 - dt / tau; v = s * s * dt / (1 - a * a); rho = a ^ int(1 / dt + 0.5)
    vhat = s2 / n; mhat = s1 / n; r = sxy / sqrt(sxx * syy)
    se_v = v * sqrt(2 / n); se_m = sqrt(v / n); se_r = (1 - rho * rho) / sqrt(np)
    tc = -dt / log(a); tchat = -1 / log(r); se_t = se_r / (rho * log(rho) ^ 2)
    printf "%d %.6g %.6g %.6g %.6g %.6g %.6g %d %.6g %.6g %.6g %.6g %.6g %.6g\n",
      n, vhat, v, se_v, mhat, se_m, s * s * tau / 2, np, r, rho, se_r, tchat, tc, se_t }' ou.csv)
n=$1 vhat=$2 v=$3 se_v=$4 mhat=$5 se_m=$6 vcont=$7 np=$8 r=$9 rho=${10} se_r=${11} tchat=${12} tc=${13} se_t=${14}
check "ou: stationary variance $vhat within 3 SE ($se_v) of the scheme's $v (continuous $vcont; $n values)" \
  "$n == 90000 && ($vhat - $v)^2 <= 9 * $se_v^2"
check "ou: stationary mean $mhat within 3 SE ($se_m) of 0" "$mhat^2 <= 9 * $se_m^2"
check "ou: correlation at lag tau $r within 3 SE ($se_r) of a^20 = $rho ($np pairs)" \
  "$np == 80000 && ($r - $rho)^2 <= 9 * $se_r^2"
check "ou: autocorrelation time $tchat within 3 SE ($se_t) of -dt/ln(1 - dt/tau) = $tc" \
  "($tchat - $tc)^2 <= 9 * $se_t^2"

# Weak order 1.  From X0 = 10 the scheme's mean is exactly X0 a^n after n
# steps (the noise has mean 0), so E[X(1)] - X0 e^-1 is the weak error, about
# X0 e^-1 dt/2.  Each run's sample mean over 10,000 copies must be within 3 SE
# of X0 a^n (SE from the sample's spread: 0.0013 with sigma = 0.2), and the
# least-squares slope of log2 |mean - X0 e^-1| over dt = 0.2 ... 0.025 must be
# 1 +- 0.15 (its exact value is 1.03; the noise moves it by about 0.012;
# strong-order-0.5 or exact-in-the-mean schemes are far off).
for dt in 0.2 0.1 0.05 0.025; do
  "$NEURODE" run ou --n 10000 --set tau=1 --set sigma=0.2 --init X=10 --t 1 --dt $dt --method euler \
    --every 1000 --seed 5 --vars X | tail -1 |
    awk -F, -v dt=$dt '{ for (c = 2; c <= NF; c++) { n++; s += $c; ss += $c * $c } }
      END { m = s / n; sd = sqrt((ss - n * m * m) / (n - 1)); steps = int(1 / dt + 0.5)
            printf "%s %d %.17g %.17g %.17g\n", dt, n, m, sd / sqrt(n), 10 * (1 - dt) ^ steps }'
done > weak.txt
while read -r dt n m se want; do
  check "ou: dt = $dt: the mean of X(1), $m, within 3 SE ($se) of the scheme's X0 (1 - dt/tau)^n = $want" \
    "$n == 10000 && ($m - $want)^2 <= 9 * $se^2"
done < weak.txt
slope=$(awk '{ e = $3 - 10 * exp(-1); if (e < 0) e = -e; x = log($1) / log(2); y = log(e) / log(2)
               k++; sx += x; sy += y; sxx += x * x; sxy += x * y }
             END { printf "%.4f", (k == 4 ? (k * sxy - sx * sy) / (k * sxx - sx * sx) : 0) }' weak.txt)
within "ou: weak order of Euler-Maruyama (slope of the error of the mean, measured $slope)" "$slope" 1 0.15
