/* program.h: bytecode -- what the IR compiles to and the VM runs.
 *
 * A Program computes `noutputs` arrays from `ninputs` arrays (or scalars),
 * element by element, with every instruction applied to a whole block of
 * elements at once.  Operands name slots; a slot is a scratch buffer of one
 * block (temp), a constant, an input, an output, a whole array (wide: a
 * value kept for a later stage), or one value for all elements (uniform: a
 * sum over the population).
 *
 * Operations that read other elements than their own (CROSS in opcodes.h)
 * split a program into stages: stage s runs over all blocks, then the cross
 * instructions of stage s run over whole arrays, and their results are
 * there for stage s + 1.  A program without them is one stage.  A Program
 * holds no pointers into the IR it came from.  program_compile returns a
 * new Program (program_free). */
#ifndef NEURODE_PROGRAM_H
#define NEURODE_PROGRAM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ir.h"

typedef struct Instr {
  uint8_t op;             /* Opcode */
  uint16_t a, b, c, d, e; /* slots: destination, operands */
} Instr;

typedef enum { SLOT_TEMP, SLOT_CONST, SLOT_INPUT, SLOT_OUTPUT, SLOT_WIDE, SLOT_UNIFORM } SlotKind;

typedef struct Slot {
  SlotKind kind;
  int32_t ref; /* temp, const, input, output, wide or uniform number */
} Slot;

enum { PROGRAM_MAX_SLOTS = 65535 };

typedef struct Program {
  Instr *code;          /* element-wise, stage after stage */
  size_t ncode;
  size_t *stage_end;    /* stage s is code[stage_end[s-1] .. stage_end[s]) */
  size_t nstages;
  Instr *cross;         /* cross-element instructions */
  size_t *cross_stage;  /* the stage each one runs after */
  size_t ncross;
  Slot *slots;
  size_t nslots;
  double *consts;
  size_t nconsts;
  size_t ntemps, nwide, nuniform;
  int32_t *inputs; /* ir_input_code of each input, in slot order */
  size_t ninputs;
  size_t noutputs;
} Program;

/* Compile the values of roots[0..nroots) (output j = roots[j]).  NULL when
 * the program would need more than PROGRAM_MAX_SLOTS slots (a model far
 * larger than any written by hand): the caller reports it. */
Program *program_compile(const Ir *ir, const IrId *roots, size_t nroots);
void program_free(Program *p);

/* Index of the input with this code, or -1. */
int program_input_index(const Program *p, int32_t input_code);

/* Disassembly: one line per instruction with its synopsis. */
void program_dump(const Program *p, IrInputNamer namer, const void *ctx,
                  const char *const *output_names, FILE *out);

#endif
