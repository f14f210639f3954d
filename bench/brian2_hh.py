#!/usr/bin/python3
"""Brian2 cpp_standalone's binary alone, on bench/hh_c.c's Hodgkin-Huxley model.

What it measures: the wall-clock time of one execution of the compiled
Brian2 standalone program (directory/main), best of 3, timed with
time.perf_counter around subprocess.run, after code generation and
compilation are finished.  Python, code generation and the C++ compilation
are excluded, as the issue asks ("Brian2 cpp_standalone's binary alone"):
they are a one-off cost, not the simulator's speed.  The time does include
the binary's start-up and its reading and writing of its (small) state
files, as /usr/bin/time on bench/hh_c includes that program's start-up.

The model is the one in bench/hh_c.c (and stdlib/hh.nd): Hodgkin-Huxley
1952 in the shifted convention (rest at V = 0), Cm 1 uF/cm2, gNa 120,
gK 36, gL 0.3 mS/cm2, ENa 115, EK -12, EL 10.6 mV, the same rate functions;
V = 0 and the gates at their steady state at V = 0 initially; I_ext = 10
uA/cm2 for one neuron, 20*i/(N-1) for N > 1; classical RK4 (method='rk4'),
dt = 0.01 ms.  Nothing is monitored during the run: V is read once, from
the binary's results, after it ends.

Compiler flags: Brian2's defaults (prefs.codegen.cpp.extra_compile_args_gcc),
which for Brian2 2.5 on Linux are
    -w -O3 -ffast-math -fno-finite-math-only -march=native -std=c++11
so Brian2's binary is allowed to be faster than exact IEEE arithmetic
(bench/hh_c.c is built with plain -O2); its V agrees with hand C's to
rounding, not bit for bit.  One thread: openmp_threads = 0 (no OpenMP).
Brian2 computes in SI units internally (volt, second, A/m2) and sympy
rewrites the expressions (m*m*m becomes pow(m, 3), which -ffast-math turns
back into multiplications; constants are hoisted out of the loop), so the
rounding differs from hand C's mV/ms arithmetic as well.  Make runs with -j1
(the compilation is not timed).

usage: /usr/bin/python3 bench/brian2_hh.py N STEPS   (e.g. 1 1000000)
prints one line on stdout: "<binary seconds> <V[N//2] at the end in mV, %.17g>";
diagnostics go to stderr.  Needs Brian2 (apt-get install python3-brian).
"""
import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np


def steady(alpha, beta, V=0.0):
    return alpha(V) / (alpha(V) + beta(V))


