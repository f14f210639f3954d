# `figure`: a fixed title, axis ranges, log axes and the size, for every
# kind of plot; and its errors, with their exact messages.
. "$SRCDIR/tests/lib.sh"
if ! command -v gnuplot > /dev/null 2>&1; then
  echo "skip figure: gnuplot is not installed: the tests of figure settings did not run"
  exit 0
fi
# The tic labels of an SVG, one per line, without padding.
tics() { sed -n 's/^[[:space:]]*<text> *\(-\{0,1\}[0-9][0-9.e+-]*\)<\/text>$/\1/p' "$1" | tr '\n' ' '; }
svg_size() { grep -A1 '^<svg' "$1" | sed -n 's/^ *width="\([0-9]*\)" height="\([0-9]*\)".*/\1x\2/p'; }

printf 'figure\n' | "$NEURODE" > show.txt
want='  title  = auto (the model and what was set, or the file)
  xrange = auto
  yrange = auto
  log    = off
  size   = 960 640 (default: PNG, SVG; a PDF is 6 x 4 in)'
if [ "$(cat show.txt)" = "$want" ]; then ok "figure: alone, it shows the defaults"
else fail "figure: alone, it shows the defaults" "$(tr '\n' '|' < show.txt)"; fi

# Every setting, then every kind of plot with them.
printf 'load fhn\nrun 100\nfigure title "Fig. 2: the fast variable"\nfigure xrange 10 60\nfigure yrange -3 3
figure size 500 300\nfigure\noutput "series.svg"\nplot v, w\noutput "panels.svg"\nplot v | w
output "phase.svg"\nfigure xrange -2.5 2.5\nphase v w\nset copies = 4\nset I_ext = 0.3 + 0.1*i\nrun 100
figure xrange 10 60\nfigure yrange 0 3\noutput "raster.svg"\nraster v 0\noutput "heat.svg"\nheatmap v\n' |
  "$NEURODE" > out.txt 2> err.txt
rc=$?
check "figure: every kind of plot with every setting" "$rc == 0 && $(wc -c < err.txt) == 0" \
  "exit $rc: $(head -1 err.txt)"
want='  title  = "Fig. 2: the fast variable"
  xrange = 10 60
  yrange = -3 3
  log    = off
  size   = 500 300 (PNG, SVG; a PDF is 5 x 3 in)'
if [ "$(cat out.txt)" = "$want" ]; then ok "figure: alone, it shows what was set"
else fail "figure: alone, it shows what was set" "$(tr '\n' '|' < out.txt)"; fi
for k in series panels phase raster heat; do
  f=$k.svg
  if [ "$(svg_size $f)" = 500x300 ] && grep -q '>Fig. 2: the fast variable<' $f; then
    ok "figure: $k plot is 500 x 300 with the fixed title"
  else fail "figure: $k plot is 500 x 300 with the fixed title" "$(svg_size $f), $(grep -c 'Fig. 2' $f) titles"; fi
done
check "figure: the x range 10 60 sets the tics of a time series ($(tics series.svg))" \
  "\"$(tics series.svg)\" == \"-3 -2 -1 0 1 2 3 10 20 30 40 50 60 \""
check "figure: the ranges apply to every panel ($(tics panels.svg))" \
  "\"$(tics panels.svg)\" == \"-3 -2 -1 0 1 2 3 -3 -2 -1 0 1 2 3 10 20 30 40 50 60 \""
check "figure: and to a phase plane ($(tics phase.svg))" \
  "\"$(tics phase.svg)\" == \"-3 -2 -1 0 1 2 3 -2 -1 0 1 2 \""
check "figure: and to a raster, over its own y range ($(tics raster.svg))" \
  "\"$(tics raster.svg)\" == \"0 0.5 1 1.5 2 2.5 3 10 20 30 40 50 60 \""
check "figure: and to a heatmap, over its tight axes ($(tics heat.svg | cut -c1-40)...)" \
  "\"$(tics heat.svg | cut -d' ' -f1-13)\" == \"0 0.5 1 1.5 2 2.5 3 10 20 30 40 50 60\""

# Log axes: the tics of a gate on 0.001 .. 1 are powers of ten.
printf 'load hh\nrun 20\nfigure log y\nfigure yrange 0.001 1\noutput "log.svg"\nplot n\nfigure log xy\nfigure xrange 0.1 20\noutput "loglog.svg"\nplot n\nfigure log off\nfigure yrange auto\nfigure xrange auto\noutput "lin.svg"\nplot n\n' |
  "$NEURODE" > out.txt 2> err.txt
check "figure: log y ($(tics log.svg))" "\"$(tics log.svg)\" == \"0.001 0.01 0.1 1 0 5 10 15 20 \"" "$(head -1 err.txt)"
check "figure: log xy ($(tics loglog.svg))" "\"$(tics loglog.svg)\" == \"0.001 0.01 0.1 1 0.1 1 10 \"" "$(head -1 err.txt)"
check "figure: log off and auto ranges undo them ($(tics lin.svg))" \
  "\"$(tics lin.svg)\" == \"0.3 0.35 0.4 0.45 0.5 0.55 0.6 0.65 0.7 0.75 0.8 0 5 10 15 20 \""

