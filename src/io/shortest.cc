/* shortest.cc: shortest.h's C interface to double-conversion (C++).
 *
 * Kept to one call with no objects, exceptions or allocation, so that this
 * object refers to nothing but the library: the C++ runtime is needed only
 * by libdouble-conversion itself. */
#include <double-conversion/double-to-string.h>

#include "shortest.h"

using double_conversion::DoubleToStringConverter;

static_assert(DoubleToStringConverter::kBase10MaximalLength == SHORTEST_MAX_DIGITS,
              "shortest.h promises at most SHORTEST_MAX_DIGITS digits");

extern "C" int shortest_digits(double v, char *digits, int *point)
{
  bool negative;
  int length;
  DoubleToStringConverter::DoubleToAscii(v, DoubleToStringConverter::SHORTEST, 0, digits,
                                         SHORTEST_MAX_DIGITS + 1, &negative, &length, point);
  return length;
}
