/* program.c: IR -> bytecode: scheduling and slot allocation; see program.h.
 *
 * Node ids are already a topological order, so the schedule is the live
 * operation nodes in id order.  Temps are reused as soon as their last reader
 * has run (a destination may reuse an operand's slot: every operation is
 * element-wise), which keeps the working set of a block in L1 cache.  An
 * output's value is computed straight into the output array when it comes
 * from an operation; outputs that are inputs or constants get a MOV. */
#include "program.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct Builder {
  Program *p;
  size_t slot_cap, code_cap, const_cap, input_cap;
  int32_t *free_temps;
  size_t nfree, free_cap;
} Builder;

static uint16_t new_slot(Builder *b, SlotKind kind, int32_t ref)
{
  Program *p = b->p;
  GROW(p->slots, b->slot_cap, p->nslots + 1);
  p->slots[p->nslots].kind = kind;
  p->slots[p->nslots].ref = ref;
  return (uint16_t)p->nslots++;
}

static void emit(Builder *b, Opcode op, uint16_t a, uint16_t x, uint16_t y, uint16_t z)
{
  Program *p = b->p;
  GROW(p->code, b->code_cap, p->ncode + 1);
  Instr in = {(uint8_t)op, a, x, y, z};
  p->code[p->ncode++] = in;
}

static uint16_t take_temp(Builder *b)
{
  if (b->nfree) return (uint16_t)b->free_temps[--b->nfree];
  return new_slot(b, SLOT_TEMP, (int32_t)b->p->ntemps++);
}

static void release_temp(Builder *b, uint16_t slot)
{
  GROW(b->free_temps, b->free_cap, b->nfree + 1);
  b->free_temps[b->nfree++] = slot;
}

Program *program_compile(const Ir *ir, const IrId *roots, size_t nroots)
{
  Program *p = xcalloc(1, sizeof *p);
  Builder b = {.p = p};
  size_t n = ir->n ? ir->n : 1;
  bool *live = xcalloc(n, sizeof *live);
  int32_t *slot_of = xmalloc(n * sizeof *slot_of);
  size_t *last_use = xcalloc(n, sizeof *last_use);
  int32_t *home = xmalloc(n * sizeof *home); /* output a node is computed into */
  bool *pinned = xcalloc(n, sizeof *pinned);   /* read after the last instruction */
  ir_mark_live(ir, roots, nroots, live);
  for (size_t i = 0; i < n; i++) slot_of[i] = home[i] = -1;
  p->noutputs = nroots;

  /* Slot 0 always exists so unused operand fields are valid to load. */
  for (size_t j = 0; j < nroots; j++) new_slot(&b, SLOT_OUTPUT, (int32_t)j);
  for (size_t j = 0; j < nroots; j++) {
    IrId r = roots[j];
    const IrNode *nd = &ir->nodes[r];
    if (nd->op != IR_CONST && nd->op != IR_INPUT && home[r] < 0) home[r] = (int32_t)j;
    else pinned[r] = true;
  }

  /* Leaves first: constants and inputs get their slots up front. */
  for (size_t i = 0; i < ir->n; i++) {
    if (!live[i]) continue;
    const IrNode *nd = &ir->nodes[i];
    if (nd->op == IR_CONST) {
      GROW(p->consts, b.const_cap, p->nconsts + 1);
      p->consts[p->nconsts] = nd->value;
      slot_of[i] = new_slot(&b, SLOT_CONST, (int32_t)p->nconsts++);
    } else if (nd->op == IR_INPUT) {
      GROW(p->inputs, b.input_cap, p->ninputs + 1);
      p->inputs[p->ninputs] = nd->input;
      slot_of[i] = new_slot(&b, SLOT_INPUT, (int32_t)p->ninputs++);
    } else {
      for (int k = 0; k < nd->nargs; k++) last_use[nd->args[k]] = i;
    }
  }

  for (size_t i = 0; i < ir->n; i++) {
    if (!live[i]) continue;
    const IrNode *nd = &ir->nodes[i];
    if (nd->op == IR_CONST || nd->op == IR_INPUT) continue;
    uint16_t ops[3] = {0, 0, 0};
    for (int k = 0; k < nd->nargs; k++) ops[k] = (uint16_t)slot_of[nd->args[k]];
    /* Free operands whose last reader this is, so the result may reuse one. */
    for (int k = 0; k < nd->nargs; k++) {
      IrId a = nd->args[k];
      bool dup = false;
      for (int q = 0; q < k; q++) dup |= nd->args[q] == a;
      if (!dup && last_use[a] == i && !pinned[a] && home[a] < 0 &&
          p->slots[slot_of[a]].kind == SLOT_TEMP)
        release_temp(&b, (uint16_t)slot_of[a]);
    }
    uint16_t dst = home[i] >= 0 ? (uint16_t)home[i] : take_temp(&b);
    slot_of[i] = dst;
    emit(&b, (Opcode)nd->op, dst, ops[0], ops[1], ops[2]);
  }

  /* Outputs not computed in place: copies. */
  for (size_t j = 0; j < nroots; j++)
    if (home[roots[j]] != (int32_t)j) emit(&b, OP_MOV, (uint16_t)j, (uint16_t)slot_of[roots[j]], 0, 0);

  free(live);
  free(slot_of);
  free(last_use);
  free(home);
  free(pinned);
  free(b.free_temps);
  return p;
}

