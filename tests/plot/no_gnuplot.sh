# Without gnuplot, plot says so once and clearly; run and save still work.
. "$SRCDIR/tests/lib.sh"
printf 'load fhn\nrun 50\nsave "a.csv"\nplot v\n' | PATH=/nonexistent "$NEURODE" > out.txt 2> err.txt
rc=$?
check "no gnuplot: plot fails with exit 1 (got $rc)" "$rc == 1"
want='neurode: error: gnuplot is not installed (Debian: apt-get install gnuplot-nox, or gnuplot-qt for plot windows)'
if [ "$(cat err.txt)" = "$want" ]; then ok "no gnuplot: one clear error naming the package"
else fail "no gnuplot: one clear error naming the package" "$(cat err.txt)"; fi
check "no gnuplot: run and save still worked ($(wc -l < a.csv) lines)" "$(wc -l < a.csv) == 5002"
