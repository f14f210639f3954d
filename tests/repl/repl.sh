# The interactive session, driven through a pseudo-terminal by expect.
. "$SRCDIR/tests/lib.sh"
if ! command -v expect >/dev/null 2>&1; then
  fail "repl: expect is installed" "the REPL tests need expect (Debian: apt-get install expect)"
  exit 0
fi
# A chroot without /dev/pts has no terminals to give: say so, loudly.
if ! expect -c 'if {[catch {spawn true}]} {exit 1}; expect eof; exit 0' >/dev/null 2>&1; then
  echo "skip repl: this machine cannot open a pseudo-terminal (is /dev/pts mounted?): the 35 terminal tests of the session did not run"
  exit 0
fi
HOME=$(pwd) TERM=xterm expect -f "$SRCDIR/tests/repl/repl.exp" 2> expect.err ||
  echo "not ok repl: expect failed: $(tail -3 expect.err)"
