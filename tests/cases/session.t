# Sessions: lines read from standard input (or a script file) are commands
# or model text, in order; the first error stops the script with its
# file:line:col.  'save -' writes the samples to standard output.

=== a model typed line by line, run and saved
args: 
exit: 0
--- stdin
param k = 2
dx/dt = -k*x
init x = 1
run 0.5
set dt = 0.25
run 0.5
save - x
--- stdout
t,x
0,1
0.25,0.6067708333333334
0.5,0.36817084418402785
--- stderr

=== a new intermediate and a replaced equation
args: 
exit: 0
--- stdin
dx/dt = -x
init x = 1
run 0.2
y = 2*x
dx/dt = -3*x
set dt = 0.1
run 0.2
save - x,y

--- stdout
t,x,y
0,1,2
0.1,0.7408375,1.481675
0.2,0.54884020140625,1.0976804028125
--- stderr

=== run +T continues from the current state
args: 
exit: 0
--- stdin
dx/dt = 1
set dt = 0.5
set method = euler
run 1
run +1
save -

--- stdout
t,x
0,0
0.5,0.5
1,1
1.5,1.5
2,2
--- stderr

=== set changes parameters and initial values, with expressions
args: 
exit: 0
--- stdin
param a = 1, b = 2
dx/dt = a + b
init x = 0
set a = 10*b
set x = 5
show params
show vars

--- stdout
  a            = 20  (set)
  b            = 2
  at t = 0 (initial values)
  x            = 5  (initial value set)
--- stderr

=== show options says where each setting comes from
args: 
exit: 0
--- stdin
option t = 20, method = rk45
dx/dt = 1
set dt = 0.5
show options

--- stdout
  t         = 20             (model)
  dt        = 0.5            (set)
  method    = rk45           (model)
  rtol      = 1e-06          (default)
  atol      = 1e-09          (default)
  every     = 1              (default)
  max_steps = 100000000      (default)
  seed      = 0              (default)
  copies    = 1              (default)
  keep      = every state    (default)
  backend   = auto           (default)
  threads   = cores          (default)
  output    = the terminal (dumb)

--- stderr

=== show model lists the statements
args: 
exit: 0
--- stdin
param a = 1
f(u) = a*u
dx/dt = f(x)
init x = 1
show model

--- stdout
param a = 1
f(u) = a*u
dx/dt = f(x)
init x = 1
--- stderr

=== a continuation line for an unfinished statement
args: 
exit: 0
--- stdin
dx/dt = -(x +
   1)
init x = 0
run 1
set dt = 1
run 1
save -

--- stdout
t,x
0,0
1,-0.625
--- stderr

=== a script file: model, then commands; 'run' on it ignores the commands
args: script.nd
exit: 0
--- script.nd
# a script
param r = 1
dx/dt = r*x
init x = 1
set dt = 0.5
set method = euler
run 1
save -
--- stdout
t,x
0,1
0.5,1.5
1,2.25
--- stderr

=== the same script as a model for 'neurode run'
args: run script.nd --t 1 --dt 0.5 --method euler
exit: 0
--- script.nd
param r = 1
dx/dt = r*x
init x = 1
set dt = 0.5
run 1
plot x

--- stdout
t,x
0,1
0.5,1.5
1,2.25

--- stderr
neurode: note: script.nd is a script: its 3 command lines were skipped (run it as 'neurode script.nd')

=== a duplicate definition in a script file is an error, as in a model file
args: script.nd
exit: 2
--- script.nd
param r = 1
param r = 2
dx/dt = r*x
run 1

--- stderr
script.nd:2:7: error: 'r' is defined twice
 2 | param r = 2
   |       ^
script.nd:1:7: note: first defined here
 1 | param r = 1
   |       ^

=== an unknown name in set, with a suggestion
args: 
exit: 2
--- stdin
param gain = 1
dx/dt = gain
set gian = 2