# Sizes: PNG in pixels, PDF in hundredths of an inch; reset goes back.
printf 'load fhn\nrun 10\nfigure size 640 480\noutput "s.png"\nplot v\nfigure size 350 250\noutput "s.pdf"\nplot v
figure title "gone"\nfigure reset\noutput "d.pdf"\nplot v\noutput "d.png"\nplot v\noutput "d.svg"\nplot v\n' |
  "$NEURODE" > out.txt 2> err.txt
set -- $(od -An -tu1 -j16 -N8 s.png 2> /dev/null) 0 0 0 0 0 0 0 0
check "figure: a PNG of 640 x 480 ($(( $3 * 256 + $4 )) x $(( $7 * 256 + $8 )))" \
  "$(( $3 * 256 + $4 )) == 640 && $(( $7 * 256 + $8 )) == 480"
box() { LC_ALL=C grep -a -o 'MediaBox \[[^]]*\]' "$1" | head -1; }
check "figure: a PDF of 3.5 x 2.5 in ($(box s.pdf))" "\"$(box s.pdf)\" == \"MediaBox [ 0 0 252 180 ]\""
check "figure: reset: a PDF of 6 x 4 in again ($(box d.pdf))" "\"$(box d.pdf)\" == \"MediaBox [ 0 0 432 288 ]\""
png_ok "figure: reset: a PNG of 960 x 640 again" d.png 20000
check "figure: reset: the automatic title again" "$(grep -c '>fhn.nd<' d.svg) == 1 && $(grep -c gone d.svg) == 0"
printf 'load fhn\nrun 10\nfigure title "x"\nfigure title auto\noutput "auto.svg"\nplot v\nfigure title "auto"\noutput "word.svg"\nplot v\n' | "$NEURODE" > /dev/null 2>&1
check "figure: title auto is the automatic title, \"auto\" is the word" \
  "$(grep -c '>fhn.nd<' auto.svg 2> /dev/null) == 1 && $(grep -c '>auto<' word.svg 2> /dev/null) == 1"

# Errors: located at the values, with the usage of the setting.
err_is() { # err_is NAME LINES EXPECTED-FIRST-LINE
  printf '%b' "$2" | "$NEURODE" > out.txt 2> err.txt
  rc=$?
  if [ $rc -eq 2 ] && [ "$(head -1 err.txt)" = "$3" ]; then ok "figure: $1"
  else fail "figure: $1" "exit $rc: $(head -1 err.txt)"; fi
}
err_is "LO < HI" 'figure xrange 5 1\n' \
  "<stdin>:1:15: error: the x range needs LO < HI (got 5 1); usage: figure xrange LO HI | figure xrange auto"
err_is "finite numbers" 'figure yrange 0 inf\n' \
  "<stdin>:1:15: error: the y range needs finite numbers; usage: figure yrange LO HI | figure yrange auto"
err_is "numbers" 'figure xrange a 1\n' \
  "<stdin>:1:15: error: expected a number, not 'a'; usage: figure xrange LO HI | figure xrange auto"
err_is "sizes from 100" 'figure size 50 50\n' \
  "<stdin>:1:13: error: the size is W H in pixels, whole numbers from 100 to 10000 (got 50 50); usage: figure size W H"
err_is "sizes to 10000, whole" 'figure size 500.5 20000\n' \
  "<stdin>:1:13: error: the size is W H in pixels, whole numbers from 100 to 10000 (got 500.5 20000); usage: figure size W H"
err_is "a size needs both numbers" 'figure size 500\n' "<stdin>:1:16: error: usage: figure size W H"
err_is "log axes" 'figure log z\n' \
  "<stdin>:1:12: error: log takes x, y, xy or off, not 'z'; usage: figure log x | log y | log xy | log off"
err_is "log with a range through 0" 'figure xrange -1 1\nfigure log x\n' \
  "<stdin>:2:12: error: a log x axis needs its range above 0 (it is -1 1): change the range first, e.g. 'figure xrange auto'; usage: figure log x | log y | log xy | log off"
err_is "a range through 0 on a log axis" 'figure log y\nfigure yrange -1 1\n' \
  "<stdin>:2:15: error: the y axis is logarithmic: its range must be above 0 (got -1 1); usage: figure yrange LO HI | figure yrange auto"
err_is "unknown settings" 'figure colour red\n' \
  "<stdin>:1:8: error: no figure setting 'colour': title, xrange, yrange, log, size or reset"
err_is "one title" 'figure title a b\n' "<stdin>:1:16: error: usage: figure title \"TEXT\" | figure title auto"
err_is "reset takes nothing" 'figure reset now\n' "<stdin>:1:14: error: usage: figure reset"
