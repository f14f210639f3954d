# The language: every construct, checked through the values it produces.
# Intermediates are written as columns at t = 0 (--t 1 --dt 1 writes t = 0, 1).

=== numbers, precedence and associativity
args: run m.nd --t 1 --dt 1 --vars a,b,c,d,e,f,g,h
exit: 0
--- m.nd
a = 12 + 0.5 + 1e-3 + .25     # number forms
b = -2^2                      # -(2^2)
c = 2^3^2                     # 2^(3^2), right-associative
d = 2**-1                     # ** is ^; an exponent may be negative
e = 7 - 2 - 1                 # left-associative
f = 8/4/2
g = 1 + 2*3^2
h = -(1 - 3)*+2
dV/dt = 0

--- stdout
t,a,b,c,d,e,f,g,h
0,12.751,-4,512,0.5,4,1,19,4
1,12.751,-4,512,0.5,4,1,19,4
--- stderr

=== comparisons, logic and conditionals
args: run m.nd --t 1 --dt 1 --vars a,b,c,d,e,f,g
exit: 0
--- m.nd
a = (1 < 2) + (2 <= 2) + (3 > 4) + (4 >= 5) + (5 == 5) + (5 != 5)
b = 1 < 2 and 3 < 2
c = 1 < 2 or 3 < 2
d = not 0
e = if V > 0 then 10 else -10
f = if 1 > 2 then 1 else if 2 > 1 then 2 else 3
g = not 1 < 2 and 1     # not binds looser than comparison
dV/dt = 0
init V = 1

--- stdout
t,a,b,c,d,e,f,g
0,3,0,1,1,10,2,0
1,3,0,1,1,10,2,0
--- stderr

=== built-in functions and pi
args: run m.nd --t 1 --dt 1 --vars a,b,c,d,e,f,g,h,k,l,m,n,o,p
exit: 0
--- m.nd
a = exp(1) - log(exp(2)) + log10(1000)
b = sqrt(16) + abs(-3)
c = sin(pi/2) + cos(0) + tan(0)
d = asin(1) + acos(1) + atan(1)
e = atan2(1, -1)
f = sinh(0) + cosh(0) + tanh(0)
g = pow(2, 10)
h = min(3, -2) + max(3, -2)
k = floor(-1.5) + ceil(-1.5)
l = heaviside(-1) + heaviside(0) + heaviside(2)
m = sign(-3) + sign(0) + sign(5)
n = clip(5, 0, 1) + clip(-5, 0, 1) + clip(0.5, 0, 1)
o = exprel(0) + exprel(1)
p = pi
dV/dt = 0

--- stdout
t,a,b,c,d,e,f,g,h,k,l,m,n,o,p
0,3.718281828459045,7,2,2.356194490192345,2.356194490192345,1,1024,1,-3,2,0,1.5,2.718281828459045,3.141592653589793
1,3.718281828459045,7,2,2.356194490192345,2.356194490192345,1,1024,1,-3,2,0,1.5,2.718281828459045,3.141592653589793
--- stderr

=== statements: order, prime form, separators, continuation, comments
args: run m.nd --t 0.5 --dt 0.25
exit: 0
--- m.nd
# intermediates may be used before they are defined
dx/dt = rate*x ; y' = -y       # two statements on one line, prime form
rate = half*2                   # evaluated in dependency order
half = k/2
param k = -1, k2 = 2*k          # a parameter from an earlier one
z = (x +
     y)                         # newlines inside parentheses are spaces
w = x \
    + y                         # a backslash continues a line
u = x +
    y                           # so does an operator at the end of a line
init x = 1, y = 2*x

--- stdout
t,x,y
0,1,2
0.25,0.77880859375,1.5576171875
0.5,0.6065428256988525,1.213085651397705
--- stderr

=== a derived parameter follows --set of the one it uses
args: run m.nd --t 1 --dt 1 --set k=3 --vars k,k2
exit: 0
--- m.nd
param k = 1, k2 = 2*k
dx/dt = 0

--- stdout
t,k,k2
0,3,6
1,3,6
--- stderr

=== user functions: several arguments, calling each other, parameters
args: run m.nd --t 1 --dt 1 --vars a,b,c
exit: 0
--- m.nd
param s = 10
sq(x) = x*x
hyp(x, y) = sqrt(sq(x) + sq(y))
scaled(x) = s*x
a = hyp(3, 4)
b = scaled(hyp(6, 8))
c = sq(sq(2))
dV/dt = 0

