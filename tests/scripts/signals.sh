# signals.sh: a run stopped by SIGTERM, SIGHUP or SIGINT (timeout, a batch
# scheduler, a logout, Ctrl-C) keeps complete rows, says so, and exits with
# 128 + the signal; its output file is left alone and the rows are kept
# beside it.  A full disk cuts nothing in half either.
. "$SRCDIR/tests/lib.sh"

# complete FILE COLS: every line has COLS fields and ends with a newline.
complete() {
  [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
    awk -F, -v n="$2" 'NF != n { bad = 1 } END { exit bad }' "$1"
}

# A run long enough to be stopped: 20 HH copies for 10^6 ms.
long="run hh --n 20 --t 1000000 --vars V[0],V[19] --every 10"

# started PATTERN: wait (up to 60 s) until the run has written to a file.
started() {
  for i in $(seq 600); do
    for f in $1; do [ -s "$f" ] && return 0; done
    sleep 0.1
  done
  return 1
}

for sig in TERM HUP INT; do
  printf 'old\n' > v.csv
  $NEURODE $long --out v.csv 2> err &
  pid=$!
  started 'v.csv.tmp.*'
  kill -$sig $pid
  wait $pid
  rc=$?
  case $sig in TERM) want=143 ;; HUP) want=129 ;; INT) want=130 ;; esac
  check "SIG$sig: exit status $want" "$rc == $want" "got $rc"
  if grep -q "^neurode: error: .* at t = [0-9.]*$" err &&
     grep -q "^note: the [0-9]* rows up to t = [0-9.]* are in v.csv.partial (v.csv was not changed)$" err; then
    ok "SIG$sig: the message says when, and where the rows are"
  else
    fail "SIG$sig: the message says when, and where the rows are" "$(cat err)"
  fi
  if [ "$(cat v.csv)" = old ] && complete v.csv.partial 3; then
    ok "SIG$sig: the old output is intact and every kept row is complete ($(wc -l < v.csv.partial) lines)"
  else
    fail "SIG$sig: the old output is intact and every kept row is complete" "$(tail -c 80 v.csv.partial)"
  fi
  rm -f v.csv v.csv.partial
done

# To standard output: the rows so far, each whole.
$NEURODE $long > out.csv 2> err &
pid=$!
started out.csv
kill -TERM $pid
wait $pid
rc=$?
if [ $rc = 143 ] && complete out.csv 3 && grep -q "terminated (SIGTERM)" err; then
  ok "SIGTERM with standard output: complete rows, exit 143"
else
  fail "SIGTERM with standard output: complete rows, exit 143" "exit $rc: $(tail -c 80 out.csv)"
fi

# A script stopped by SIGTERM in a run: the script ends, exit 143.
printf 'load hh\nset copies = 20\nset keep = V[0]\nset every = 100\nrun 1000000\nsave "after.csv"\n' > s.nd
$NEURODE s.nd 2> err &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$?
if [ $rc = 143 ] && [ ! -e after.csv ] && grep -q "interrupted at t = \|terminated (SIGTERM) after line" err; then
  ok "a script stopped by SIGTERM ends with 143 and runs nothing after"
else
  fail "a script stopped by SIGTERM ends with 143 and runs nothing after" "exit $rc: $(cat err)"
fi

# A full disk, simulated by a file-size limit (SIGXFSZ ignored, so writes
# fail with EFBIG): exit 1, the message, and whole rows only.
printf 'old\n' > v.csv
(ulimit -f 40; trap '' XFSZ; exec $NEURODE run hh --t 50 --out v.csv) 2> err
rc=$?
if [ $rc = 1 ] && grep -q "^neurode: error: cannot write 'v.csv.*: File too large$" err &&
   [ "$(cat v.csv)" = old ] && complete v.csv.partial 5; then
  ok "a write that fails keeps whole rows ($(wc -c < v.csv.partial) bytes) and the old file"
else
  fail "a write that fails keeps whole rows and the old file" "exit $rc: $(cat err); $(tail -c 60 v.csv.partial 2>&1)"
fi
rm -f v.csv v.csv.partial

# A device as output is written in place; /dev/full fails with a message.
$NEURODE run hh --t 1 --out /dev/full 2> err
rc=$?
check "--out /dev/full: exit 1" "$rc == 1" "got $rc"
if grep -q "^neurode: error: cannot write '/dev/full': No space left on device$" err; then
  ok "--out /dev/full: the message"
else
  fail "--out /dev/full: the message" "$(cat err)"
fi
ls -a /dev | grep -q 'full\.tmp' && fail "no temporary file in /dev" "found one" || ok "no temporary file in /dev"

# A reader that goes away (| head) ends the run quietly, like other tools.
rc=$( { $NEURODE run hh --t 1000 2> err; echo $? > rc; } | head -2 > /dev/null; cat rc)
if [ "$rc" = 141 ] && [ ! -s err ]; then
  ok "a closed pipe ends the run quietly (SIGPIPE, 141)"
else
  fail "a closed pipe ends the run quietly (SIGPIPE, 141)" "exit $rc: $(cat err)"
fi
rc=$( { printf 'load fhn\nrun 200\nsave -\n' | $NEURODE 2> err; echo $? > rc; } | head -2 > /dev/null; cat rc)
if [ "$rc" = 141 ] && [ ! -s err ]; then
  ok "'save -' into a closed pipe ends quietly"
else
  fail "'save -' into a closed pipe ends quietly" "exit $rc: $(cat err)"
fi

# Out of memory is an error (exit 1, a message), not abort()'s 134.  Not
# under AddressSanitizer, which needs far more address space than a limit
# of 500 MB allows.
if ldd "$NEURODE" 2>/dev/null | grep -q asan || nm "$NEURODE" 2>/dev/null | grep -q __asan_init; then
  echo "skip out of memory: AddressSanitizer build"
else
  (ulimit -v 500000; exec $NEURODE run hh --n 50000000 --t 0.01 --out /dev/null) 2> err
  rc=$?
  if [ $rc = 1 ] && grep -q "^neurode: error: out of memory" err; then
    ok "out of memory: exit 1 with a message"
  else
    fail "out of memory: exit 1 with a message" "exit $rc: $(head -c 300 err)"
  fi
fi
