# Model text a newcomer writes: non-ASCII characters pasted from a paper,
# conditionals, attempts at resets, and inputs too deep for the checker.

=== a UTF-8 byte-order mark at the start of a file is accepted silently
args: check m.nd
exit: 0
--- m.nd
﻿dx/dt = -x
--- stdout
m.nd: ok
  kind            continuous
  states          1: x
  parameters      0
  intermediates   0
  functions       0
  expeuler        every equation is linear in its own variable
  right-hand side 1 instruction, 0 temporaries

=== a Unicode minus sign: use ASCII '-', the caret counted in characters
args: check m.nd
exit: 2
--- m.nd
param τ_m = 10
dx/dt = −x/τ_m
--- stderr
m.nd:1:7: error: unexpected character 'τ' (U+03C4)
 1 | param τ_m = 10
   |       ^
note: names are ASCII: write tau
m.nd:2:9: error: unexpected character '−' (U+2212)
 2 | dx/dt = −x/τ_m
   |         ^
note: use ASCII '-' for minus
m.nd:2:12: error: unexpected character 'τ' (U+03C4)
 2 | dx/dt = −x/τ_m
   |            ^
note: names are ASCII: write tau

=== a superscript two: write ^2
args: check m.nd
exit: 2
--- m.nd
dx/dt = -x²
--- stderr
m.nd:1:11: error: unexpected character '²' (U+00B2)
 1 | dx/dt = -x²
   |           ^
note: write a power with '^': x^2

=== the micro sign in a name
args: check m.nd
exit: 2
--- m.nd
param µ = 1
--- stderr
m.nd:1:7: error: unexpected character 'µ' (U+00B5)
 1 | param µ = 1
   |       ^
note: names are ASCII: write mu

=== a byte that is not UTF-8 (Latin-1 text)
args: check m.nd
exit: 2
setup: printf 'dx/dt = -x \377\n' > m.nd
--- stderr
m.nd:1:12: error: unexpected byte (the text is not UTF-8)
 1 | dx/dt = -x �
   |            ^
note: names use letters A-Z, a-z, digits and '_'

=== a character outside the usual ones
args: check m.nd
exit: 2
--- m.nd
dx/dt = -x ∞
--- stderr
m.nd:1:12: error: unexpected character '∞' (U+221E)
 1 | dx/dt = -x ∞
   |            ^
note: names use letters A-Z, a-z, digits and '_'; numbers and operators are ASCII

=== a conditional inside a larger expression needs parentheses
args: check m.nd
exit: 2
--- m.nd
dx/dt = -x + 2*if t > 1 then 1 else 0
--- stderr
m.nd:1:16: error: syntax error: unexpected 'if', expected an expression
 1 | dx/dt = -x + 2*if t > 1 then 1 else 0
   |                ^~
note: a conditional inside a larger expression goes in parentheses: 2*(if C then A else B)

=== an attempt at a reset: one error, and a note pointing to events
args: check m.nd
exit: 2
--- m.nd
dv/dt = 1
if v >= 30: v = 0
--- stderr
m.nd:2:1: error: syntax error: a statement cannot start with 'if'
 2 | if v >= 30: v = 0
   | ^~
note: a condition goes inside an equation: x = if C then A else B; a reset is an event: on V >= 30: V = c

=== a flat sum too long to check is refused with a located message
args: check m.nd
exit: 2
setup: awk 'BEGIN { printf "dv/dt = v"; for (i = 0; i < 80000; i++) printf "+v"; print "" }' > m.nd
--- stderr
m.nd:1:9: error: expression nested too deeply (more than 4000 levels)
 1 | dv/dt = v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+v+...
   |         ^
note: a long sum or product counts one level per term: split it into intermediates (s1 = a + b + ..., s2 = s1 + ...)

=== blocks: an event with a body in braces: assignments, let, if/else
args: check m.nd
exit: 0
--- m.nd
param c = -65, d = 8
dv/dt = 0.04*v^2 + 5*v + 140 - u
du/dt = 0.02*(0.2*v - u)
on v >= 30 {
  v = c
  u += d
  let k = 2
  if u > 10 { u -= k } else if u < 0 { u = 0 } else { u *= 1 }
}
--- stdout
m.nd: ok
  kind            continuous, events
  states          2: v, u
  parameters      2: c, d
  intermediates   0
  functions       0
  events          1: 1 spike, 0 Poisson inputs
  expeuler        exponential for u; forward Euler for the rest
  right-hand side 9 instructions, 2 temporaries

=== a closing bracket that does not match the open one
args: check m.nd
exit: 2
--- m.nd
dv/dt = 1
A = (1 +
 2}
--- stderr
m.nd:3:3: error: this '}' does not close the '(' at line 2, column 5
 3 |  2}
   |   ^
note: close it with ')'

=== a brace left open at the end of the file
args: check m.nd
exit: 2
--- m.nd
dv/dt = 1
on v > 1 {
  v = 0
--- stderr
m.nd:2:10: error: syntax error: this '{' is not closed before the end of the input
 2 | on v > 1 {
   |          ^

=== a qualified name is read, and refused in a model of one population
args: check m.nd
exit: 2
--- m.nd
dv/dt = -v
x = E.v
--- stderr
m.nd:2:5: error: 'E.v' names a variable of a group, but this model has one population
 2 | x = E.v
   |     ^~~
note: write the name alone: 'v'

