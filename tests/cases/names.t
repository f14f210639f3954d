# Semantic errors: names, arity, definitions, cycles, contexts.

=== an undefined name, with a suggestion
args: check m.nd
exit: 2
--- m.nd
param gNa = 120
I_Na = gNaa*2
dV/dt = -V + I_Na

--- stderr
m.nd:2:8: error: undefined name 'gNaa'
 2 | I_Na = gNaa*2
   |        ^~~~
note: did you mean 'gNa'?

=== a misspelt built-in function
args: check m.nd
exit: 2
--- m.nd
dV/dt = -V + exq(1)

--- stderr
m.nd:1:14: error: undefined name 'exq'
 1 | dV/dt = -V + exq(1)
   |              ^~~
note: did you mean 'exp'?

=== wrong number of arguments to a user function and a built-in
args: check m.nd
exit: 2
--- m.nd
f(x) = x*2
dV/dt = f(V, 1) + exp(1, 2)

--- stderr
m.nd:2:9: error: function 'f' takes 1 argument, but 2 were given
 2 | dV/dt = f(V, 1) + exp(1, 2)
   |         ^~~~~~~
m.nd:2:19: error: built-in function 'exp' takes 1 argument, but 2 were given
 2 | dV/dt = f(V, 1) + exp(1, 2)
   |                   ^~~~~~~~~

=== calling something that is not a function
args: check m.nd
exit: 2
--- m.nd
param g = 2
dV/dt = g(V + 1)

--- stderr
m.nd:2:9: error: 'g' is a parameter, not a function
 2 | dV/dt = g(V + 1)
   |         ^
note: for multiplication write 'g*(...)'

=== using a function as a value
args: check m.nd
exit: 2
--- m.nd
f(x) = x
dV/dt = f

--- stderr
m.nd:2:9: error: 'f' is a function; call it: f(...)
 2 | dV/dt = f
   |         ^

=== a cycle among intermediates is named
args: check m.nd
exit: 2
--- m.nd
a = b + 1
b = c*2
c = a - V
dV/dt = a

--- stderr
m.nd:1:1: error: circular definition: a -> b -> c -> a
 1 | a = b + 1
   | ^
note: to make a quantity depend on its own past, give it an equation da/dt = ...

=== an intermediate defined in terms of itself
args: check m.nd
exit: 2
--- m.nd
a = a + V
dV/dt = a

--- stderr
m.nd:1:1: error: 'a' is defined in terms of itself
 1 | a = a + V
   | ^
note: to make a quantity depend on its own past, give it an equation da/dt = ...

=== recursion between functions
args: check m.nd
exit: 2
--- m.nd
f(x) = g(x)
g(x) = f(x) + 1
dV/dt = f(V)

--- stderr
m.nd:1:1: error: functions call each other in a cycle: f -> g -> f
 1 | f(x) = g(x)
   | ^
note: recursion is not allowed: a function is expanded where it is called

=== a derivative of a parameter
args: check m.nd
exit: 2
--- m.nd
param g = 1
dg/dt = -g

--- stderr
m.nd:2:2: error: 'g' is a parameter, so it cannot have a derivative
 2 | dg/dt = -g
   |  ^
m.nd:1:7: note: 'g' is declared here
 1 | param g = 1
   |       ^
note: to make it a state variable, remove it from 'param' and give it a starting value with 'init g = ...'

=== a name defined twice
args: check m.nd
exit: 2
--- m.nd
param a = 1
param a = 2
dV/dt = a

--- stderr
m.nd:2:7: error: 'a' is defined twice
 2 | param a = 2
   |       ^
m.nd:1:7: note: first defined here
 1 | param a = 1
   |       ^

=== an intermediate that is also a state
args: check m.nd
exit: 2
--- m.nd
V = 3
dV/dt = -V

--- stderr
m.nd:2:2: error: 'V' is already defined as an intermediate
 2 | dV/dt = -V
   |  ^
m.nd:1:1: note: first defined here
 1 | V = 3
   | ^

