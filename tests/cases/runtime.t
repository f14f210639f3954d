# Runtime errors: a state that becomes NaN or infinite is named with the
# time, the run stops (exit 1), and the rows written so far stay valid CSV.

=== a solution that blows up in finite time (rk4)
args: run m.nd --t 2 --dt 0.25
exit: 1
--- m.nd
dV/dt = V^2
init V = 1

--- stdout
t,V
0,1
0.25,1.3332209000291564
0.5,1.9988380985435357
0.75,3.9723776737243384
1,32.828045869684615
1.25,409643687560.30035
1.5,2.3828088419462172e+172

--- stderr
neurode: error: V became infinite at t = 1.75
note: a smaller step (dt) or the adaptive method rk45 may help
note: the output holds the 7 rows up to t = 1.5

=== a NaN from the square root of a negative number
args: run m.nd --t 2 --dt 0.25 --method euler
exit: 1
--- m.nd
dV/dt = sqrt(V) - 2
init V = 1

--- stdout
t,V
0,1
0.25,0.75
0.5,0.46650635094610965
0.75,0.13725952641916445
1,-0.27011909159374914

--- stderr
neurode: error: V became NaN at t = 1.25
note: a smaller step (dt) or the adaptive method rk45 may help
note: the output holds the 5 rows up to t = 1

=== the copy that blows up is named in a population
args: run m.nd --n 3 --set 'a=i' --t 2 --dt 0.25 --vars 'V[2]'
exit: 1
--- m.nd
param a = 1
dV/dt = a*V^2
init V = 1

--- stdout
t,V[2]
0,1
0.25,1.988453826556603
0.5,16.506090362570017
0.75,221927041169.87396
1,4.299346367626784e+172

--- stderr
neurode: error: V[2] became infinite at t = 1.25
note: a smaller step (dt) or the adaptive method rk45 may help
note: the output holds the 5 rows up to t = 1

=== an initial value that is already NaN
args: run m.nd --t 1
exit: 2
--- m.nd
dV/dt = -V
init V = log(-1)

--- stdout

--- stderr
m.nd:2:10: error: the initial value of 'V' is NaN
 2 | init V = log(-1)
   |          ^~~~~~~

=== rk45 reports where its step size collapses
args: run m.nd --t 2 --dt 0.5 --method rk45
exit: 1
--- m.nd
dV/dt = V^2
init V = 1

--- stdout
t,V
0,1
0.5,1.9999986147128959
1,3798381.8083087434

--- stderr
neurode: error: the step size fell below 9.28e-14 at t = 1.000000263, where V = 1.50021e+12 changes too fast
note: the solution may blow up here, or the equations are stiff
note: the output holds the 3 rows up to t = 1

=== a blow-up written to a file keeps the rows before it, beside the file
args: run m.nd --t 2 --dt 0.25 --every 2 --out v.csv
exit: 1
--- m.nd
dV/dt = V^2
init V = 1
--- v.csv
t,V
0,1
--- after v.csv
t,V
0,1
--- after v.csv.partial
t,V
0,1
0.5,1.9988380985435357
1,32.828045869684615
1.5,2.3828088419462172e+172
--- stderr
neurode: error: V became infinite at t = 1.75
note: a smaller step (dt) or the adaptive method rk45 may help
note: the 4 rows up to t = 1.5 are in v.csv.partial (v.csv was not changed)

=== a successful run replaces the output file whole, and leaves nothing beside it
args: run m.nd --t 1 --dt 0.5 --method euler --out v.csv
setup: printf 'old\n' > v.csv
--- m.nd
dV/dt = -V
init V = 1
--- after v.csv
t,V
0,1
0.5,0.5
1,0.25
--- stderr

=== an output that cannot be opened leaves nothing behind
args: run m.nd --t 1 --out no/such/dir/v.csv
exit: 1
--- m.nd
dV/dt = -V
--- stderr
neurode: error: cannot open 'no/such/dir/v.csv' for writing: No such file or directory
