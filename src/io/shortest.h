/* shortest.h: the shortest decimal digits that read back to a double.
 *
 * shortest_digits(v, digits, &point) writes D ASCII digits (1 <= D <=
 * SHORTEST_MAX_DIGITS, then a NUL) and returns D.  Read as
 * 0.d1d2...dD x 10^point they make the decimal with the fewest significant
 * digits that a correctly rounding strtod (glibc's) turns back into |v|
 * exactly; of several such with D digits, the one nearest |v|.  The digits
 * never end in 0 (a shorter form would exist), except "0" itself for a zero
 * (point 1).  The sign of v is ignored: callers print it.  v must be finite.
 *
 * This is what printf cannot give cheaply: "%.17g" always reads back but is
 * rarely the shortest, and finding the shortest with printf takes up to three
 * conversions and three strtod calls.  The digits come from Google's
 * double-conversion library (Grisu3 with an exact bignum fallback, so every
 * input is right, not only most), behind this C interface because the
 * library is C++.  No allocation, no global state: safe from any thread.
 *
 * Where two D-digit decimals are equally near |v| the library's choice is
 * not what printf's round-half-even would give in every case: format_double
 * (sink.h) detects those ties and does not rely on the choice. */
#ifndef NEURODE_SHORTEST_H
#define NEURODE_SHORTEST_H

#ifdef __cplusplus
extern "C" {
#endif

/* A double needs at most 17 significant digits to read back exactly. */
#define SHORTEST_MAX_DIGITS 17

/* digits must hold SHORTEST_MAX_DIGITS + 1 chars. */
int shortest_digits(double v, char *digits, int *point);

#ifdef __cplusplus
}
#endif

#endif