--- stdout
t,a,b,c
0,5,100,16
1,5,100,16
--- stderr

=== initial values use parameters, functions and other initial values
args: run m.nd --t 1 --dt 1
exit: 0
--- m.nd
param a = 3
f(x) = x + 1
dV/dt = 0
dW/dt = 0
dU/dt = 0
init W = f(V) + a, V = 2
# U has no init: it starts at 0

--- stdout
t,V,W,U
0,2,6,0
1,2,6,0
--- stderr

=== --init overrides a file's initial value, and others follow it
args: run m.nd --t 1 --dt 1 --init V=5
exit: 0
--- m.nd
dV/dt = 0
dW/dt = 0
init V = 2, W = 10*V

--- stdout
t,V,W
0,5,50
1,5,50
--- stderr

=== a population: i and N in --set and --init
args: run m.nd --n 3 --set 'a=10*i' --init 'V=N + i' --t 1 --dt 1 --vars 'V,a[1:3]'
exit: 0
--- m.nd
param a = 1
dV/dt = a
init V = 0

--- stdout
t,V[0],V[1],V[2],a[1],a[2]
0,3,4,5,10,20
1,3,14,25,10,20
--- stderr

=== file options set the defaults, the command line overrides them
args: run m.nd --dt 0.5
exit: 0
--- m.nd
option t = 1, dt = 0.25, method = euler
dx/dt = 1

--- stdout
t,x
0,0
0.5,0.5
1,1
--- stderr

=== every K-th step, and always the last one
args: run m.nd --t 1 --dt 0.3 --every 2 --method euler
exit: 0
--- m.nd
dx/dt = 1

--- stdout
t,x
0,0
0.6,0.6
1,1
--- stderr

=== a step that does not divide the time ends exactly at T
args: run m.nd --t 1 --dt 0.3 --method euler
exit: 0
--- m.nd
dx/dt = 1

--- stdout
t,x
0,0
0.3,0.3
0.6,0.6
0.8999999999999999,0.8999999999999999
1,1
--- stderr

=== the time t in equations
args: run m.nd --t 1 --dt 0.5 --method euler --vars x,s
exit: 0
--- m.nd
dx/dt = 2*t
s = t*10

--- stdout
t,x,s
0,0,0
0.5,0,5
1,0.5,10
--- stderr

=== stdlib models are found by name (the output names the path found)
args: check hh --dump-ir
exit: 0
--- stdout
# right-hand side: 4 states
%0 = const 10
%1 = const 1
%2 = const 0.099999999999999992
%3 = const 0.125
%4 = const 80
%5 = const 25
%6 = const 4
%7 = const 18
%8 = const 0.070000000000000007
%9 = const 20
%10 = const 30
%11 = param gNa
%12 = state m
%13 = mul %12 %12
%14 = mul %12 %13
%15 = mul %11 %14
%16 = state h
%17 = mul %15 %16
%18 = state V
%19 = param ENa
%20 = sub %18 %19
%21 = mul %17 %20
%22 = param gK
%23 = state n
%24 = mul %23 %23
%25 = mul %24 %24
%26 = mul %22 %25
%27 = param EK
%28 = sub %18 %27
%29 = mul %26 %28
%30 = param gL
%31 = param EL
%32 = sub %18 %31
%33 = mul %30 %32
%34 = param I_ext
%35 = sub %34 %21
%36 = sub %35 %29
%37 = sub %36 %33
%38 = param Cm
%39 = div %37 %38
%40 = sub %5 %18
%41 = div %40 %0
%42 = exprelr %41
%43 = sub %1 %12
%44 = mul %42 %43
%45 = neg %18
%46 = div %45 %7
%47 = exp %46
%48 = mul %6 %47
%49 = mul %12 %48
%50 = sub %44 %49
%51 = div %45 %9
%52 = exp %51
%53 = mul %8 %52
%54 = sub %1 %16
%55 = mul %53 %54
%56 = sub %10 %18
%57 = div %56 %0
%58 = exp %57
%59 = add %1 %58
%60 = div %1 %59
%61 = mul %16 %60
%62 = sub %55 %61
%63 = sub %0 %18
%64 = div %63 %0
%65 = exprelr %64
%66 = mul %2 %65
%67 = sub %1 %23
%68 = mul %66 %67
%69 = div %45 %4
%70 = exp %69
%71 = mul %3 %70
%72 = mul %23 %71
%73 = sub %68 %72
dV/dt = %39
dm/dt = %50
dh/dt = %62
dn/dt = %73
# dV/dt is linear in V
# dm/dt is linear in m
# dh/dt is linear in h
# dn/dt is linear in n

