# The manual pages: no byte troff would take for something else (a form
# feed where "\f" was meant renders nothing and drops the font change), and
# no warning from groff with every warning turned on.
. "$SRCDIR/tests/lib.sh"
for page in neurode.1 neurode.5; do
  src=$SRCDIR/man/$page
  # Control bytes other than tab and newline, with their line numbers.
  bad=$(LC_ALL=C tr -d '\t' < "$src" | LC_ALL=C grep -n '[[:cntrl:]]' | cut -d: -f1 | tr '\n' ' ')
  if [ -z "$bad" ]; then ok "docs: man/$page has no control bytes besides tab and newline"
  else fail "docs: man/$page has no control bytes besides tab and newline" "control bytes on lines $bad"; fi
  if ! command -v groff > /dev/null 2>&1; then
    echo "skip docs: man/$page renders without warnings: groff is not installed (Debian: groff-base)"
    continue
  fi
  for dev in utf8 ps; do
    groff -man -ww -z -T$dev "$src" > /dev/null 2> warn.txt
    rc=$?
    if [ $rc -eq 0 ] && [ ! -s warn.txt ]; then ok "docs: man/$page renders for $dev without warnings"
    else fail "docs: man/$page renders for $dev without warnings" "exit $rc: $(head -3 warn.txt | tr '\n' ' ')"; fi
  done
done

# The tables the program reads (settings, methods, commands) and the pages
# agree: every --flag and method of --help, every setting of 'show
# options' and every command of 'help' is in neurode.1.
missing=""
for flag in $("$NEURODE" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -q -- "$(printf '%s' "$flag" | sed 's/-/\\\\-/g')" "$SRCDIR/man/neurode.1" || missing="$missing $flag"
done
for m in $("$NEURODE" --help | awk '/^Methods/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }'); do
  grep -q "^\.B $m\$" "$SRCDIR/man/neurode.1" || missing="$missing method:$m"
done
for set in $(printf 'show options\n' | "$NEURODE" | awk '{ print $1 }'); do
  [ "$set" = output ] && continue
  grep -q -- "$set" "$SRCDIR/man/neurode.1" || missing="$missing set:$set"
done
for cmd in $(printf 'help\n' | "$NEURODE" | awk '/^  [a-z]/ { print $1 }'); do
  grep -q "^\.B[IR]* $cmd\b\|^\.B[IR]* \"$cmd" "$SRCDIR/man/neurode.1" || missing="$missing command:$cmd"
done
if [ -z "$missing" ]; then
  echo "ok docs: every option, method, setting and command is in neurode.1"
else
  echo "not ok docs: every option, method, setting and command is in neurode.1: missing$missing"
fi
