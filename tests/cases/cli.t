# Command-line errors: usage errors exit 2, I/O and runtime errors exit 1.

=== no arguments and an empty standard input: an empty script
args:
exit: 0
--- stdout
--- stderr

=== an unknown command
args: simulate hh
exit: 2
--- stderr
neurode: error: unknown command 'simulate' (expected run, check, or a script file)
Try 'neurode --help'.

=== run without a model file
args: run
exit: 2
--- stderr
neurode: error: no model file given
Try 'neurode --help'.

=== an unknown option
args: run hh --bogus 1
exit: 2
--- stderr
neurode: error: unknown option '--bogus'
Try 'neurode --help'.

=== an option without its value
args: run hh --t
exit: 2
--- stderr
neurode: error: option '--t' needs a value
Try 'neurode --help'.

=== a negative time step
args: run hh --dt -1
exit: 2
--- stderr
neurode: error: --dt expects a positive number, not '-1'
Try 'neurode --help'.

=== a time that is not a number
args: run hh --t 10ms
exit: 2
--- stderr
neurode: error: --t expects a positive number, not '10ms'
Try 'neurode --help'.

=== an unknown method
args: run hh --method rk5
exit: 2
--- stderr
neurode: error: unknown method 'rk5' (known methods: euler, rk2, rk4, rk45, expeuler, map, cn, be, rodas)
Try 'neurode --help'.

=== a population of zero copies
args: run hh --n 0
exit: 2
--- stderr
neurode: error: --n expects a whole number from 1 to 100000000, not '0'
Try 'neurode --help'.

=== a fractional every
args: run hh --every 2.5
exit: 2
--- stderr
neurode: error: --every expects a whole number (1 or more), not '2.5'
Try 'neurode --help'.

=== a negative seed
args: run hh --seed -3
exit: 2
--- stderr
neurode: error: --seed expects a whole number (0 or more), not '-3'
Try 'neurode --help'.

=== --set of an unknown parameter, with a suggestion
args: run hh --set Iext=3
exit: 2
--- stderr
--set:1:1: error: 'Iext' is not a parameter of this model
 1 | Iext=3
   | ^~~~
note: did you mean 'I_ext'?

=== --set of a state variable
args: run hh --set V=3
exit: 2
--- stderr
--set:1:1: error: 'V' is a state variable, not a parameter
 1 | V=3
   | ^
note: set its starting value with --init V=...

=== --init of a parameter
args: run hh --init gNa=3
exit: 2
--- stderr
--init:1:1: error: 'gNa' is a parameter, not a state variable
 1 | gNa=3
   | ^~~
note: set it with --set gNa=...

=== --set without '='
args: run hh --set I_ext
exit: 2
--- stderr
--set:1:1: error: expected NAME=EXPR
 1 | I_ext
   | ^~~~~
note: e.g. --set I_ext=10

=== --set with a syntax error in the expression
args: run hh --set 'I_ext=(2'
exit: 2
--- stderr
--set:1:7: error: syntax error: this '(' is not closed before the end of the input
 1 | I_ext=(2
   |       ^

=== --set using an undefined name
args: run hh --set 'I_ext=20*j'
exit: 2
--- stderr
--set:1:10: error: undefined name 'j'
 1 | I_ext=20*j
   |          ^
note: here you can use the model's parameters, i (the copy's index) and N (the number of copies)

=== --set where a parameter cannot depend on a state
args: run hh --set 'I_ext=V'
exit: 2
--- stderr
--set:1:7: error: a parameter cannot depend on the state variable 'V'
 1 | I_ext=V
   |       ^
note: a parameter's value may use other parameters, i and N

=== --set values that depend on each other
args: run hh --set 'gNa=gK' --set 'gK=gNa'
exit: 2
--- stderr
--set:1:5: error: parameter values depend on each other: gNa -> gK -> gNa
 1 | gNa=gK
   |     ^~

=== --vars with an unknown variable
args: run hh --vars V,Vm
exit: 2
--- stderr
neurode: error: --vars: unknown variable 'Vm'; did you mean 'V'?
Try 'neurode --help'.

=== --vars with an index out of range
args: run hh --n 10 --vars 'V[10]'
exit: 2
--- stderr
neurode: error: --vars: index out of range for 'V' (copies are numbered 0 to 9)
Try 'neurode --help'.

=== --vars with a malformed index
args: run hh --n 10 --vars 'V[1'
exit: 2
--- stderr
neurode: error: --vars: bad index in 'V[1': write V[K] or a range V[A:B]
Try 'neurode --help'.

=== a model file that does not exist
args: run nosuch/model.nd
exit: 1
--- stderr
neurode: error: cannot open model 'nosuch/model.nd': No such file or directory

=== a directory given as the model
args: run .
exit: 1
--- stderr
neurode: error: cannot read model '.': Is a directory

=== an unwritable output file
args: run hh --t 1 --out nosuch/out.csv
exit: 1
--- stderr
neurode: error: cannot open 'nosuch/out.csv' for writing: No such file or directory

=== check options belong to check
args: run hh --dump-ir
exit: 2
--- stderr
neurode: error: '--dump-ir' belongs to 'neurode check'
Try 'neurode --help'.

=== run options do not belong to check
args: check hh --t 3
exit: 2
--- stderr
neurode: error: unknown option '--t' for 'check'
Try 'neurode --help'.

=== rtol with a fixed-step method warns
args: run hh --t 0.02 --rtol 1e-3 --out v.csv
exit: 0
--- stderr
neurode: warning: --rtol and --atol only affect --method rk45