--- stderr

=== stdlib models are found as stdlib/NAME.nd from anywhere
args: check stdlib/fhn.nd
exit: 0
--- stderr

=== check summarises a model
args: check m.nd
exit: 0
--- m.nd
param a = 1, b = 2
f(x) = a*x
I = f(V) + b
dV/dt = -I
dW/dt = W^2

--- stdout
m.nd: ok
  kind            continuous
  states          2: V, W
  parameters      2: a, b
  intermediates   1: I
  functions       1: f
  expeuler        exponential for V; forward Euler for the rest
  right-hand side 4 instructions, 1 temporary

--- stderr

=== the IR: constants folded, common subexpressions shared
args: check m.nd --dump-ir
exit: 0
--- m.nd
param k = 2
a = exp((10 - V)/10)
b = 3*exp((10 - V)/10) + 2*4
dV/dt = -k*V + a + b

--- stdout
# right-hand side: 1 state
%0 = const 10
%1 = state V
%2 = sub %0 %1
%3 = div %2 %0
%4 = exp %3
%5 = const 3
%6 = mul %4 %5
%7 = const 8
%8 = add %6 %7
%9 = param k
%10 = neg %9
%11 = mul %1 %10
%12 = add %4 %11
%13 = add %8 %12
dV/dt = %13
# dV/dt is not linear in V

--- stderr

=== the bytecode of a small model
args: check m.nd --dump-bytecode
exit: 0
--- m.nd
param k = 2
dV/dt = -k*V + exp(-V)

--- stdout
# right-hand side
; 5 instructions, 2 temps, 0 constants, 2 inputs, 1 output
   0  neg       r0, k                            ; r[A] = -r[B]
   1  mul       r0, r0, V                        ; r[A] = r[B] * r[C]
   2  neg       r1, V                            ; r[A] = -r[B]
   3  exp       r1, r1                           ; r[A] = exp(r[B])
   4  add       [dV/dt], r0, r1                  ; r[A] = r[B] + r[C]

--- stderr

=== the rate singularity becomes exprelr, and V = 10 is finite
args: run m.nd --t 1 --dt 1 --vars a --init V=10
exit: 0
--- m.nd
a = 0.01*(10 - V)/(exp((10 - V)/10) - 1)
dV/dt = 0

--- stdout
t,a
0,0.09999999999999999
1,0.09999999999999999
--- stderr

=== the rate singularity with parameters as coefficients
args: check m.nd --dump-ir
exit: 0
--- m.nd
param k = 0.1, Vh = -40, s = 10
a = k*(V - Vh)/(1 - exp(-(V - Vh)/s))
dV/dt = a

--- stdout
# right-hand side: 1 state
%0 = param k
%1 = state V
%2 = param Vh
%3 = sub %2 %1
%4 = param s
%5 = div %3 %4
%6 = const -1
%7 = div %6 %4
%8 = neg %7
%9 = div %0 %8
%10 = exprelr %5
%11 = mul %9 %10
dV/dt = %11
# dV/dt is not linear in V
--- stderr

=== --version
args: --version
exit: 0
--- stdout
neurode 0.1.0
--- stderr


=== constant folding keeps the sign of zero: atan2(0, -0) is pi, as at run time
args: run m.nd --t 0.5 --dt 0.5 --vars A,B,C
--- m.nd
param z = 0
A = atan2(0, -0)
B = atan2(0, -z)
C = 1/(-0) < 0
dx/dt = -x
--- stdout
t,A,B,C
0,3.141592653589793,3.141592653589793,1
0.5,3.141592653589793,3.141592653589793,1

=== a chain of 70 intermediates is not a circle (D5)
args: run m.nd --t 0.5 --dt 0.5 --vars a70
setup: awk 'BEGIN { print "a0 = x"; for (i = 1; i <= 70; i++) printf "a%d = a%d + 1\n", i, i - 1; print "dx/dt = -x"; print "init x = 1" }' > m.nd
--- stdout
t,a70
0,71
0.5,70.60677083333334
