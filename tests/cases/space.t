# Models on a domain (issue 9): what a small grid writes, what check says,
# and every way of getting space wrong (exact messages).

=== a cable of 5 points: columns V[0]..V[4], the clamped end at its value from the start
args: run m.nd --t 0.2 --dt 0.1
exit: 0
--- m.nd
domain x = [0, 4] with 5 points
dV/dt = d2V/dx2 - V
init V = x
boundary x = 0: V = 1
--- stdout
t,V[0],V[1],V[2],V[3],V[4]
0,1,1,2,3,4
0.1,1,0.9885827162316924,1.8187053354921292,2.711605829840963,3.4761399730214393
0.2,1,0.9686017831990047,1.653229502146208,2.4374975167249295,3.017068966717228

=== check describes the grid and the ends
args: check m.nd
exit: 0
--- m.nd
param L = 2, n = 21
domain x = [0, L] with n points
dV/dt = 0.5*d2V/dx2 - V + 2*dirac(x - 1)
dw/dt = V - w
boundary x = L: V = sin(t)
--- stdout
m.nd: ok
  kind            continuous, on a domain
  states          2: V, w
  parameters      2: L, n
  intermediates   0
  functions       0
  domain          x = [0, 2], 21 points, dx = 0.1
  diffuses        V: sealed at x = 0, value given at x = 2
  expeuler        every equation is linear in its own variable
  right-hand side 21 instructions, 5 temporaries

=== use: another file's parameters and functions, the file's own definitions win
args: check m.nd
exit: 0
--- m.nd
use hh
param gNa = 100
dV/dt = -gNa*alpha_m(V)*V
--- stdout
m.nd: ok
  kind            continuous
  states          1: V
  parameters      8: Cm, gK, gL, ENa, EK, EL, I_ext, gNa
  intermediates   0
  functions       6: alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h
  expeuler        no equation is linear in its own variable: forward Euler
  right-hand side 6 instructions, 2 temporaries

=== use of a file that is not there
args: check m.nd
exit: 2
--- m.nd
use hhh
dV/dt = -V
--- stderr
m.nd:1:5: error: cannot use 'hhh': No such file or directory
 1 | use hhh
   |     ^~~
note: did you mean 'hh'?

=== a second derivative in space without a domain
args: check m.nd
exit: 2
--- m.nd
param D = 1
dV/dt = D*d2V/dx2 - V
--- stderr
m.nd:2:11: error: 'd2V/dx2' is a derivative in space, but the model has no domain
 2 | dV/dt = D*d2V/dx2 - V
   |           ^~~~~~~
note: declare one: domain x = [0, L] with 101 points (or, for a division, put spaces around '/')

=== a derivative with respect to something other than the domain
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dy2
--- stderr
m.nd:2:9: error: 'y' is not a coordinate: the domain is 'x'
 2 | dV/dt = d2V/dy2
   |         ^~~~~~~

=== a first derivative in an equation
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 - dV/dx
--- stderr
m.nd:2:19: error: 'dV/dx' belongs in a boundary condition: boundary x = 0: dV/dx = ...
 2 | dV/dt = d2V/dx2 - dV/dx
   |                   ^~~~~

=== another variable's second derivative
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2
dw/dt = d2V/dx2
--- stderr
m.nd:3:9: error: the equation of 'w' cannot use 'd2V/dx2': a variable diffuses in its own equation
 3 | dw/dt = d2V/dx2
   |         ^~~~~~~

=== a boundary condition at a point that is not an end
args: check m.nd
exit: 2
--- m.nd
param L = 5
domain x = [0, L] with 11 points
dV/dt = d2V/dx2 - V
boundary x = 3: V = 0
--- stderr
m.nd:4:14: error: x = 3 is not an end of the domain x = [0, L]
 4 | boundary x = 3: V = 0
   |              ^
