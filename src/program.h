/* program.h: bytecode -- what the IR compiles to and the VM runs.
 *
 * A Program computes `noutputs` arrays from `ninputs` arrays (or scalars),
 * element by element, with every instruction applied to a whole block of
 * elements at once.  Operands name slots; a slot is a scratch buffer (temp),
 * a constant, an input or an output.  A Program holds no pointers into the
 * IR it came from.  program_compile returns a new Program (program_free). */
#ifndef NEURODE_PROGRAM_H
#define NEURODE_PROGRAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ir.h"

typedef struct Instr {
  uint8_t op;          /* Opcode */
  uint16_t a, b, c, d; /* slots: destination, operands */
} Instr;

typedef enum { SLOT_TEMP, SLOT_CONST, SLOT_INPUT, SLOT_OUTPUT } SlotKind;

typedef struct Slot {
  SlotKind kind;
  int32_t ref; /* temp number, const number, input number or output number */
} Slot;

typedef struct Program {
  Instr *code;
  size_t ncode;
  Slot *slots;
  size_t nslots;
  double *consts;
  size_t nconsts;
  size_t ntemps;
  int32_t *inputs; /* ir_input_code of each input, in slot order */
  size_t ninputs;
  size_t noutputs;
} Program;

/* Compile the values of roots[0..nroots) (output j = roots[j]). */
Program *program_compile(const Ir *ir, const IrId *roots, size_t nroots);
void program_free(Program *p);

/* Index of the input with this code, or -1. */
int program_input_index(const Program *p, int32_t input_code);

/* Disassembly: one line per instruction with its synopsis. */
void program_dump(const Program *p, IrInputNamer namer, const void *ctx,
                  const char *const *output_names, FILE *out);

#endif
