#!/usr/bin/env python3
"""Prints vmath_exp_tab, the table of src/base/vmath_exp.h, as C.

For j = 0 .. 127: T_j = 2^(j/128) rounded to the nearest double, and
tail_j = (2^(j/128) - T_j) / T_j rounded, from 60-digit decimal arithmetic
(Python's decimal module; float() of a Decimal is correctly rounded).
Run it to check the table in src/base/vmath.c:
  python3 tools/exp_table.py | sed -n '1,/^};/p' > /tmp/t.c
  sed -n '/^const double vmath_exp_tab/,/^};/p' src/base/vmath.c | diff /tmp/t.c -"""
from decimal import Decimal, getcontext

getcontext().prec = 60
N = 128
print("const double vmath_exp_tab[2 * VMATH_EXP_N] = {")
for j in range(N):
    exact = (Decimal(2) ** (Decimal(j) / N)) if j else Decimal(1)
    t = float(exact)
    tail = float((exact - Decimal(t)) / Decimal(t))
    print("  %s, %s," % (t.hex(), tail.hex()))
print("};")
# The constants of vmath_exp_fast: 128/ln2, and ln2/128 split so that
# k * hi is exact for |k| < 2^18 (35 significant bits).
import math
l2 = Decimal(2).ln() / N
hi = float(l2)
m, e = math.frexp(hi)
hi = math.ldexp(math.trunc(math.ldexp(m, 35)), e - 35)
lo = float(l2 - Decimal(hi))
print("/* 128/ln2 %s  ln2/128 = %s + %s */" % (float(N / Decimal(2).ln()).hex(), hi.hex(), lo.hex()))
print("/* 1/6 %s  1/24 %s  1/120 %s */" % ((1/6).hex(), (1/24).hex(), (1/120).hex()))
