# Events, refractory periods, discrete maps, randomness and tables: what
# they do (exact small runs) and every way of getting them wrong (exact
# messages).

=== a LIF neuron's spikes, at their analytic times to 1e-9 ms (10 ln 3 = 10.98612288668)
args: run m.nd --t 40 --dt 0.1 --spikes -
exit: 0
--- m.nd
param tau_m = 10, R = 1, I_ext = 1.5, V_th = 1, V_reset = 0, t_ref = 2
dV/dt = (R*I_ext - V)/tau_m
on V >= V_th: V = V_reset
refractory t_ref hold V
--- stdout
t,group,index
10.986122887545305,main,0
23.972245774981335,main,0
36.95836866233742,main,0

=== check says what a model is
args: check m.nd
exit: 0
--- m.nd
param r = 5
dV/dt = -V + 0.1*xi
dn/dt = 0
on V >= 1: V = 0
on poisson(r): n += 1
refractory 2 hold V
--- stdout
m.nd: ok
  kind            continuous, events, stochastic
  states          2: V, n
  parameters      1: r
  intermediates   0
  functions       0
  events          2: 1 spike, 1 Poisson input; a refractory period
  expeuler        every equation is linear in its own variable
  right-hand side 7 instructions, 2 temporaries

=== a block: let, if/else and compound assignments, in order
args: run m.nd --t 3 --dt 1 --method euler --spikes s.csv
exit: 0
--- m.nd
dx/dt = 1
init x = 0.5, y = 10
dy/dt = 0
on x >= 1 {
  let k = 2
  x = 0
  if y > 5 { y -= k } else { y *= 3 }
  y += x
}
--- stdout
t,x,y
0,0.5,10
1,0.5,8
2,0.5,6
3,0.5,4

--- after s.csv
t,group,index
0.5,main,0
1.5,main,0
2.5,main,0

=== spikes and rows both written, to two files
args: run m.nd --t 3 --dt 1 --method euler --spikes s.csv --out v.csv
exit: 0
--- m.nd
dx/dt = 1
on x >= 1.5: x = 0
--- after s.csv
t,group,index
1.5,main,0
3,main,0
--- after v.csv
t,x
0,0
1,1
2,0.5
3,0

=== a discrete map: t counts steps, every update reads the old values
args: run m.nd --t 4
exit: 0
--- m.nd
a(t+1) = b
b(t+1) = a + b
init a = 0, b = 1
--- stdout
t,a,b
0,0,1
1,1,1
2,1,2
3,2,3
4,3,5

=== a reset of an undeclared name
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V >= 1: U = 0
--- stderr
m.nd:2:12: error: cannot assign to 'U': it is not declared
 2 | on V >= 1: U = 0
   |            ^
note: an event changes state variables, declared by dU/dt = ...

=== an event cannot change a parameter
args: check m.nd
exit: 2
--- m.nd
param g = 1
dV/dt = -g*V + 1
on V >= 0.5: g = 2
--- stderr
m.nd:3:14: error: cannot assign to 'g': it is a parameter, and an event changes only state variables
 3 | on V >= 0.5: g = 2
   |              ^
note: to let events change it, make it a state: dg/dt = 0 and init g = ...

=== an event cannot change an intermediate
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
I = 2*V
on V >= 1: I = 0
--- stderr
m.nd:3:12: error: cannot assign to 'I': it is an intermediate, and an event changes only state variables
 3 | on V >= 1: I = 0
   |            ^
note: 'I' is computed from the states at every moment; change the states it depends on

=== a condition that is not a crossing
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V: V = 0
--- stderr
m.nd:2:4: error: an event's condition is a comparison that becomes true, e.g. on V >= V_th
 2 | on V: V = 0
   |    ^
note: several conditions are several events; a condition inside an equation is written 'if C then A else B'

=== == is never crossed
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V == 1: V = 0
--- stderr
m.nd:2:4: error: an event fires when its condition becomes true, and a continuous value never equals another exactly
 2 | on V == 1: V = 0
   |    ^~~~~~
note: write a crossing: on V >= V_th

