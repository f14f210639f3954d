# The interactive session, driven through a pseudo-terminal by expect.
. "$SRCDIR/tests/lib.sh"
if ! command -v expect >/dev/null 2>&1; then
  fail "repl: expect is installed" "the REPL tests need expect (Debian: apt-get install expect)"
  exit 0
fi
HOME=$(pwd) TERM=xterm expect -f "$SRCDIR/tests/repl/repl.exp" 2>&1