note: a boundary condition goes at x = 0 or x = L; a source inside is a term of the equation: ... + I*dirac(x - 3)

=== a boundary condition for an unknown coordinate
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 - V
boundary y = 0: V = 0
--- stderr
m.nd:3:10: error: unknown coordinate 'y': the domain is 'x'
 3 | boundary y = 0: V = 0
   |          ^

=== a boundary condition without a domain
args: check m.nd
exit: 2
--- m.nd
dV/dt = -V
boundary x = 0: V = 0
--- stderr
m.nd:2:10: error: a boundary condition needs a domain, and this model has none
 2 | boundary x = 0: V = 0
   |          ^
note: declare one: domain x = [0, L] with 101 points

=== a boundary condition for a variable that does not diffuse
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 - V + w
dw/dt = V - w
boundary x = 0: w = 0
--- stderr
m.nd:4:17: error: 'w' does not diffuse (its equation has no d2w/dx2), so it takes no boundary condition
 4 | boundary x = 0: w = 0
   |                 ^

=== a boundary condition for a parameter
args: check m.nd
exit: 2
--- m.nd
param g = 1
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 - g*V
boundary x = 1: g = 0
--- stderr
m.nd:4:17: error: 'g' is a parameter; a boundary condition is given for a variable on the domain
 4 | boundary x = 1: g = 0
   |                 ^
note: write the value at the end (V = 0) or the slope there (dV/dx = 0)

=== two conditions at the same end
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 - V
boundary x = 1: V = 0
boundary x = 1: dV/dx = 0
--- stderr
m.nd:4:1: error: a second condition for 'V' at x = 1
 4 | boundary x = 1: dV/dx = 0
   | ^~~~~~~~~~~~~~~~~~~~~~~~~
m.nd:3:1: note: the first is here
 3 | boundary x = 1: V = 0
   | ^~~~~~~~~~~~~~~~~~~~~

=== a boundary condition that is not linear in the slope
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 - V
boundary x = 0: (dV/dx)^2 = 1
--- stderr
m.nd:3:17: error: a boundary condition must be linear in dV/dx (e.g. -k*dV/dx = I)
 3 | boundary x = 0: (dV/dx)^2 = 1
   |                 ^~~~~~~~~

=== a boundary condition that reads the state
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 - V
boundary x = 0: dV/dx = V
--- stderr
m.nd:3:25: error: a boundary condition cannot use a state variable 'V'
 3 | boundary x = 0: dV/dx = V
   |                         ^
note: it gives the value (V = ...) or the slope (dV/dx = ...) at an end from parameters and t

=== fewer than 3 points
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 2 points
dV/dt = d2V/dx2
--- stderr
m.nd:1:24: error: the domain 'x' needs a whole number of points, at least 3 (both ends and one inside), not 2
 1 | domain x = [0, 1] with 2 points
   |                        ^
note: points include both ends: x_k = k*L/(n - 1)

=== a number of points that is not whole
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 10.5 points
dV/dt = d2V/dx2
--- stderr
m.nd:1:24: error: the domain 'x' needs a whole number of points, at least 3 (both ends and one inside), not 10.5
 1 | domain x = [0, 1] with 10.5 points
   |                        ^~~~
note: points include both ends: x_k = k*L/(n - 1)

=== an empty domain (L = 0)
args: check m.nd
exit: 2
--- m.nd
param L = 0
domain x = [0, 0] with 11 points
dV/dt = d2V/dx2
--- stderr
m.nd:2:13: error: the domain 'x' = [0, 0] is empty: its length must be more than 0
 2 | domain x = [0, 0] with 11 points
   |             ^~~~

=== a length set to 0 or less on the command line
args: run m.nd --set L=-1
exit: 2
--- m.nd
param L = 5, n = 101
domain x = [0, L] with n points
dV/dt = d2V/dx2
--- stderr
m.nd:2:13: error: the domain 'x' = [0, -1] is empty: its length must be more than 0
 2 | domain x = [0, L] with n points
   |             ^~~~