=== white noise with rk4 is refused
args: run m.nd --method rk4
exit: 2
--- m.nd
dX/dt = -X + 0.5*xi
--- stderr
neurode: error: white noise (xi) is integrated by Euler-Maruyama, but the method is rk4, which would be wrong for it
note: use method euler (the default for such models) with a small dt

=== white noise in an initial value
args: check m.nd
exit: 2
--- m.nd
dX/dt = -X + xi
init X = xi
--- stderr
m.nd:2:10: error: white noise 'xi' belongs in an equation dX/dt = ...
 2 | init X = xi
   |          ^~
note: a random starting value is written with randn() or rand()

=== white noise in an event's block
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V >= 1: V = xi
--- stderr
m.nd:2:16: error: white noise 'xi' belongs in an equation dX/dt = ...
 2 | on V >= 1: V = xi
   |                ^~
note: a random kick in an event is written with randn(), e.g. V += s*randn()

=== a probability outside [0, 1] at run time names the copy and the time
args: run m.nd --t 20 --n 3 --set 'a=0.05*(i+1)' --vars 'n[0]'
exit: 1
--- m.nd
param a = 0.1
X = bernoulli(a*t)
n(t+1) = n + X
--- stderr
neurode: note: random seed 0 (--seed sets it)
neurode: error: the probability given to bernoulli() is 1.05, outside [0, 1] in copy 2 at t = 7
m.nd:2:5: note: here
 2 | X = bernoulli(a*t)
   |     ^~~~~~~~~~~~~~
note: n[2] became NaN at t = 8
note: the output holds the 8 rows up to t = 7

=== a negative refractory period
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V >= 1: V = 0
refractory -2 hold V
--- stderr
m.nd:3:12: error: the refractory period is -2; it must be 0 or more
 3 | refractory -2 hold V
   |            ^~

=== a refractory period that turns out negative for one copy, at its spike
args: run m.nd --n 3 --set 'd=1-i' --t 5 --dt 0.5 --method euler --spikes -
exit: 1
--- m.nd
param d = 1
dV/dt = 1
on V >= 1: V = 0
refractory d hold V
--- stderr
neurode: error: the refractory period is -1 in copy 2 at t = 1
note: a refractory period is a duration, 0 or more (see 'refractory' at m.nd:4)

=== a refractory period without a spike
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
refractory 2 hold V
--- stderr
m.nd:2:1: error: a refractory period follows a spike, but no event of this model is one
 2 | refractory 2 hold V
   | ^~~~~~~~~~
note: add one: on V >= V_th: V = V_reset

=== holding what is not a state
args: check m.nd
exit: 2
--- m.nd
param g = 1
dV/dt = 1
on V >= 1: V = 0
refractory 2 hold g, W
--- stderr
m.nd:4:19: error: cannot hold 'g': it is a parameter, not a state variable
 4 | refractory 2 hold g, W
   |                   ^
m.nd:4:22: error: cannot hold 'W': it is not declared
 4 | refractory 2 hold g, W
   |                      ^

=== a refractory period given twice
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V >= 1: V = 0
refractory 2 hold V
refractory 3 hold V
--- stderr
m.nd:4:1: error: the refractory period is given twice
 4 | refractory 3 hold V
   | ^~~~~~~~~~
m.nd:3:1: note: first given here
 3 | refractory 2 hold V
   | ^~~~~~~~~~

=== 'hold' misspelled
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V >= 1: V = 0
refractory 2 hodl V
--- stderr
m.nd:3:14: error: expected 'hold' after the refractory period, found 'hodl'
 3 | refractory 2 hodl V
   |              ^~~~
note: write: refractory DURATION hold V, w

=== a model both continuous and discrete
args: check m.nd
exit: 2
--- m.nd
dV/dt = -V
w(t+1) = w + 1
--- stderr
m.nd:2:1: error: 'w' is updated in discrete time, but 'V' has a derivative: a model is continuous or discrete, not both
 2 | w(t+1) = w + 1
   | ^
m.nd:1:2: note: 'V' is defined here
 1 | dV/dt = -V
   |  ^

=== an update two steps ahead
args: check m.nd
exit: 2
--- m.nd
x(t+2) = x + 1
--- stderr
m.nd:1:5: error: an update gives the next value, x(t+1); it cannot reach 2 steps ahead
 1 | x(t+2) = x + 1
   |     ^
