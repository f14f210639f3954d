# Rosenblatt's perceptron (stdlib/perceptron.nd) on Fisher's Iris, setosa
# against versicolor (issue 8, acceptance 6): it reaches 0 errors and stays
# there, and it makes exactly the mistakes of the rule computed here in awk
# from the same table (the weighted sums stay at least 0.009 from the
# threshold, apart from an exact 0 at the first sample, so the order of
# the floating-point operations cannot change a decision).
. "$SRCDIR/tests/lib.sh"
data=$SRCDIR/stdlib/iris_setosa_versicolor.csv
rows=$(awk -F, 'NR > 1 && NF == 5' "$data" | wc -l)
check "perceptron: the table has 100 flowers of 5 columns, 50 of each species" \
  "$rows == 100 && $(awk -F, 'NR > 1 && $5 == 1' "$data" | wc -l) == 50"

# The rule in awk: errors per epoch (1-based) for E epochs, and the weights at the end.
awk -F, -v E=100 'NR > 1 { n++; x1[n] = $1; x2[n] = $3; tg[n] = $5 }
  END { w1 = w2 = b = 0
        for (e = 1; e <= E; e++) { err = 0
          for (k = 1; k <= n; k++) { y = (w1 * x1[k] + w2 * x2[k] + b >= 0); d = tg[k] - y
            if (d != 0) err++; w1 += 0.1 * d * x1[k]; w2 += 0.1 * d * x2[k]; b += 0.1 * d }
          print e, err }
        printf "weights %.17g %.17g %.17g\n", w1, w2, b }' "$data" > want.txt

"$NEURODE" run perceptron --t 10000 --every 100 --vars errors,w1,w2,b > run.csv 2> err.txt
rc=$?
check "perceptron: 100 epochs run (exit $rc)" "$rc == 0 && $(wc -l < run.csv) == 102" "$(head -2 err.txt)"
# Row t = 100 e holds epoch e's errors.
awk -F, 'NR > 2 { print NR - 2, $2 }' run.csv > got.txt
grep -v weights want.txt > want_err.txt
if cmp -s got.txt want_err.txt; then
  ok "perceptron: errors per epoch are the rule's: $(head -8 got.txt | cut -d' ' -f2 | tr '\n' ' ')..."
else
  fail "perceptron: errors per epoch are the rule's" "$(paste -d' ' got.txt want_err.txt | awk '$2 != $4' | head -3 | tr '\n' '|')"
fi
first0=$(awk '$2 == 0 { print $1; exit }' got.txt)
after=$(awk -v f="${first0:-0}" '$1 >= f && $2 != 0' got.txt | wc -l)
check "perceptron: 0 errors from epoch ${first0:-never} on, through epoch 100 ($after later epochs with errors)" \
  "\"$first0\" != \"\" && ${first0:-999} <= 10 && $after == 0"
set -- $(grep weights want.txt)
w=$(tail -1 run.csv)
bad=$(echo "$w" | awk -F, -v a="$2" -v b="$3" -v c="$4" '{ d1 = $3 - a; d2 = $4 - b; d3 = $5 - c
  if (d1 * d1 + d2 * d2 + d3 * d3 > 1e-24) print "got " $3 "," $4 "," $5 }')
check "perceptron: the weights learned are the rule's ($w)" "\"$bad\" == \"\"" "$bad, want $2,$3,$4"

# The decision boundary separates the two species: every flower classified right.
miss=$(echo "$w" | awk -F, -v f="$data" '{ w1 = $3; w2 = $4; b = $5
  while ((getline line < f) > 0) { if (++n == 1) continue; split(line, x, ",")
    if ((w1 * x[1] + w2 * x[3] + b >= 0) != x[5]) m++ } print m + 0 }')
check "perceptron: the boundary learned classifies all 100 flowers right ($miss wrong)" "$miss == 0"

# The example prints the errors per epoch.
"$NEURODE" "$SRCDIR/examples/perceptron_iris.nd" > ex.out 2> ex.err
rc=$?
if command -v gnuplot > /dev/null 2>&1; then
  check "perceptron_iris: the example runs without a word on stderr (exit $rc)" \
    "$rc == 0 && $(wc -c < ex.err) == 0" "$(head -3 ex.err)"
  png_ok "perceptron_iris: writes a real perceptron_iris.png" perceptron_iris.png 18000
else
  echo "skip perceptron_iris: gnuplot is not installed: the example's plot was not checked"
fi
errs=$(awk -F, 'NR > 2 { printf "%s ", $2 }' ex.out)
check "perceptron_iris: prints the errors of 20 epochs, ending at 0 ($errs)" \
  "\"$errs\" != \"\" && \"$errs\" == \"$(head -20 got.txt | cut -d' ' -f2 | tr '\n' ' ')\""
