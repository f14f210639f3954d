# Nothing a model or a script says can make gnuplot run a command: output
# names that gnuplot would open as a pipe are refused, and every string that
# reaches gnuplot (file names, titles, labels, legends) stays one string.
# Each attempt would create a file named ESCAPED* if it worked.
. "$SRCDIR/tests/lib.sh"
if ! command -v gnuplot > /dev/null 2>&1; then
  echo "skip escapes: gnuplot is not installed: the tests of strings sent to gnuplot did not run"
  exit 0
fi
# The ESCAPED* files there are (each case starts without any).
escaped() { ls | grep '^ESCAPED' | tr '\n' ' '; }

# refused NAME OUTPUT-ARGUMENT EXPECTED-MESSAGE: the script stops at the
# output command, with exit 2 and a located error.
refused() {
  rm -f ESCAPED*
  printf 'load fhn\nrun 1\noutput "%s"\nplot v\n' "$2" | "$NEURODE" > out.txt 2> err.txt
  rc=$?
  first=$(head -1 err.txt)
  if [ $rc -eq 2 ] && [ "$first" = "$3" ] && [ -z "$(escaped)" ]; then ok "escapes: $1"
  else fail "escapes: $1" "exit $rc, '$first', files: $(escaped)"; fi
}
refused "a name starting with '|' is refused, not run" '|touch ESCAPED1 #.png' \
  "<stdin>:3:8: error: refusing output '|touch ESCAPED1 #.png': gnuplot would run a name starting with '|' as a command"
refused "a name starting with blanks and '|' is refused" '  |touch ESCAPED1b #.svg' \
  "<stdin>:3:8: error: refusing output '  |touch ESCAPED1b #.svg': gnuplot would run a name starting with '|' as a command"
refused "a name starting with '<' is refused" '<touch ESCAPED1c #.pdf' \
  "<stdin>:3:8: error: refusing output '<touch ESCAPED1c #.pdf': gnuplot would run a name starting with '<' as a command"
refused "a '|' name without a plot extension is refused as well" '|touch ESCAPED1d' \
  "<stdin>:3:8: error: refusing output '|touch ESCAPED1d': gnuplot would run a name starting with '|' as a command"
refused "a carriage return in an output name is refused" "$(printf 'a\rb.png')" \
  "<stdin>:3:8: error: an output file name cannot contain a carriage return"
refused "a tab in an output name is refused" "$(printf 'a\tb.svg')" \
  "<stdin>:3:8: error: an output file name cannot contain a tab"
refused "an escape character in an output name is refused" "$(printf 'a\033[2Jb.svg')" \
  "<stdin>:3:8: error: an output file name cannot contain the control character 0x1b"

# Names that are odd but harmless are written literally.
for name in 'x`touch ESCAPED2`.svg' "it's.svg" "system('touch ESCAPED3').svg" \
            "a'.'b'.svg" '@x.svg' '~x.svg'; do
  rm -f ./"$name" ESCAPED*
  printf 'load fhn\nrun 1\noutput "%s"\nplot v\n' "$name" | "$NEURODE" > out.txt 2> err.txt
  rc=$?
  if [ $rc -eq 0 ] && [ -f "./$name" ] && grep -q '<svg' "./$name" && [ -z "$(escaped)" ]; then
    ok "escapes: output \"$name\" writes that very file"
  else fail "escapes: output \"$name\" writes that very file" "exit $rc, $(head -1 err.txt), files: $(escaped)"; fi
done

# Labels, titles and legends from a model, with everything gnuplot might
# expand: backquotes, system(), a macro, quotes, a carriage return.
cat > m.nd <<'MODEL'
param a = 1
dv/dt = -a*v + 0*w
dw/dt = v - w
init v = 1, w = 0
label t = "t `touch ESCAPED5` ms", v = "v system('touch ESCAPED6') @v 'q'"
MODEL
printf 'label w = "w\r!touch ESCAPED7\r"\n' >> m.nd
cat >> m.nd <<'MODEL'
run 5
output "labels.svg"
plot v, w
plot v | w
phase v w
set copies = 3
run 5
heatmap v
raster w 0.1
MODEL
rm -f ESCAPED*
"$NEURODE" m.nd > out.txt 2> err.txt
rc=$?
if [ $rc -eq 0 ] && [ -z "$(escaped)" ]; then ok "escapes: labels with backquotes, system(), a macro, quotes and CR stay text"
else fail "escapes: labels with backquotes, system(), a macro, quotes and CR stay text" "exit $rc, $(head -1 err.txt), files: $(escaped)"; fi
printf 'load "m.nd"\nrun 5\noutput "label.svg"\nplot v\n' | "$NEURODE" 2> err.txt
check "escapes: a label keeps its quotes and backquotes, verbatim, in the SVG" \
  "$(grep -c "v system(&#39;touch ESCAPED6&#39;) @v &#39;q&#39;\|v system('touch ESCAPED6') @v 'q'" label.svg) >= 1" "$(grep -c ESCAPED label.svg)"
printf 'load "m.nd"\nrun 5\noutput "cr.svg"\nplot w\n' | "$NEURODE" 2> err.txt
check "escapes: a carriage return in a label becomes a space" \
  "$(grep -c 'w !touch ESCAPED7 ' cr.svg) >= 1 && $(LC_ALL=C grep -c "$(printf '\r')" cr.svg) == 0"

# A file name in a plot's title: the model's (a newline in it would end
# gnuplot's command and run the next line as a shell escape), a spike
# list's and a matrix's.
nl=$(printf 'm\n!touch ESCAPED8\n.nd')
cp m.nd "$nl"
rm -f ESCAPED*
printf 'run 1\noutput "nl.svg"\nplot v\n' | "$NEURODE" -i "$nl" > out.txt 2> err.txt
rc=$?
if [ $rc -eq 0 ] && [ -z "$(escaped)" ] && grep -q 'm !touch ESCAPED8 .nd' nl.svg; then
  ok "escapes: a newline in the model's file name becomes a space in the title"
else fail "escapes: a newline in the model's file name becomes a space in the title" "exit $rc, $(head -1 err.txt), files: $(escaped)"; fi
rm -f ESCAPED*
printf '1,0\n2,1\n' > "sp\`touch ESCAPED9\`'.csv"
printf '1,2\n3,4\n' > "w system('touch ESCAPED10').csv"
printf 'output "files.svg"\nraster "sp`touch ESCAPED9`'"'"'.csv"\nheatmap "w system('"'"'touch ESCAPED10'"'"').csv"\n' |
  "$NEURODE" > out.txt 2> err.txt
rc=$?
if [ $rc -eq 0 ] && [ -z "$(escaped)" ] && grep -q "touch ESCAPED10" files.svg; then
  ok "escapes: spike-list and matrix file names are titles, not commands"
else fail "escapes: spike-list and matrix file names are titles, not commands" "exit $rc, $(head -1 err.txt), files: $(escaped)"; fi
