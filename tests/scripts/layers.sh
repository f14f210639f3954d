# layers.sh: the layering rule of src/ holds (tools/layers.sh).
if out=$(sh "$SRCDIR/tools/layers.sh" "$SRCDIR" 2>&1); then
  echo "ok layers: every file includes only its own layer and those below"
else
  echo "not ok layers: $(echo "$out" | grep '^layers: .* includes' | tr '\n' ' ')"
fi
