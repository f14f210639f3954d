# Syntax errors: the message names what was found and what was expected,
# points at it, and says how to fix the usual mistakes.

=== two operands without an operator
args: check m.nd
exit: 2
--- m.nd
dV/dt = 2 V

--- stderr
m.nd:1:11: error: syntax error: unexpected name 'V'
 1 | dV/dt = 2 V
   |           ^
note: two operands in a row: insert an operator, e.g. '*'

=== an unclosed parenthesis swallows the next line
args: check m.nd
exit: 2
--- m.nd
dV/dt = (1 + 2
dW/dt = 3

--- stderr
m.nd:2:1: error: syntax error: unexpected 'dW/dt'
 2 | dW/dt = 3
   | ^~~~~
note: the '(' at line 1, column 9 is not closed

=== unclosed parenthesis at the end of the file
args: check m.nd
exit: 2
--- m.nd
dV/dt = -V
dW/dt = exp(-(V + 1)

--- stderr
m.nd:2:12: error: syntax error: this '(' is not closed before the end of the input
 2 | dW/dt = exp(-(V + 1)
   |            ^

=== a parameter without a value
args: check m.nd
exit: 2
--- m.nd
param a
dV/dt = a

--- stderr
m.nd:1:8: error: syntax error: unexpected end of line, expected '='
 1 | param a
   |        ^
note: give it a value, e.g. 'a = 0'

=== a conditional without else
args: check m.nd
exit: 2
--- m.nd
dV/dt = if V > 1 then 2

--- stderr
m.nd:1:24: error: syntax error: unexpected end of line
 1 | dV/dt = if V > 1 then 2
   |                        ^
note: a conditional needs both branches: if C then A else B

=== an expression cut short at the end of the input
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1 +

--- stderr
m.nd:1:12: error: syntax error: unexpected end of input after '+', expected an expression
 1 | dV/dt = 1 +
   |            ^

=== a number glued to a name
args: check m.nd
exit: 2
--- m.nd
dV/dt = 2x

--- stderr
m.nd:1:9: error: malformed number
 1 | dV/dt = 2x
   |         ^~
note: a number is written like 12, 0.5, 1e-3 or .25; put '*' between a number and a name

=== an unknown character
args: check m.nd
exit: 2
--- m.nd
dV/dt = V @ 2

--- stderr
m.nd:1:11: error: unexpected character '@'
 1 | dV/dt = V @ 2
   |           ^

=== a derivative with respect to something else than time
args: check m.nd
exit: 2
--- m.nd
dV/dx = 1

--- stderr
m.nd:1:1: error: derivatives are taken with respect to time: write dV/dt, not dV/dx
 1 | dV/dx = 1
   | ^~~~~
note: a derivative in space goes on the right-hand side (dV/dt = D*d2V/dx2 + ...) or in a boundary condition

=== a reserved word used as a name
args: check m.nd
exit: 2
--- m.nd
param if = 2
dV/dt = 1

--- stderr
m.nd:1:7: error: syntax error: unexpected 'if', expected a name
 1 | param if = 2
   |       ^~
note: 'if' is a reserved word and cannot be used as a name

=== '=' where '==' was meant
args: check m.nd
exit: 2
--- m.nd
dV/dt = if V = 1 then 1 else 2

--- stderr
m.nd:1:14: error: syntax error: unexpected '='
 1 | dV/dt = if V = 1 then 1 else 2
   |              ^
note: to compare two values write '=='

=== C-style logical operators
args: check m.nd
exit: 2
--- m.nd
dV/dt = if V > 1 && V < 2 then 1 else 0

--- stderr
m.nd:1:18: error: unexpected '&&'
 1 | dV/dt = if V > 1 && V < 2 then 1 else 0
   |                  ^~
note: write 'and'

=== definitions separated without a comma
args: check m.nd
exit: 2
--- m.nd
param a = 1 b = 2
dV/dt = a

--- stderr
m.nd:1:13: error: syntax error: unexpected name 'b'
 1 | param a = 1 b = 2
   |             ^
note: separate several definitions with ',', e.g. 'param a = 1, b = 2'

=== several errors are all reported
args: check m.nd
exit: 2
--- m.nd
dV/dt = (1 +)
dW/dt = 2 W
dU/dt = U @ 1

--- stderr
m.nd:1:13: error: syntax error: unexpected ')', expected an expression
 1 | dV/dt = (1 +)
   |             ^
m.nd:2:11: error: syntax error: unexpected name 'W'
 2 | dW/dt = 2 W
   |           ^
note: two operands in a row: insert an operator, e.g. '*'
m.nd:3:11: error: unexpected character '@'
 3 | dU/dt = U @ 1
   |           ^

=== chained comparisons are not allowed
args: check m.nd
exit: 2
--- m.nd
dV/dt = if 0 < V < 1 then 1 else 0

--- stderr
m.nd:1:18: error: syntax error: unexpected '<'
 1 | dV/dt = if 0 < V < 1 then 1 else 0
   |                  ^
note: comparisons do not chain: write 'a < b and b < c'

=== an unterminated string
args: check m.nd
exit: 2
--- m.nd
dV/dt = "abc
--- stderr
m.nd:1:9: error: unterminated string
 1 | dV/dt = "abc
   |         ^~~~
note: close it with '"' on the same line