note: keep the older values as states of their own

=== an update in another variable than t
args: check m.nd
exit: 2
--- m.nd
x(s+1) = x + 1
--- stderr
m.nd:1:3: error: a discrete-time update is written x(t+1) = ..., with 't', not 's'
 1 | x(s+1) = x + 1
   |   ^

=== a discrete model with a time step
args: run m.nd --dt 0.5
exit: 2
--- m.nd
x(t+1) = x + 1
--- stderr
neurode: error: this model is discrete: t counts steps, so dt is 1, not 0.5
note: leave dt out; the number of steps is t

=== method map for a continuous model
args: run m.nd --method map
exit: 2
--- m.nd
dx/dt = 1
--- stderr
neurode: error: method map steps discrete models (X(t+1) = ...); this model is continuous
note: choose a method for ODEs, e.g. rk4

=== a Poisson input whose rate reads a state
args: check m.nd
exit: 2
--- m.nd
dV/dt = -V
on poisson(2*V): V += 1
--- stderr
m.nd:2:12: error: a Poisson input's rate cannot depend on the state variables
 2 | on poisson(2*V): V += 1
   |            ^~~
note: its rate may use parameters, t and copy()

=== a Poisson input in a discrete model
args: check m.nd
exit: 2
--- m.nd
x(t+1) = x
on poisson(1): x = 0
--- stderr
m.nd:2:4: error: Poisson inputs arrive in continuous time; this model is discrete
 2 | on poisson(1): x = 0
   |    ^~~~~~~~~~
note: draw a step's arrivals in the update: X(t+1) = ... + w*poisson(rate)

=== a Poisson correlation outside [0, 1]
args: run m.nd --t 1
exit: 2
--- m.nd
param c = 1.5
dn/dt = 0
on poisson(10, c): n += 1
--- stderr
neurode: note: random seed 0 (--seed sets it)
m.nd:3:16: error: the correlation of a Poisson input is 1.5; it must be between 0 and 1
 3 | on poisson(10, c): n += 1
   |                ^

=== a negative Poisson rate at run time
args: run m.nd --t 2 --dt 0.5
exit: 1
--- m.nd
dn/dt = 0
on poisson(1 - t): n += 1
--- stderr
neurode: note: random seed 0 (--seed sets it)
neurode: error: the rate of the Poisson input at m.nd:2 is -0.25 at t = 1.25
note: a rate is a number of events per unit of time, 0 or more
note: the output holds the 3 rows up to t = 1

=== a temporary reassigned, and a temporary named like a state
args: check m.nd
exit: 2
--- m.nd
dV/dt = 1
on V >= 1 {
  let k = 2
  k = 3
  let V = 0
}
--- stderr
m.nd:4:3: error: 'k' is a temporary of this block (let); it cannot be assigned again
 4 |   k = 3
   |   ^
note: give the new value a name of its own: let k2 = ...
m.nd:5:7: error: the temporary 'V' needs a name of its own: 'V' is already a state variable
 5 |   let V = 0
   |       ^

=== a missing table file
args: check m.nd
exit: 2
--- m.nd
table data = "nowhere.csv"
dx/dt = data(0, 0)
--- stderr
m.nd:1:1: error: cannot read the table 'nowhere.csv': No such file or directory
 1 | table data = "nowhere.csv"
   | ^~~~~~~~~~~~~~~~~~~~~~~~~~

=== a table with a ragged row
args: check m.nd
exit: 2
--- m.nd
table data = "d.csv"
dx/dt = data(0, 0)
--- d.csv
a,b,c
1,2,3
4,5
--- stderr
d.csv:3:1: error: this row has 2 values, but the first row has 3
 3 | 4,5
   | ^~~
m.nd:1:7: note: in the table 'data' read here
 1 | table data = "d.csv"
   |       ^~~~

=== a table with a value that is not a number
args: check m.nd
exit: 2
--- m.nd
table data = "d.csv"
dx/dt = data(0, 0)
--- d.csv
1,2
3,setosa
--- stderr
d.csv:2:3: error: 'setosa' is not a number
 2 | 3,setosa
   |   ^~~~~~
