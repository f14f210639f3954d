# The squid giant axon (examples/hh_axon.nd, issue 9 acceptance 3): the
# example runs as a newcomer runs it, prints the conduction velocity and
# draws the kymograph; the velocity converges at second order in dt, to
# NEURON's converged value on the same axon (tests/data/neuron_hh_axon.txt,
# 18.7374 m/s, Richardson-extrapolated there from nseg 7999, dt 0.000625).
. "$SRCDIR/tests/lib.sh"
axon=$SRCDIR/examples/hh_axon.nd

"$NEURODE" "$axon" > run.out 2> run.err
v=$(sed -n 's/^velocity \([0-9.]*\) mm\/ms = m\/s$/\1/p' run.out)
check "hh_axon: the example prints a velocity in m/s, nothing on stderr ($v; $(head -c 200 run.err))" \
  "\"$v\" != \"\" && $(wc -c < run.err) == 0"
png_ok "hh_axon: the kymograph hh_axon.png" hh_axon.png 20000

velocity_at() { # velocity_at DT
  printf 'load %s\nset dt = %s\nrun 4\nvelocity V 50 10 40\n' "$axon" "$1" | "$NEURODE" 2>&1 |
    sed -n 's/^velocity \([0-9.]*\).*/\1/p'
}
v1=$(velocity_at 0.02); v2=$(velocity_at 0.01); v3=$(velocity_at 0.005); v4=$(velocity_at 0.0025)
ratio=$(awk -v a="$v1" -v b="$v2" -v c="$v3" -v d="$v4" 'BEGIN { printf "%.3f", log(((c - b) / (d - c))) / log(2) }')
within "hh_axon: the velocity converges at second order in dt ($v1, $v2, $v3, $v4 m/s at dt 0.02 .. 0.0025; order $ratio)" "$ratio" 2 0.3
ref=$(sed -n 's/^#   velocity = \([0-9.]*\) m\/s.*/\1/p' "$SRCDIR/tests/data/neuron_hh_axon.txt")
extra=$(awk -v c="$v3" -v d="$v4" 'BEGIN { printf "%.5f", d + (d - c) / 3 }')
within "hh_axon: extrapolated to dt = 0 it is NEURON's converged velocity within 0.05% ($extra vs $ref m/s)" \
  "$extra" "$ref" "$(awk -v r="$ref" 'BEGIN { print 0.0005 * r }')"
