/* steppers.c: the registry of methods; see stepper.h. */
#include "stepper.h"

#include <stdio.h>
#include <string.h>

const StepperType *const stepper_table[] = {
  &stepper_euler, &stepper_rk2, &stepper_rk4, &stepper_rk45, &stepper_expeuler, &stepper_map,
  &stepper_cn, &stepper_be, &stepper_rodas,
};
const size_t stepper_count = sizeof stepper_table / sizeof stepper_table[0];

const StepperType *stepper_find(const char *name)
{
  for (size_t i = 0; i < stepper_count; i++)
    if (strcmp(stepper_table[i]->name, name) == 0) return stepper_table[i];
  return NULL;
}

void stepper_list(char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < stepper_count && used < size; i++)
    used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", stepper_table[i]->name);
}
