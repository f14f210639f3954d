# names.sh: messages that depend on where this tree is (so not in a case
# file): a mistyped model name lists the directories really searched.
. "$SRCDIR/tests/lib.sh"

$NEURODE run hhh 2> err
rc=$?
check "a missing model: exit 1" "$rc == 1" "got $rc"
if grep -q "^neurode: error: cannot open model 'hhh': No such file or directory$" err &&
   grep -q "^note: models are looked for by name in .*$SRCDIR/stdlib" err &&
   grep -q "^note: did you mean 'hh'?$" err; then
  ok "a missing model: the directories searched, and a suggestion"
else
  fail "a missing model: the directories searched, and a suggestion" "$(cat err)"
fi
n=$(grep "looked for by name" err | tr ',' '\n' | grep -c "$SRCDIR/stdlib")
check "a directory is listed once" "$n == 1" "listed $n times: $(cat err)"