=== too few points set on the command line
args: run m.nd --set n=2
exit: 2
--- m.nd
param L = 5, n = 101
domain x = [0, L] with n points
dV/dt = d2V/dx2
--- stderr
m.nd:2:24: error: the domain 'x' needs a whole number of points, at least 3 (both ends and one inside), not 2
 2 | domain x = [0, L] with n points
   |                        ^
note: points include both ends: x_k = k*L/(n - 1)

=== a domain that uses a state
args: check m.nd
exit: 2
--- m.nd
domain x = [0, V] with 11 points
dV/dt = d2V/dx2
--- stderr
m.nd:1:16: error: the domain's extent and number of points are constants: they cannot use a state variable 'V'
 1 | domain x = [0, V] with 11 points
   |                ^
note: use numbers and parameters

=== the domain's statement misspelt
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 pts
dV/dt = d2V/dx2
--- stderr
m.nd:1:27: error: expected 'with N points' after the domain's extent
 1 | domain x = [0, 1] with 11 pts
   |                           ^~~
note: write: domain x = [0, L] with 101 points

=== two domains
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
domain y = [0, 1] with 11 points
dV/dt = d2V/dx2
--- stderr
m.nd:2:8: error: a model has one domain; 'y' is a second
 2 | domain y = [0, 1] with 11 points
   |        ^
m.nd:1:8: note: the first is here
 1 | domain x = [0, 1] with 11 points
   |        ^

=== a coefficient of d2V/dx2 that depends on V
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = V*d2V/dx2
--- stderr
m.nd:2:9: error: the coefficient of d2V/dx2 cannot depend on the state variables
 2 | dV/dt = V*d2V/dx2
   |         ^~~~~~~~~
note: it may use parameters and x (the diffusion is solved implicitly with its coefficient fixed)

=== an equation not linear in d2V/dx2
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = (d2V/dx2)^2
--- stderr
m.nd:2:9: error: dV/dt must be linear in d2V/dx2: D*d2V/dx2 + (terms without it)
 2 | dV/dt = (d2V/dx2)^2
   |         ^~~~~~~~~~~

=== an explicit method above its stability limit names the limit
args: run m.nd --method rk4 --dt 0.01 --t 1
exit: 2
--- m.nd
param D = 1
domain x = [0, 1] with 101 points
dV/dt = D*d2V/dx2
--- stderr
neurode: error: method rk4 with dt = 0.01 is unstable on this grid: an explicit method needs dt <= dx^2/(2D) = 5e-05 here (dx = 0.01, largest D = 1)
note: use method cn (the default on a domain: implicit, any dt) or be, or dt <= 5e-05

=== an explicit method below the limit runs (dx^2/(2D) = 5e-5)
args: run m.nd --method rk4 --dt 5e-5 --t 1e-4 --vars 'V[50]'
exit: 0
--- m.nd
param D = 1
domain x = [0, 1] with 101 points
dV/dt = D*d2V/dx2
init V = sin(pi*x)
--- stdout
t,V[50]
0,1
5e-05,0.9995066820870464
0.0001,0.999013607536656

=== copies cannot be set on a domain
args: run m.nd --n 10
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2
--- stderr
neurode: error: this model is on the domain 'x': its copies are the domain's points, so copies (--n) cannot be set
note: the number of points is given by the domain statement (domain x = [0, L] with N points)

=== cn needs a domain
args: run m.nd --method cn
exit: 2
--- m.nd
dV/dt = -V
--- stderr
neurode: error: method cn solves the diffusion (d2V/dx2) of a model on a domain, and this model has none
note: use rk4, or rk45

=== dirac without a domain
args: check m.nd
exit: 2
--- m.nd
dV/dt = -V + dirac(V)
--- stderr
m.nd:1:14: error: dirac() is a point source on a domain, but this model has none
 1 | dV/dt = -V + dirac(V)
   |              ^~~~~~~~