--- stderr
<stdin>:3:5: error: cannot set 'gian': it is not a parameter, a state variable or a setting
 3 | set gian = 2
   |     ^~~~
note: did you mean 'gain'?

=== a bad duration for run stops the script
args: 
exit: 2
--- stdin
dx/dt = 1
run fast
run 1

--- stderr
<stdin>:2:5: error: expected a duration, e.g. 'run 200', or 'run +50' to continue from the current state
 2 | run fast
   |     ^~~~

=== plotting before running
args: 
exit: 2
--- stdin
dx/dt = 1
plot x

--- stderr
<stdin>:2:1: error: nothing to plot yet: 'run' the model first
 2 | plot x
   | ^~~~

=== commands before any model
args: 
exit: 2
--- stdin
run 10

--- stderr
<stdin>:1:1: error: there is no model yet: 'load FILE', or type equations such as dV/dt = -V
 1 | run 10
   | ^~~

=== a phase plane needs state variables
args: 
exit: 2
--- stdin
param a = 1
dx/dt = -x
dy/dt = -y
init x = 1, y = 1
run 1
phase x a

--- stderr
<stdin>:6:9: error: 'a' is not one state variable
 6 | phase x a
   |         ^

=== an error in a model line after the first command stops the script
args: 
exit: 2
--- stdin
dx/dt = -x
init x = 1
run 1
dx/dt = -x + nope
run 1

--- stderr
<stdin>:4:14: error: undefined name 'nope'
 4 | dx/dt = -x + nope
   |              ^~~~

=== the input ends inside a statement
args: 
exit: 2
--- stdin
dx/dt = (1 +

--- stderr
<stdin>:1:9: error: syntax error: this '(' is not closed before the end of the input
 1 | dx/dt = (1 +
   |         ^

=== help for one command
args: 
exit: 0
--- stdin
help run

--- stdout
run [T | +T]
  run for T time units (default: setting t) from the initial values
  'run +T' continues from the current state and time instead, adding to the
  samples; fixed steps stay on the same grid of times.  Ctrl-C stops a run
  and keeps what was computed.

--- stderr

=== set copies runs a population whose copies differ by i
args: 
exit: 0
--- stdin
param a = 1
dx/dt = a
set copies = 3
set a = i + 1
set dt = 1
run 2
save - x[1:3]
--- stdout
t,x[1],x[2]
0,0,0
1,2,3
2,4,6
--- stderr


=== columns after an edit at the prompt are those of the run (D1)
args: 
--- stdin
load fhn
set copies = 2
set dt = 0.5
run 1
J = 2*v
save - w[1], v[1]
--- stdout
t,w[1],v[1]
0,1,-1
0.5,0.9458736950599016,-1.5147674103711344
1,0.8779011776553383,-1.773243570282225

=== intermediates and parameters of a run use that run's values, not later ones (D2)
args: 
--- stdin
param I_ext = 1
dv/dt = I_ext - v
I_tot = I_ext + v
set dt = 0.5
run 1
set I_ext = 7
save - I_tot, I_ext
run +1
save - I_tot, I_ext
--- stdout
t,I_tot,I_ext
0,1,1
0.5,1.3932291666666665,1
1,1.6318291558159723,1
t,I_tot,I_ext
0,1,1
0.5,1.3932291666666665,1
1,1.6318291558159723,1
1.5,10.13597967006542,7
2,11.655425164388653,7

=== an intermediate added after the run was not part of it
args: 
exit: 2
--- stdin
dv/dt = -v
run 1
J = 2*v
save - J
--- stderr
<stdin>:4:8: error: 'J' was not part of the model when the last run was made
 4 | save - J
   |        ^

=== a syntax error typed in a script exits 2, like any error in the model (D8)
args: 
exit: 2
--- stdin
load fhn
run 1
x = 1 +* 2
--- stderr
<stdin>:3:8: error: syntax error: unexpected '*', expected an expression
 3 | x = 1 +* 2
   |        ^
