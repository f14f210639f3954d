# McCulloch-Pitts units (stdlib/mcculloch_pitts.nd) and examples/logic_gates.nd
# (issue 8, acceptance 6): the truth tables exactly.
. "$SRCDIR/tests/lib.sh"

# One unit, four copies = the four rows of the table; out is y one step later.
gate() { # gate W1 W2 THETA: out[0..3] at t = 1
  "$NEURODE" run mcculloch_pitts --n 4 --set 'x1=mod(copy(), 2)' --set 'x2=floor(copy()/2)' \
    --set w1="$1" --set w2="$2" --set theta="$3" --t 1 --vars out | tail -1 | cut -d, -f2-
}
check "mcculloch_pitts: AND (1, 1, theta 2) is 0,0,0,1 ($(gate 1 1 2))" "\"$(gate 1 1 2)\" == \"0,0,0,1\""
check "mcculloch_pitts: OR (1, 1, theta 1) is 0,1,1,1 ($(gate 1 1 1))" "\"$(gate 1 1 1)\" == \"0,1,1,1\""
check "mcculloch_pitts: NOT x1 (-1, 0, theta 0) is 1,0,1,0 ($(gate -1 0 0))" "\"$(gate -1 0 0)\" == \"1,0,1,0\""
check "mcculloch_pitts: NAND (-1, -1, theta -1) is 1,1,1,0 ($(gate -1 -1 -1))" "\"$(gate -1 -1 -1)\" == \"1,1,1,0\""
check "mcculloch_pitts: x1 and not x2 (1, -1, theta 1) is 0,1,0,0 ($(gate 1 -1 1))" "\"$(gate 1 -1 1)\" == \"0,1,0,0\""

# The unit's decision y is the comparison itself, 0 or 1, at every step; the
# state out follows it one step later (from out = 0 at t = 0).
"$NEURODE" run mcculloch_pitts --set x1=1 --set x2=1 --t 3 --vars y,out > one.csv
check "mcculloch_pitts: y = 1 from the start, out from t = 1 ($(tr '\n' ' ' < one.csv))" \
  "\"$(tr '\n' ' ' < one.csv)\" == \"t,y,out 0,1,0 1,1,1 2,1,1 3,1,1 \""
# In --set, i and N still work as copy() and count().
"$NEURODE" run mcculloch_pitts --n 4 --set 'x1=mod(i, 2)' --set 'x2=floor(i/2)' --set theta=1 \
  --t 1 --vars out > iN.csv
check "mcculloch_pitts: --set with i works as with copy() ($(tail -1 iN.csv))" "\"$(tail -1 iN.csv)\" == \"1,0,1,1,1\""

# The example prints the four tables as CSV.
"$NEURODE" "$SRCDIR/examples/logic_gates.nd" > gates.out 2> gates.err
rc=$?
check "logic_gates: examples/logic_gates.nd runs without a word on stderr (exit $rc)" \
  "$rc == 0 && $(wc -c < gates.err) == 0" "$(head -3 gates.err)"
cat > gates.want << 'EOF'
t,x1[0],x1[1],x1[2],x1[3],x2[0],x2[1],x2[2],x2[3],out[0],out[1],out[2],out[3]
0,0,1,0,1,0,0,1,1,0,0,0,0
1,0,1,0,1,0,0,1,1,0,0,0,1
t,out[0],out[1],out[2],out[3]
0,0,0,0,0
1,0,1,1,1
t,out[0],out[1],out[2],out[3]
0,0,0,0,0
1,1,0,1,0
t,h1[0],h1[1],h1[2],h1[3],h2[0],h2[1],h2[2],h2[3],xor[0],xor[1],xor[2],xor[3]
0,0,0,0,0,0,0,0,0,0,0,0,0
1,0,1,0,0,0,0,1,0,0,0,0,0
2,0,1,0,0,0,0,1,0,0,1,1,0
EOF
if cmp -s gates.out gates.want; then
  ok "logic_gates: AND 0001, OR 0111, NOT x1 1010, and XOR 0110 after two layers"
else
  fail "logic_gates: AND 0001, OR 0111, NOT x1 1010, and XOR 0110 after two layers" \
    "$(diff gates.want gates.out | grep '^[<>]' | head -4 | tr '\n' '|')"
fi