note: declare one: domain x = [0, L] with 101 points

=== the coordinate in a parameter
args: check m.nd
exit: 2
--- m.nd
domain x = [0, 1] with 11 points
param a = x
dV/dt = d2V/dx2 - a
--- stderr
m.nd:2:11: error: parameter 'a' cannot depend on the domain's coordinate 'x'
 2 | param a = x
   |           ^
note: parameters are constants; make 'a' an intermediate: a = ...


=== profile and velocity need a domain
args: m.nd
exit: 2
--- m.nd
dV/dt = -V
run 1
profile V
--- stderr
m.nd:3:1: error: 'profile' is for a model on a domain (domain x = [0, L] with n points), and this one has none
 3 | profile V
   | ^~~~~~~

=== velocity names the point where nothing crosses
args: m.nd
exit: 1
--- m.nd
domain x = [0, 10] with 101 points
dV/dt = d2V/dx2 - V
init V = exp(-x)
run 1
velocity V 0.5 2 8
--- stderr
neurode: error: V does not rise through 0.5 at x = 2 (nor at the other point) in the last run
note: run longer, or choose a threshold the wave crosses

=== velocity: a position off the domain
args: m.nd
exit: 2
--- m.nd
domain x = [0, 10] with 101 points
dV/dt = d2V/dx2 - V
run 1
velocity V 0.5 2 18
--- stderr
m.nd:4:10: error: x = 18 is outside the domain [0, 10]
 4 | velocity V 0.5 2 18
   |          ^~~~~~~~~~

=== profile takes whole variables
args: m.nd
exit: 2
--- m.nd
domain x = [0, 10] with 101 points
dV/dt = d2V/dx2 - V
run 1
profile V[3]
--- stderr
m.nd:4:9: error: a profile is of whole variables on the domain: write the names alone, e.g. 'profile V'
 4 | profile V[3]
   |         ^~~~

=== a position on the grid names a column, and the nearest point otherwise
args: run m.nd --t 0.1 --dt 0.1 --vars 'V@x=2.5,V@x=2.51,V[25]'
exit: 0
--- m.nd
domain x = [0, 10] with 101 points
dV/dt = d2V/dx2 - V
init V = x
--- stdout
t,V@x=2.5,V@x=2.5,V[25]
0,2.5,2.5,2.5
0.1,2.267589700795805,2.267589700795805,2.267589700795805


=== an event at every point of a grid: a front's arrival (speed 0.25), once per point
args: run m.nd --t 8 --dt 0.05 --spikes -
exit: 0
--- m.nd
param a = 0.25
domain x = [0, 8] with 33 points
dV/dt = 0.5*d2V/dx2 + V*(1 - V)*(V - a)
dw/dt = 0
init V = if x < 2 then 1 else 0
on V >= 0.5: w += 1
--- stdout
t,group,index
1.2334333724351374,main,8
2.7177436695286894,main,9
3.9906978121369527,main,10
5.160342650731646,main,11
6.268634026170608,main,12
7.338602356478238,main,13

=== a right-hand side that is not finite names the point by its position
args: run m.nd --t 1
exit: 1
--- m.nd
domain x = [0, 1] with 11 points
dV/dt = d2V/dx2 + 1/(x - 0.5)
--- stderr
neurode: error: dV/dt is infinite at t = 0, where the run starts at x = 0.5
m.nd:2:19: note: this is infinite with x = 0.5
 2 | dV/dt = d2V/dx2 + 1/(x - 0.5)
   |                   ^~~~~~~~~~~

=== show vars on a domain shows the first point
args: m.nd
exit: 0
--- m.nd
domain x = [2, 3] with 11 points
dV/dt = d2V/dx2
init V = x
show vars
--- stdout
  at t = 0 (initial values), at x = 2
  V            = 2

