#!/usr/bin/python3
"""Passive cable in NEURON: the reference for neurode's cable solver.

One sealed cable, L = 5 mm, d = 4 um, Ra = 100 ohm cm, cm = 1 uF/cm2,
g_pas = 1e-4 S/cm2 (tau_m = 10 ms, lambda = 1 mm), e_pas = v_init = 0 so v is
relative to rest.  I0 = 0.1 nA into the x = 0 end from t = 0, fixed step,
Crank-Nicolson (secondorder = 2) by default.  Prints "v0 vmid vL" (mV) at
t = tstop on stdout; the analytic values and the differences go to stderr.

  /usr/bin/python3 bench/neuron_cable.py [--nseg 999] [--dt 0.01]
                                         [--tstop 100] [--secondorder 2]
"""
import argparse
import math
import sys

from neuron import h

p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
# nseg 999 = 999 compartment centres + the two zero-area end nodes = 1001
# nodes, one of them at x = 0.5.  (nseg 1000 has the 5 um spacing of a
# uniform 1001-node grid but no node at 0.5: sec(0.5) would read x = 0.5005.)
p.add_argument("--nseg", type=int, default=999)
p.add_argument("--dt", type=float, default=0.01)
p.add_argument("--tstop", type=float, default=100.0)
p.add_argument("--secondorder", type=int, default=2)
a = p.parse_args()

L, d, Ra, gpas, I0 = 5000.0, 4.0, 100.0, 1e-4, 0.1  # um, um, ohm cm, S/cm2, nA

sec = h.Section(name="cable")
sec.L, sec.diam, sec.nseg, sec.Ra, sec.cm = L, d, a.nseg, Ra, 1.0
sec.insert("pas")
for seg in sec:
    seg.g_pas, seg.e_pas = gpas, 0.0

# sec(0) is the zero-area node at the end itself (not the first compartment
# centre), so the current enters exactly at x = 0.
stim = h.IClamp(sec(0))
stim.delay, stim.dur, stim.amp = 0.0, 1e9, I0
# With secondorder > 0, v there alternates +-I0 r_a dx/2 about the right value
# every step, forever (Crank-Nicolson at a node without capacitance); the
# interior is unaffected.  See tests/data/neuron_cable.txt.

h.dt = a.dt
h.secondorder = a.secondorder
h.finitialize(0.0)
# Step with fadvance rather than h.run(): stdrun's setdt() would silently
# change dt to fit steps_per_ms (dt 0.01 with the default 40 becomes 1/120).
for _ in range(int(round(a.tstop / a.dt))):
    h.fadvance()

v = [sec(x).v for x in (0.0, 0.5, 1.0)]
print("%.10g %.10g %.10g" % tuple(v))

# Analytic, in V, A, cm then converted to mV.
lam = math.sqrt((1.0 / gpas) * d * 1e-4 / (4.0 * Ra))       # cm
ra = 4.0 * Ra / (math.pi * (d * 1e-4) ** 2)                  # ohm/cm
Lc, tau = L * 1e-4, 1.0 / gpas * 1e-6 * 1e3                  # cm, ms


def v_ss(x):  # steady state, sealed end at L
    return 1e3 * I0 * 1e-9 * ra * lam * math.cosh((Lc - x) / lam) / math.sinh(Lc / lam)


def v_t(x, t):  # exact transient from rest (cosine series); -> v_ss as t -> inf
    s, n = 0.0, 0
    while True:
        k2 = 1.0 + (n * math.pi * lam / Lc) ** 2
        term = (1 if n == 0 else 2) * math.cos(n * math.pi * x / Lc) * math.exp(-k2 * t / tau) / k2
        s += term
        if n > 0 and math.exp(-k2 * t / tau) < 1e-30:
            break
        n += 1
    return v_ss(x) - 1e3 * I0 * 1e-9 * ra * lam ** 2 / Lc * s


sys.stderr.write("lambda %.6g mm, tau %.6g ms\n" % (lam * 10, tau))
for (x, vn) in zip((0.0, 0.5, 1.0), v):
    xc = x * Lc
    sys.stderr.write("x=%-4g NEURON %.10g  steady %.10g (diff %.3e)  exact(t=%g) %.10g (diff %.3e)\n"
                     % (x, vn, v_ss(xc), vn - v_ss(xc), a.tstop, v_t(xc, a.tstop), vn - v_t(xc, a.tstop)))