=== init of a parameter
args: check m.nd
exit: 2
--- m.nd
param a = 1
init a = 2
dV/dt = 1

--- stderr
m.nd:2:6: error: 'a' is a parameter, not a state variable
 2 | init a = 2
   |      ^
note: set a parameter's value in its 'param' line

=== init of an unknown name
args: check m.nd
exit: 2
--- m.nd
init W = 2
dV/dt = 1

--- stderr
m.nd:1:6: error: 'W' is not a state variable
 1 | init W = 2
   |      ^
note: 'init' gives the starting value of a variable defined by dW/dt = ...

=== a function using a state variable
args: check m.nd
exit: 2
--- m.nd
f(x) = x + V
dV/dt = f(1)

--- stderr
m.nd:1:12: error: function 'f' cannot use a state variable 'V'
 1 | f(x) = x + V
   |            ^
note: a function sees its arguments, parameters and t; pass 'V' as an argument

=== a parameter used before its definition
args: check m.nd
exit: 2
--- m.nd
param a = b, b = 1
dV/dt = a

--- stderr
m.nd:1:11: error: parameter 'b' is used before it is defined
 1 | param a = b, b = 1
   |           ^
m.nd:1:14: note: 'b' is defined here; move it above 'a'
 1 | param a = b, b = 1
   |              ^

=== a parameter depending on a state
args: check m.nd
exit: 2
--- m.nd
param a = V
dV/dt = a

--- stderr
m.nd:1:11: error: parameter 'a' cannot depend on a state variable 'V'
 1 | param a = V
   |           ^
note: parameters are constants; make 'a' an intermediate: a = ...

=== a parameter depending on time
args: check m.nd
exit: 2
--- m.nd
param a = 2*t
dV/dt = a

--- stderr
m.nd:1:13: error: parameter 'a' cannot depend on the time 't'
 1 | param a = 2*t
   |             ^
note: parameters are constants; make 'a' an intermediate: a = ...

=== an unknown option, with a suggestion
args: check m.nd
exit: 2
--- m.nd
option mehtod = rk4
dV/dt = 1

--- stderr
m.nd:1:8: error: unknown option 'mehtod'
 1 | option mehtod = rk4
   |        ^~~~~~
note: did you mean 'method'?

=== an unknown method in the file
args: check m.nd
exit: 2
--- m.nd
option method = rk5
dV/dt = 1

--- stderr
m.nd:1:17: error: unknown method 'rk5'
 1 | option method = rk5
   |                 ^~~
note: known methods: euler, rk2, rk4, rk45, expeuler, map, cn, be, rodas

=== an option that must be positive
args: check m.nd
exit: 2
--- m.nd
option dt = -0.1
dV/dt = 1

--- stderr
m.nd:1:13: error: option 'dt' expects a positive number, not '-0.1'
 1 | option dt = -0.1
   |             ^~~~

=== redefining a built-in function
args: check m.nd
exit: 2
--- m.nd
exp(x) = x
dV/dt = 1

--- stderr
m.nd:1:1: error: 'exp' is a built-in function and cannot be redefined
 1 | exp(x) = x
   | ^~~
note: choose another name, e.g. 'exp_'

=== defining the time
args: check m.nd
exit: 2
--- m.nd
param t = 3
dV/dt = 1

--- stderr
m.nd:1:7: error: 't' is reserved and cannot be defined
 1 | param t = 3
   |       ^
note: 't' is the time

=== an argument listed twice
args: check m.nd
exit: 2
--- m.nd
f(x, x) = x
dV/dt = f(1, 2)

--- stderr
m.nd:1:6: error: argument 'x' is listed twice
 1 | f(x, x) = x
   |      ^

=== initial values that depend on each other
args: run m.nd --t 1
exit: 2
--- m.nd
dV/dt = -V
dW/dt = -W
init V = W + 1, W = 2*V
--- stderr
m.nd:3:6: error: starting values depend on each other: V -> W -> V
 3 | init V = W + 1, W = 2*V
   |      ^

