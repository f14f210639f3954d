# A gnuplot that never answers: neurode gives up after
# $NEURODE_GNUPLOT_TIMEOUT seconds with a clear error and exit 1, and ends
# the process (and what it started) instead of waiting for it forever.
# `timeout 60` makes sure this test itself can never hang.
. "$SRCDIR/tests/lib.sh"
alive() { # alive PID: running, not a zombie waiting to be reaped
  st=$(ps -o stat= -p "$1" 2>/dev/null)
  [ -n "$st" ] && [ "${st#Z}" = "$st" ]
}
want='neurode: error: gnuplot did not answer within 2 s (NEURODE_GNUPLOT_TIMEOUT sets how long to wait)'

# hung NAME FAKE OUTPUT RUN: run a plot with gnuplot replaced by FAKE.
hung() {
  rm -f fake.pid sleep.pid
  start=$(date +%s)
  printf 'load fhn\nrun %s\noutput %s\nplot v, w\n' "$4" "$3" |
    NEURODE_GNUPLOT=$(pwd)/$2 NEURODE_GNUPLOT_TIMEOUT=2 timeout 60 "$NEURODE" > out.txt 2> err.txt
  rc=$?
  took=$(( $(date +%s) - start ))
  sleep 0.2 # let init reap the orphaned sleep
  left=""
  for f in fake.pid sleep.pid; do
    if [ -f $f ] && alive "$(cat $f)"; then left="$left $(cat $f)"; kill "$(cat $f)"; fi
  done
  if [ $rc -eq 1 ] && [ "$(cat err.txt)" = "$want" ] && [ $took -le 10 ] && [ -z "$left" ]; then
    ok "timeout: $1 (exit 1 after $took s, nothing left running)"
  else
    fail "timeout: $1" "exit $rc after $took s, '$(head -2 err.txt)', still running:${left:- none}"
  fi
}

# Reads nothing and never exits; a shell script whose child would outlive
# it if only the script were stopped.
cat > silent <<'FAKE'
#!/bin/sh
echo $$ > fake.pid
sleep 1000 &
echo $! > sleep.pid
wait
FAKE
chmod +x silent
hung "a gnuplot that never answers" silent '"x.svg"' 1

# Answers the start-up question, then stops reading in the middle of a
# plot whose data (600 kB) fill the pipe: writing must not block forever.
cat > stalls <<'FAKE'
#!/bin/sh
echo $$ > fake.pid
read a; read b; read c
printf 'terminals: dumb svg\n\001neurode-sync\n'
exec sleep 1000
FAKE
chmod +x stalls
hung "a gnuplot that stops reading in the middle of a plot" stalls dumb 200

for bad in abc 0 -1 1e9; do
  printf 'load fhn\nrun 1\noutput dumb\nplot v\n' | NEURODE_GNUPLOT_TIMEOUT=$bad timeout 60 "$NEURODE" > out.txt 2> err.txt
  rc=$?
  msg="neurode: error: NEURODE_GNUPLOT_TIMEOUT is '$bad': give the seconds to wait for gnuplot, from 0.001 to 86400"
  if [ $rc -eq 1 ] && [ "$(cat err.txt)" = "$msg" ]; then ok "timeout: NEURODE_GNUPLOT_TIMEOUT=$bad is refused"
  else fail "timeout: NEURODE_GNUPLOT_TIMEOUT=$bad is refused" "exit $rc, $(head -1 err.txt)"; fi
done
command -v gnuplot > /dev/null 2>&1 || exit 0
printf 'load fhn\nrun 1\noutput dumb\nplot v\n' | NEURODE_GNUPLOT_TIMEOUT=5 timeout 60 "$NEURODE" > out.txt 2> err.txt
rc=$?
check "timeout: a real gnuplot answers well within NEURODE_GNUPLOT_TIMEOUT=5" \
  "$rc == 0 && $(wc -c < err.txt) == 0" "exit $rc: $(head -1 err.txt)"
