# The models of issue 8 in stdlib/: each checks clean, says what it is, and
# starts with its header comment (equations, source, units, how to run).
. "$SRCDIR/tests/lib.sh"
for m in "lif:continuous, events" "mcculloch_pitts:discrete" "perceptron:discrete" \
         "galves_locherbach:discrete, events, stochastic" "ou:continuous, stochastic"; do
  name=${m%%:*} kind=${m#*:}
  "$NEURODE" check "$name" > check.txt 2> check.err
  rc=$?
  check "stdlib/$name.nd: checks clean (exit $rc)" "$rc == 0 && $(wc -c < check.err) == 0" "$(head -3 check.err)"
  got=$(sed -n 's/^  kind  *//p' check.txt)
  check "stdlib/$name.nd: its kind is '$kind' ($got)" "\"$got\" == \"$kind\""
  header=$(awk '/^#/ { n++; next } { exit } END { print n + 0 }' "$SRCDIR/stdlib/$name.nd")
  check "stdlib/$name.nd: a header comment of $header lines" "$header >= 10"
done

# The examples check clean too (their commands without running them).
for ex in logic_gates perceptron_iris gl_raster; do
  "$NEURODE" check "$SRCDIR/examples/$ex.nd" > /dev/null 2> check.err
  rc=$?
  check "examples/$ex.nd: checks clean (exit $rc)" "$rc == 0 && $(wc -c < check.err) == 0" "$(head -3 check.err)"
done

# examples/gl_raster.nd: the raster of 100 neurons and the population rate.
if command -v gnuplot > /dev/null 2>&1; then
  "$NEURODE" "$SRCDIR/examples/gl_raster.nd" > gl.out 2> gl.err
  rc=$?
  check "gl_raster: the example runs without an error (exit $rc)" \
    "$rc == 0 && $(grep -cv '^neurode: note:' gl.err) == 0" "$(head -3 gl.err)"
  png_ok "gl_raster: writes a real raster of 100 neurons, gl_raster.png" gl_raster.png 18000
  png_ok "gl_raster: and the population rate, gl_rate.png" gl_rate.png 18000
else
  echo "skip gl_raster: gnuplot is not installed: the example's plots were not checked"
fi
