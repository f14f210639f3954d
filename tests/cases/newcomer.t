# What a new user and an adversarial tester tripped over (issue 6): each
# case reproduces one report.

=== 25 undefined names in a file: 20 shown, and a line saying how many there were
args: check m.nd
exit: 2
setup: awk 'BEGIN { printf "dx/dt = -x"; for (i = 1; i <= 25; i++) printf " + u%d", i; print "" }' > m.nd
--- stderr
m.nd:1:14: error: undefined name 'u1'
 1 | dx/dt = -x + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + ...
   |              ^~
m.nd:1:19: error: undefined name 'u2'
 1 | dx/dt = -x + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + ...
   |                   ^~
m.nd:1:24: error: undefined name 'u3'
 1 | dx/dt = -x + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + ...
   |                        ^~
m.nd:1:29: error: undefined name 'u4'
 1 | dx/dt = -x + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + ...
   |                             ^~
m.nd:1:34: error: undefined name 'u5'
 1 | dx/dt = -x + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + ...
   |                                  ^~
m.nd:1:39: error: undefined name 'u6'
 1 | ... = -x + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 +...
   |                                     ^~
m.nd:1:44: error: undefined name 'u7'
 1 | ... + u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 ...
   |                                     ^~
m.nd:1:49: error: undefined name 'u8'
 1 | ... + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19...
   |                                     ^~
m.nd:1:54: error: undefined name 'u9'
 1 | ... + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u2...
   |                                     ^~
m.nd:1:59: error: undefined name 'u10'
 1 | ... + u4 + u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u...
   |                                     ^~~
m.nd:1:65: error: undefined name 'u11'
 1 | ...+ u5 + u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u...
   |                                     ^~~
m.nd:1:71: error: undefined name 'u12'
 1 | ... u6 + u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u...
   |                                     ^~~
m.nd:1:77: error: undefined name 'u13'
 1 | ...u7 + u8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u...
   |                                     ^~~
m.nd:1:83: error: undefined name 'u14'
 1 | ...8 + u9 + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u24 + u...
   |                                     ^~~
m.nd:1:89: error: undefined name 'u15'
 1 | ... + u10 + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u24 + u25
   |                                     ^~~
m.nd:1:95: error: undefined name 'u16'
 1 | ... + u11 + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u24 + u25
   |                                     ^~~
m.nd:1:101: error: undefined name 'u17'
 1 | ... + u12 + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u24 + u25
   |                                     ^~~
m.nd:1:107: error: undefined name 'u18'
 1 | ... + u13 + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u24 + u25
   |                                     ^~~
m.nd:1:113: error: undefined name 'u19'
 1 | ... + u14 + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u24 + u25
   |                                     ^~~
m.nd:1:119: error: undefined name 'u20'
 1 | ... + u15 + u16 + u17 + u18 + u19 + u20 + u21 + u22 + u23 + u24 + u25
   |                                     ^~~
note: 25 errors in all; only the first 20 are shown

=== a model line starting with a command word is model text, in check as in run
args: check m.nd
exit: 2
--- m.nd
param c = -65
dv/dt = 0.04*v^2 + 5*v + 140
reset v = if v >= 30 then c else v
--- stderr
m.nd:3:1: error: unknown statement 'reset'
 3 | reset v = if v >= 30 then c else v
   | ^~~~~
note: a statement is NAME = ..., dX/dt = ..., X(t+1) = ..., NAME(ARGS) = ..., or starts with param, init, option, label, on, refractory, table, domain, boundary or use

=== the same line under run: the same error, not a silently dropped line
args: run m.nd --t 1
exit: 2
--- m.nd
param c = -65
dv/dt = 0.04*v^2 + 5*v + 140
reset v = if v >= 30 then c else v
--- stderr
m.nd:3:1: error: unknown statement 'reset'
 3 | reset v = if v >= 30 then c else v
   | ^~~~~
note: a statement is NAME = ..., dX/dt = ..., X(t+1) = ..., NAME(ARGS) = ..., or starts with param, init, option, label, on, refractory, table, domain, boundary or use

=== a command word used as a name is model text
args: check m.nd
--- m.nd
plot = 3
run(x) = 2*x
dv/dt = -v + run(plot)
--- stdout
m.nd: ok
  kind            continuous
  states          1: v
  parameters      0
  intermediates   1: plot
  functions       1: run
  expeuler        every equation is linear in its own variable
  right-hand side 1 instruction, 0 temporaries

=== check checks the commands of a script without running them
args: check script.nd
exit: 2
--- script.nd
dx/dt = -x
init x = 1
run 10
plot x, y
--- stderr
script.nd:4:9: error: unknown variable 'y'
 4 | plot x, y
   |         ^