# The rate functions of bench/hh_c.c (V in mV, result in 1/ms), used here only
# for the initial gates at V = 0, computed in double as hand C does.
def alpha_n(V): return 0.01 * (10 - V) / (math.exp((10 - V) / 10) - 1)
def beta_n(V): return 0.125 * math.exp(-V / 80)
def alpha_m(V): return 0.1 * (25 - V) / (math.exp((25 - V) / 10) - 1)
def beta_m(V): return 4 * math.exp(-V / 18)
def alpha_h(V): return 0.07 * math.exp(-V / 20)
def beta_h(V): return 1 / (math.exp((30 - V) / 10) + 1)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("N", type=int, help="number of neurons")
    p.add_argument("STEPS", type=int, help="number of RK4 steps of 0.01 ms")
    p.add_argument("--runs", type=int, default=3, help="executions of the binary; the best is reported")
    p.add_argument("--keep", action="store_true", help="keep the generated project directory")
    a = p.parse_args()
    if a.N < 1 or a.STEPS < 1 or a.runs < 1:
        p.error("N, STEPS and --runs must be positive")

    import brian2 as b2
    from brian2 import NeuronGroup, cm, defaultclock, get_device, mS, ms, mV, prefs, run, set_device, uA, uF

    prefs.logging.file_log = False
    prefs.logging.console_log_level = "WARNING"
    prefs.devices.cpp_standalone.openmp_threads = 0  # one thread, no OpenMP
    # Compile with one job (the machine is shared); the compile time is not measured.
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j1"]

    directory = tempfile.mkdtemp(prefix="brian2_hh_")
    set_device("cpp_standalone", directory=directory, build_on_run=False)

    N, steps = a.N, a.STEPS
    dt = 0.01 * ms
    defaultclock.dt = dt

    namespace = {
        "Cm": 1 * uF / cm**2,
        "gNa": 120 * mS / cm**2, "gK": 36 * mS / cm**2, "gL": 0.3 * mS / cm**2,
        "ENa": 115 * mV, "EK": -12 * mV, "EL": 10.6 * mV,
    }
    eqs = """
    dV/dt = (I_ext - INa - IK - IL) / Cm : volt
    INa = gNa * m*m*m * h * (V - ENa) : amp/meter**2
    IK = gK * n*n*n*n * (V - EK) : amp/meter**2
    IL = gL * (V - EL) : amp/meter**2
    dm/dt = alpha_m * (1 - m) - beta_m * m : 1
    dh/dt = alpha_h * (1 - h) - beta_h * h : 1
    dn/dt = alpha_n * (1 - n) - beta_n * n : 1
    alpha_n = 0.01 * (10 - V/mV) / (exp((10 - V/mV) / 10) - 1) / ms : Hz
    beta_n = 0.125 * exp(-(V/mV) / 80) / ms : Hz
    alpha_m = 0.1 * (25 - V/mV) / (exp((25 - V/mV) / 10) - 1) / ms : Hz
    beta_m = 4 * exp(-(V/mV) / 18) / ms : Hz
    alpha_h = 0.07 * exp(-(V/mV) / 20) / ms : Hz
    beta_h = 1 / (exp((30 - V/mV) / 10) + 1) / ms : Hz
    I_ext : amp/meter**2 (constant)
    """
    G = NeuronGroup(N, eqs, method="rk4", namespace=namespace, name="hh")
    G.V = 0 * mV
    G.m = steady(alpha_m, beta_m)
    G.h = steady(alpha_h, beta_h)
    G.n = steady(alpha_n, beta_n)
    if N > 1:
        G.I_ext = 20.0 * np.arange(N, dtype=np.float64) / float(N - 1) * uA / cm**2
    else:
        G.I_ext = 10 * uA / cm**2
    run(steps * dt)

    t0 = time.perf_counter()
    device = get_device()
    device.build(directory=directory, compile=True, run=False)
    print(f"brian2 {b2.__version__}: code generation and compilation {time.perf_counter() - t0:.1f} s "
          f"in {directory}; flags {' '.join(prefs.codegen.cpp.extra_compile_args_gcc)}", file=sys.stderr)

    # Run the binary as Brian2's device.run does (from its directory, with
    # its environment variables), timing each execution ourselves.
    env = dict(os.environ)
    env.update(prefs.devices.cpp_standalone.run_environment_variables)
    binary = os.path.join(directory, "main")
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        r = subprocess.run([binary], cwd=directory, env=env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            print(f"brian2_hh: {binary} failed with status {r.returncode} (project kept)", file=sys.stderr)
            return 1
    # Every execution computes the same thing; the results of the last are on
    # disk.  Tell the device so, as device.run() would, then read V from them.
    device.has_been_run = True
    with open(os.path.join(directory, "results", "last_run_info.txt")) as f:
        inner, fraction = (float(x) for x in f.read().split())
    timestep = defaultclock.variables["timestep"]
    done = int(np.fromfile(os.path.join(directory, device.get_array_filename(timestep)), dtype=timestep.dtype)[0])
    if done != steps or fraction != 1.0:
        print(f"brian2_hh: ran {done} steps (fraction {fraction}), expected {steps}", file=sys.stderr)
        return 1
    V = float(G.V[N // 2] / mV)
    print("binary runs (s): " + " ".join(f"{t:.3f}" for t in times)
          + f"; Brian2's own network run time (last run) {inner:.3f} s; steps {done}", file=sys.stderr)
    print(f"{min(times):.3f} {V:.17g}")
    if a.keep:
        print(f"kept {directory}", file=sys.stderr)
    else:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