m.nd:1:7: note: in the table 'data' read here
 1 | table data = "d.csv"
   |       ^~~~
note: a table holds numbers only: write categories as numbers (0, 1, ...)

=== a table used as a value, and rows() of a non-table
args: check m.nd
exit: 2
--- m.nd
table data = "d.csv"
param p = 1
dx/dt = data + rows(p) + data(1)
--- d.csv
1,2
--- stderr
m.nd:3:9: error: 'data' is a table; read a value with data(ROW, COLUMN)
 3 | dx/dt = data + rows(p) + data(1)
   |         ^~~~
note: rows and columns count from 0; rows(data) is the number of rows
m.nd:3:21: error: rows() takes the name of a table
 3 | dx/dt = data + rows(p) + data(1)
   |                     ^
note: a table is declared with: table NAME = "file.csv"
m.nd:3:26: error: table 'data' takes 2 arguments, but 1 was given
 3 | dx/dt = data + rows(p) + data(1)
   |                          ^~~~~~~

=== a table read outside its rows stops the run and says where
args: run m.nd --t 4 --dt 1 --method euler
exit: 1
--- m.nd
table data = "d.csv"
dx/dt = data(t, 0)
--- d.csv
1
2
3
--- stderr
neurode: error: row 3, column 0 is outside the table 'data' (rows 0 to 2, columns 0 to 0) at t = 3
m.nd:2:9: note: here
 2 | dx/dt = data(t, 0)
   |         ^~~~~~~~~~
note: x became NaN at t = 4
note: the output holds the 4 rows up to t = 3

=== spikes and rows cannot both go to standard output
args: run m.nd --spikes - --out -
exit: 2
--- m.nd
dx/dt = 1
--- stderr
neurode: error: --spikes - and --out - would both write to standard output (give one of them a file)
Try 'neurode --help'.

=== mean() of one copy
args: run m.nd --n 3 --vars 'mean(x[1])'
exit: 2
--- m.nd
dx/dt = 1
--- stderr
neurode: error: --vars: mean() is over all copies: write mean(x) without an index
Try 'neurode --help'.


=== a crossing whose block does not reset it fires once, also with global adaptive steps
args: run m.nd --t 10 --method rk45 --spikes -
exit: 0
--- m.nd
dV/dt = 0.1 + 0.3*sin(t)
dw/dt = 0
on V >= 0.5: w += 1
--- stdout
t,group,index
1.6782503574259011,main,0

=== a crossing whose block does not reset it fires once with fixed steps too (HH counting its spikes; rk45: 1.43967166, 14.5361738, 27.2735820)
args: run m.nd --set I_ext=15 --t 30 --method rk4 --dt 0.01 --spikes -
exit: 0
--- m.nd
param Cm = 1
param gNa = 120, gK = 36, gL = 0.3
param ENa = 115, EK = -12, EL = 10.6
param I_ext = 10
alpha_n(V) = 0.01*(10 - V)/(exp((10 - V)/10) - 1)
beta_n(V)  = 0.125*exp(-V/80)
alpha_m(V) = 0.1*(25 - V)/(exp((25 - V)/10) - 1)
beta_m(V)  = 4*exp(-V/18)
alpha_h(V) = 0.07*exp(-V/20)
beta_h(V)  = 1/(exp((30 - V)/10) + 1)
I_Na = gNa*m^3*h*(V - ENa)
I_K  = gK*n^4*(V - EK)
I_L  = gL*(V - EL)
dV/dt = (I_ext - I_Na - I_K - I_L)/Cm
dm/dt = alpha_m(V)*(1 - m) - beta_m(V)*m
dh/dt = alpha_h(V)*(1 - h) - beta_h(V)*h
dn/dt = alpha_n(V)*(1 - n) - beta_n(V)*n
init V = 0
init m = alpha_m(V)/(alpha_m(V) + beta_m(V))
init h = alpha_h(V)/(alpha_h(V) + beta_h(V))
init n = alpha_n(V)/(alpha_n(V) + beta_n(V))
dc/dt = 0
on V >= 50: c += 1
--- stdout
t,group,index
1.4396714087706814,main,0
14.536173533435452,main,0
27.27358210656689,main,0