void program_free(Program *p)
{
  if (!p) return;
  free(p->code);
  free(p->slots);
  free(p->consts);
  free(p->inputs);
  free(p);
}

int program_input_index(const Program *p, int32_t code)
{
  for (size_t i = 0; i < p->ninputs; i++)
    if (p->inputs[i] == code) return (int)i;
  return -1;
}

static void slot_text(const Program *p, uint16_t s, IrInputNamer namer, const void *ctx,
                      const char *const *output_names, char *buf, size_t size)
{
  const Slot *sl = &p->slots[s];
  switch (sl->kind) {
  case SLOT_TEMP: snprintf(buf, size, "r%d", sl->ref); break;
  case SLOT_CONST: snprintf(buf, size, "%.17g", p->consts[sl->ref]); break;
  case SLOT_INPUT: snprintf(buf, size, "%s", namer(ctx, p->inputs[sl->ref])); break;
  case SLOT_OUTPUT:
    if (output_names) snprintf(buf, size, "[%s]", output_names[sl->ref]);
    else snprintf(buf, size, "out%d", sl->ref);
    break;
  }
}

void program_dump(const Program *p, IrInputNamer namer, const void *ctx,
                  const char *const *output_names, FILE *out)
{
  fprintf(out, "; %zu %s, %zu %s, %zu %s, %zu %s, %zu %s\n", p->ncode,
          p->ncode == 1 ? "instruction" : "instructions", p->ntemps,
          p->ntemps == 1 ? "temp" : "temps", p->nconsts, p->nconsts == 1 ? "constant" : "constants",
          p->ninputs, p->ninputs == 1 ? "input" : "inputs", p->noutputs,
          p->noutputs == 1 ? "output" : "outputs");
  for (size_t i = 0; i < p->ncode; i++) {
    const Instr *in = &p->code[i];
    char a[64], x[64], y[64], z[64], line[256];
    slot_text(p, in->a, namer, ctx, output_names, a, sizeof a);
    slot_text(p, in->b, namer, ctx, output_names, x, sizeof x);
    slot_text(p, in->c, namer, ctx, output_names, y, sizeof y);
    slot_text(p, in->d, namer, ctx, output_names, z, sizeof z);
    int ar = opcode_arity[in->op];
    int len = snprintf(line, sizeof line, "%4zu  %-9s %s, %s", i, opcode_mnemonic[in->op], a, x);
    if (ar >= 2) len += snprintf(line + len, sizeof line - (size_t)len, ", %s", y);
    if (ar >= 3) len += snprintf(line + len, sizeof line - (size_t)len, ", %s", z);
    fprintf(out, "%-48s ; %s\n", line, opcode_synopsis[in->op]);
  }
}
