#!/usr/bin/python3
"""Squid giant axon in NEURON: the reference conduction velocity for neurode.

One section, L = 50 mm, d = 476 um, Ra = 35.4 ohm cm, cm = 1 uF/cm2, hh with
the 1952 constants in the modern convention (rest -65 mV, el -54.4, ena 50,
ek -77), celsius 18.5.  A 0.2 ms current pulse at the x = 0 end starts a
spike; its upward crossings of -15 mV (50 mV above rest) at x = 10 mm and
x = 40 mm give velocity = 30 mm / (t2 - t1).  Prints
"velocity_m_per_s t1 t2" (m/s, ms, ms).

  /usr/bin/python3 bench/neuron_hh_axon.py [--nseg 999] [--dt 0.01]
      [--tstop 100] [--secondorder 2] [--amp 7000] [--threshold]
"""
import argparse
import sys

from neuron import h

p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
p.add_argument("--nseg", type=int, default=999)  # 999 centres + 2 ends = 1001 nodes
p.add_argument("--dt", type=float, default=0.01)
p.add_argument("--tstop", type=float, default=100.0)
p.add_argument("--secondorder", type=int, default=2)
# Threshold is 3.56-3.59 uA (--threshold; the same from nseg 249 dt 0.02 to
# nseg 3999 dt 0.0025); 7 uA is about twice it, so every grid fires.
p.add_argument("--amp", type=float, default=7000.0, help="nA, for 0.2 ms")
p.add_argument("--threshold", action="store_true",
               help="bisect the threshold amplitude (to 1%%) instead")
a = p.parse_args()

L, VTH = 50000.0, -15.0   # um, mV
X1, X2 = 10000.0, 40000.0  # um

sec = h.Section(name="axon")
sec.L, sec.diam, sec.nseg, sec.Ra, sec.cm = L, 476.0, a.nseg, 35.4, 1.0
sec.insert("hh")
for seg in sec:
    seg.gnabar_hh, seg.gkbar_hh, seg.gl_hh, seg.el_hh = 0.12, 0.036, 0.0003, -54.4
    seg.ena, seg.ek = 50.0, -77.0
h.celsius = 18.5  # hh.mod scales its rates by 3^((celsius - 6.3)/10)

stim = h.IClamp(sec(0))  # the zero-area node at the very end
stim.delay, stim.dur = 0.0, 0.2

# Nodes are the compartment centres (i + 1/2)/nseg plus both ends, so 10 mm
# and 40 mm generally fall between two nodes (for nseg 999, 9.985 and 10.035
# mm): record both neighbours and interpolate the crossing time in x.
nodes = [0.0] + [seg.x for seg in sec] + [1.0]


def bracket(xum):
    f = xum / L
    i = max(k for k in range(len(nodes) - 1) if nodes[k] <= f)
    return [(nodes[i], i), (nodes[i + 1], i + 1)]


tvec = h.Vector()
tvec.record(h._ref_t)
rec = {}
for xum in (X1, X2):
    for (f, i) in bracket(xum):
        if i not in rec:
            rec[i] = h.Vector()
            rec[i].record(sec(f)._ref_v)


def crossing(v):  # first upward crossing of VTH, linear in t between steps
    t = tvec
    for k in range(1, len(v)):
        if v[k - 1] < VTH <= v[k]:
            return t[k - 1] + (VTH - v[k - 1]) * (t[k] - t[k - 1]) / (v[k] - v[k - 1])
    return None


def t_at(xum):
    (f0, i0), (f1, i1) = bracket(xum)
    c0, c1 = crossing(rec[i0]), crossing(rec[i1])
    if c0 is None or c1 is None:
        return None
    w = (xum / L - f0) / (f1 - f0)
    return c0 + w * (c1 - c0)


def run(amp, tstop):
    stim.amp = amp
    h.dt = a.dt
    h.secondorder = a.secondorder
    h.finitialize(-65.0)
    # fadvance, not h.run(): stdrun's setdt() would change dt to fit steps_per_ms.
    for _ in range(int(round(tstop / a.dt))):
        h.fadvance()
    return t_at(X1), t_at(X2)


if a.threshold:
    # Fires = the spike reaches 40 mm.  6 ms is ample for a spike at ~21 m/s.
    lo, hi = 0.0, 1e5
    while hi - lo > 0.01 * hi:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if run(mid, 6.0)[1] is not None else (mid, hi)
    print("threshold_nA %.4g %.4g" % (lo, hi))
    sys.exit(0)

t1, t2 = run(a.amp, a.tstop)
if t1 is None or t2 is None:
    sys.exit("no spike at 10 mm and 40 mm (amp %g nA)" % a.amp)
print("%.10g %.10g %.10g" % ((X2 - X1) * 1e-3 / (t2 - t1), t1, t2))