=== check of a script with good commands says how many it checked
args: check script.nd
--- script.nd
dx/dt = -x
init x = 1
set dt = 0.5
run 10
save "x.csv" x
--- stdout
script.nd: ok
  kind            continuous
  states          1: x
  parameters      0
  intermediates   0
  functions       0
  expeuler        every equation is linear in its own variable
  right-hand side 1 instruction, 0 temporaries
  commands        3 checked (nothing was run)

=== a bad option value in a script is found by check
args: check script.nd
exit: 2
--- script.nd
dx/dt = -x
set method = RK4
--- stderr
script.nd:2:14: error: unknown method 'RK4'
 2 | set method = RK4
   |              ^~~
note: known methods: euler, rk2, rk4, rk45, expeuler, map, cn, be, rodas

=== a mistyped command: unknown command, did you mean
args: 
exit: 2
--- stdin
dx/dt = -x
rn 100
--- stderr
<stdin>:2:1: error: unknown command 'rn' (did you mean 'run'?)
 2 | rn 100
   | ^~
note: 'help' lists the commands; model text is written NAME = ..., dX/dt = ..., param NAME = ...

=== another mistyped command
args: 
exit: 2
--- stdin
dx/dt = -x
run 1
plto x
--- stderr
<stdin>:3:1: error: unknown command 'plto' (did you mean 'plot'?)
 3 | plto x
   | ^~~~
note: 'help' lists the commands; model text is written NAME = ..., dX/dt = ..., param NAME = ...

=== a mistyped long option: did you mean --t
args: run m.nd --tmax 10
exit: 2
--- m.nd
dx/dt = -x
--- stderr
neurode: error: unknown option '--tmax' (did you mean '--t'?)
Try 'neurode --help'.

=== --T is --t
args: run m.nd --T 10
exit: 2
--- m.nd
dx/dt = -x
--- stderr
neurode: error: unknown option '--T' (did you mean '--t'?)
Try 'neurode --help'.

=== plot of a mistyped two-letter name in a script
args: 
exit: 2
--- stdin
dv/dt = -v
run 1
plot vv
--- stderr
<stdin>:3:6: error: unknown variable 'vv'; did you mean 'v'?
 3 | plot vv
   |      ^~

=== run +T keeps times on the grid of the first run
args: 
--- stdin
dx/dt = 1
set dt = 0.01
set method = euler
set every = 1249
run 12.49
run +12.49
save - x
--- stdout
t,x
0,0
12.49,12.489999999999778
24.98,24.980000000001105

=== a parameter set to 1/0 on the command line is named where it was set
args: run m.nd --set 'I_ext=1/0' --t 1
exit: 2
--- m.nd
param I_ext = 1
dv/dt = I_ext - v
--- stderr
--set:1:7: error: parameter 'I_ext' is infinite
 1 | I_ext=1/0
   |       ^~~

=== a parameter of 0 that divides: the equation and the term are named, not the step size
args: run m.nd --t 1
exit: 1
--- m.nd
param tau = 0, I_ext = 10
dV/dt = (I_ext - V)/tau
--- stderr
neurode: error: dV/dt is infinite at t = 0, where the run starts
m.nd:2:9: note: this is infinite with I_ext = 10, V = 0, tau = 0
 2 | dV/dt = (I_ext - V)/tau
   |         ^~~~~~~~~~~~~~~

=== a division by N - 1 without --n
args: run hh --set 'I_ext=20*i/(N-1)' --t 1
exit: 2
--- stderr
--set:1:7: error: parameter 'I_ext' is NaN
 1 | I_ext=20*i/(N-1)
   |       ^~~~~~~~~~

=== a term inside an intermediate that is not finite at the start
args: run m.nd --t 1
exit: 1
--- m.nd
param g = 1
I = g*log(x - 2)
dx/dt = -x + I
init x = 1
--- stderr
neurode: error: dx/dt is NaN at t = 0, where the run starts
m.nd:2:7: note: this is NaN with x = 1
 2 | I = g*log(x - 2)
   |       ^~~~~~~~~~

=== a term inside a function
args: run m.nd --t 1 --n 3 --set 'a=i-1'
exit: 1
--- m.nd
param a = 1
f(u) = sqrt(u)
dx/dt = -x + f(a)
--- stderr
neurode: error: dx/dt is NaN at t = 0, where the run starts in copy 0
m.nd:2:8: note: this is NaN with u = -1
 2 | f(u) = sqrt(u)
   |        ^~~~~~~

=== a parameter cannot be set to an expression of t on the command line
args: run m.nd --set 'I_ext=t' --t 1
exit: 2
--- m.nd
param I_ext = 1
dv/dt = I_ext - v
--- stderr
--set:1:7: error: a parameter cannot depend on the time 't'
 1 | I_ext=t
   |       ^
note: a time-varying input is an intermediate of the model, e.g. I_ext = if t > 10 then 5 else 0

=== init v = v is found by check
args: check m.nd
exit: 2
--- m.nd
dv/dt = -v
init v = v
--- stderr
m.nd:2:6: error: starting values depend on each other: v -> v
 2 | init v = v
   |      ^

