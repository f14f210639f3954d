# The analyses (issue 10): fixed -- its forms and its refusals.

=== fixed from the command line: FitzHugh-Nagumo's one equilibrium
args: fixed fhn --set I_ext=0
exit: 0
--- stdout
1 equilibrium (Newton from 1600 points in v [-2.554, -0.4821], w [-1.438, 1.813]; Jacobian exact)
  v = -1.199408035, w = -0.6242600441: stable focus
   eigenvalues -0.2512898175 +- 0.2119493436i

=== fixed with a box of one's own
args: fixed fhn v -1 0 w -1 0
exit: 0
--- stdout
1 equilibrium (Newton from 1600 points in v [-1, 0], w [-1, 0]; Jacobian exact)
  v = -0.804847747, w = -0.1310596838: unstable focus
   eigenvalues 0.1441100521 +- 0.1915468774i

=== fixed where there is none
args: fixed m.nd
exit: 1
--- m.nd
dx/dt = 1 + x^2
--- stderr
neurode: error: no equilibrium found in the box
note: give a box of your own: 'fixed x LO HI ...'

=== fixed: a range the wrong way round
args: fixed fhn v 1 -1
exit: 2
--- stderr
<command line>:1:9: error: the range of 'v' must go from a lower to a higher value
 1 | fixed v 1 -1
   |         ^~~~

=== fixed: not a state variable
args: fixed fhn a 0 1
exit: 2
--- stderr
<command line>:1:7: error: 'a' is not a state variable
 1 | fixed a 0 1
   |       ^

=== fixed: an incomplete range
args: fixed fhn v 1
exit: 2
--- stderr
<command line>:1:9: error: usage: fixed [VAR LO HI ...] (each variable with its range: v -3 3)
 1 | fixed v 1
   |         ^

=== fixed on a population
args: m.nd
exit: 2
--- m.nd
dx/dt = -x
set copies = 3
fixed
--- stderr
m.nd:3:1: error: 'fixed' studies one copy of a model: 'set copies = 1' first
 3 | fixed
   | ^~~~~

=== fixed on a discrete model
args: fixed m.nd
exit: 2
--- m.nd
x(t+1) = x/2
--- stderr
<command line>:1:1: error: 'fixed' is for continuous models (dX/dt = ...); this one is discrete
 1 | fixed
   | ^~~~~

=== fixed without a model file
args: fixed
exit: 2
--- stderr
neurode: error: fixed expects a model file: neurode fixed FILE
Try 'neurode --help'.


=== sweep: a step of 0
args: sweep fhn I_ext 0 1 0 measure max v
exit: 2
--- stderr
<command line>:1:17: error: a step of 0 never goes from 0 to 1
 1 | sweep I_ext 0 1 0 measure max v
   |                 ^

=== sweep: a step that goes the wrong way
args: sweep fhn I_ext 0 1 -0.1 measure max v
exit: 2
--- stderr
<command line>:1:17: error: a step of -0.1 never goes from 0 to 1
 1 | sweep I_ext 0 1 -0.1 measure max v
   |                 ^~~~

=== sweep: a measure on an unknown variable
args: sweep fhn I_ext 0 1 0.5 measure max vv
exit: 2
--- stderr
<command line>:1:33: error: unknown variable 'vv' (a state or an intermediate)
 1 | sweep I_ext 0 1 0.5 measure max vv
   |                                 ^~

=== sweep: an unknown measure
args: sweep fhn I_ext 0 1 0.5 measure height v
exit: 2
--- stderr
<command line>:1:29: error: unknown measure 'height': spikes, rate, max, min, mean, final or period
 1 | sweep I_ext 0 1 0.5 measure height v
   |                             ^~~~~~

=== sweep: a measure of a variable needs the variable
args: sweep fhn I_ext 0 1 0.5 measure max
exit: 2
--- stderr
<command line>:1:32: error: 'max' of which variable? e.g. 'measure max V'
 1 | sweep I_ext 0 1 0.5 measure max
   |                                ^

=== sweep: not a parameter
args: sweep fhn v 0 1 0.5 measure max v
exit: 2
--- stderr
<command line>:1:7: error: 'v' is not a parameter of the model
 1 | sweep v 0 1 0.5 measure max v
   |       ^

=== sweep of the final value of FHN's v, three values
args: sweep fhn I_ext 0 1 0.5 measure final w --set t=50
exit: 0
--- stdout
I_ext,final w
0,-0.6242395756062378
0.5,-0.049080049522836636
1,0.25676869897549204

=== period of something that is not a state
args: period fhn a
exit: 2
--- stderr
<command line>:1:8: error: 'a' is not a state variable
 1 | period a
   |        ^

=== threshold where the measure does not change
args: threshold fhn I_ext 0 0.1 measure spikes
exit: 1
--- stderr
neurode: error: spikes does not change from 0 to nonzero between I_ext = 0 (1) and 0.1 (1)
note: give a bracket where it does: 'threshold I_ext LO HI measure ...'


=== nullclines of a one-variable model
args: nullclines m.nd x x
exit: 2
--- m.nd
dx/dt = -x
--- stderr
<command line>:1:1: error: nullclines are curves in the plane of two state variables; this model has 1
 1 | nullclines x x
   | ^~~~~~~~~~

=== prc of a solution that does not oscillate
args: prc fhn v 0.1 --set I_ext=0
exit: 1
--- stderr
neurode: error: no limit cycle to take the phase of: the solution settles
note: 'period v' says more


=== sweep: a run that blows up gives NaN, says why, and the exit status is 1
args: sweep m.nd p 0 1 0.5 measure max x
exit: 1
--- m.nd
param p = 1
dx/dt = p*x^2
init x = 1
option t = 2
--- stdout
p,max x
0,1
0.5,1639.820373808413
1,nan

--- stderr
neurode: error: x became infinite at t = 1.03
note: a smaller step (dt) or the adaptive method rk45 may help
neurode: error: the run at p = 1 failed: its measure is NaN


=== sweep: spikes of a model with spike events are its events (LIF: its analytic counts in 100 ms)
args: sweep lif I_ext 1.5 2.5 0.5 measure spikes --set t=100
exit: 0
--- stdout
# spikes: from the model's spike events
I_ext,spikes
1.5,7
2,11
2.5,14

=== sweep: spikes through a named variable and threshold are crossings, even with events
args: sweep lif I_ext 1.5 2.5 0.5 measure spikes V 0.5 --set t=100
exit: 0
--- stdout
# spikes: upward crossings of V through 0.5
I_ext,spikes
1.5,8
2,11
2.5,14