=== a model with no state variables: a clear error, also with rk45
args: run m.nd --method rk45
exit: 2
--- m.nd
a = 2*t
--- stderr
neurode: error: m.nd has no state variables (no dX/dt = ... equation): there is nothing to integrate

=== an empty model file
args: run m.nd --method rk45
exit: 2
--- m.nd
--- stderr
neurode: error: m.nd holds no model: no equation, parameter or intermediate

=== --n in hexadecimal is refused
args: run m.nd --n 0x10
exit: 2
--- m.nd
dx/dt = -x
--- stderr
neurode: error: --n expects a whole number from 1 to 100000000, not '0x10'
Try 'neurode --help'.

=== a tolerance below what double precision can deliver
args: run m.nd --method rk45 --rtol 1e-300
exit: 2
--- m.nd
dx/dt = -x
--- stderr
neurode: error: --rtol 1e-300 is below what double precision can deliver (use 1e-14 or more)
Try 'neurode --help'.

=== rk45 stops after max_steps with a message
args: run m.nd --method rk45 --t 1000 --max-steps 50 --dt 100
exit: 1
--- m.nd
dx/dt = -1000*(x - cos(t))
--- stderr
neurode: error: rk45 took 50 steps and reached only t = 0.0627547149 of 1000
note: the equations may be stiff, or the tolerances too tight for them (allow more steps with --max-steps or 'set max_steps')
note: the output holds the 1 row up to t = 0

=== a parameter NaN in every copy is refused where it is set
args: 
exit: 2
--- stdin
param p = 1
dx/dt = -x
set copies = 3
set p = sqrt(-1-i)
--- stderr
<stdin>:4:9: error: parameter 'p' is NaN in every copy
 4 | set p = sqrt(-1-i)
   |         ^~~~~~~~~~

=== an expression nested past the limit of parentheses
args: check m.nd
exit: 2
setup: awk 'BEGIN { printf "dv/dt = "; for (i = 0; i < 300; i++) printf "("; printf "v"; for (i = 0; i < 300; i++) printf ")"; print "" }' > m.nd
--- stderr
m.nd:1:265: error: parentheses nested too deeply
 1 | ...(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((v))))))))))))))))))))))...
   |                                     ^
note: split the expression into intermediates (more than 256 open brackets)

=== /dev/zero as a model ends with a message
args: run /dev/zero
exit: 1
--- stderr
neurode: error: cannot read '/dev/zero': it is larger than 64 MB; is it a model file?

=== /dev/zero as a script ends with a message
args: zero
exit: 1
setup: head -c 2000000 /dev/zero > zero
--- stderr
neurode: error: zero:1: the line is longer than 1 MB; is this a script?

=== show model loads back, labels included
args: 
--- stdin
load fhn
I_tot = v - w
label I_tot = "total (mV)"
save model "back.nd"
load "back.nd"
show model
--- stdout
param a = 0.7
param b = 0.8
param delta = 0.08
param I_ext = 0.5
dv/dt = v - v^3/3 - w + I_ext
dw/dt = delta*(v + a - b*w)
init v = -1
init w = 1
label t = "t (dimensionless)"
label v = "v (fast, voltage-like)"
label w = "w (slow recovery)"
option t = 200
option dt = 0.01
option method = rk4
I_tot = v - w
label I_tot = "total (mV)"

=== show vars after a run does not call current values initial
args: 
--- stdin
dx/dt = -x
init x = 2
set x = 3
show vars
run 1
show vars
--- stdout
  at t = 0 (initial values)
  x            = 3  (initial value set)
  at t = 1
  x            = 1.103638324

=== plot V,, w is refused
args: 
exit: 2
--- stdin
dv/dt = -v
dw/dt = -w
run 1
plot v,, w
--- stderr
<stdin>:4:8: error: a variable is missing before this ','
 4 | plot v,, w
   |        ^

=== plotting a whole population names the variable in the hint
args: 
exit: 2
--- stdin
dv/dt = -v
set copies = 60
run 1
plot v
--- stderr
<stdin>:4:6: error: that is 60 lines: plot some copies (v[0:10]) or use 'heatmap v'
 4 | plot v
   |      ^

=== a run that would not fit in memory is refused before it starts, the state unchanged
args: 
exit: 2
--- stdin
load hh
set copies = 5000
run 100
--- stderr
neurode: error: this run would keep 10002 samples of 20001 values: 2e+08 numbers (1.6 GB), more than the 50 million (0.4 GB) a session keeps
note: keep fewer samples ('set every = 5' keeps every 5th step), fewer values ('set keep = V' keeps only what you will plot or save), or use fewer copies; 'neurode run' writes any size to a file

=== keeping only what will be plotted makes the same run possible
args: 
--- stdin
load hh
set copies = 5000
set keep = V[0:3]
set every = 100
run 1
save - V[2]
--- stdout
t,V[2]
0,0
1,9.020777357395596

