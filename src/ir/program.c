/* program.c: IR -> bytecode: stages, scheduling and slot allocation; see
 * program.h.
 *
 * Node ids are already a topological order, so within a stage the schedule
 * is the live operation nodes in id order.  A node's stage is that of its
 * latest argument; a cross-element operation's value exists only from the
 * next stage on (it runs between the two).  Temps are reused as soon as
 * their last reader in the stage has run (a destination may reuse an
 * operand's slot: every element-wise operation is), which keeps the working
 * set of a block in L1 cache.  A value read in a later stage, or by a cross
 * operation, is written to a whole array (a wide slot) instead.  An output's
 * value is computed straight into the output array when it comes from an
 * element-wise operation of the last stage; other outputs get a MOV. */
#include "program.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

typedef struct Builder {
  Program *p;
  size_t slot_cap, code_cap, const_cap, input_cap, cross_cap, stage_cap;
  int32_t *free_temps;
  size_t nfree, free_cap;
  bool overflow;
} Builder;

static uint16_t new_slot(Builder *b, SlotKind kind, int32_t ref)
{
  Program *p = b->p;
  if (p->nslots >= PROGRAM_MAX_SLOTS) {
    b->overflow = true;
    return 0;
  }
  GROW(p->slots, b->slot_cap, p->nslots + 1);
  p->slots[p->nslots].kind = kind;
  p->slots[p->nslots].ref = ref;
  return (uint16_t)p->nslots++;
}

static void emit(Builder *b, Opcode op, const uint16_t *s)
{
  Program *p = b->p;
  Instr in = {(uint8_t)op, s[0], s[1], s[2], s[3], s[4]};
  if (opcode_kind[op] == OPK_CROSS) {
    GROW(p->cross, b->cross_cap, p->ncross + 1);
    p->cross[p->ncross++] = in;
  } else {
    GROW(p->code, b->code_cap, p->ncode + 1);
    p->code[p->ncode++] = in;
  }
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

static bool is_leaf(const IrNode *nd)
{
  return nd->op == IR_CONST || nd->op == IR_INPUT;
}

Program *program_compile(const Ir *ir, const IrId *roots, size_t nroots)
{
  Program *p = xcalloc(1, sizeof *p);
  Builder b = {.p = p};
  size_t n = ir->n ? ir->n : 1;
  bool *live = xcalloc(n, sizeof *live);
  int32_t *slot_of = xmalloc(n * sizeof *slot_of);
  size_t *last_use = xcalloc(n, sizeof *last_use);
  size_t *stage = xcalloc(n, sizeof *stage);
  bool *wide = xcalloc(n, sizeof *wide);     /* read in a later stage or by a cross op */
  int32_t *home = xmalloc(n * sizeof *home); /* output a node is computed into */
  bool *pinned = xcalloc(n, sizeof *pinned); /* read after the last instruction */
  ir_mark_live(ir, roots, nroots, live);
  for (size_t i = 0; i < n; i++) slot_of[i] = home[i] = -1;
  p->noutputs = nroots;

  /* Stages, and which values must outlive their stage. */
  size_t nstages = 1;
  for (size_t i = 0; i < ir->n; i++) {
    if (!live[i] || is_leaf(&ir->nodes[i])) continue;
    const IrNode *nd = &ir->nodes[i];
    size_t s = 0;
    for (int k = 0; k < nd->nargs; k++)
      if (stage[nd->args[k]] > s) s = stage[nd->args[k]];
    bool cross = opcode_kind[nd->op] == OPK_CROSS;
    stage[i] = cross ? s + 1 : s;
    if (stage[i] + 1 > nstages) nstages = stage[i] + 1;
    for (int k = 0; k < nd->nargs; k++) {
      IrId a = nd->args[k];
      if (!is_leaf(&ir->nodes[a]) && (cross || stage[a] < stage[i])) wide[a] = true;
    }
  }
  p->nstages = nstages;
  p->stage_end = xcalloc(nstages, sizeof *p->stage_end);
  p->cross_stage = NULL;

  /* Slot 0 always exists so unused operand fields are valid to load. */
  for (size_t j = 0; j < nroots; j++) new_slot(&b, SLOT_OUTPUT, (int32_t)j);
  for (size_t j = 0; j < nroots; j++) {
    IrId r = roots[j];
    const IrNode *nd = &ir->nodes[r];
    bool direct = !is_leaf(nd) && opcode_kind[nd->op] == OPK_ELEM && !wide[r] &&
                  stage[r] == nstages - 1 && home[r] < 0;
    if (direct) home[r] = (int32_t)j;
    else pinned[r] = true;
  }

  /* Leaves first: constants and inputs get their slots up front; then the
   * last reader of each value within its stage. */
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

  for (size_t s = 0; s < nstages; s++) {
    b.nfree = 0; /* temps are per block of a stage */
    for (size_t i = 0; i < ir->n; i++) {
      if (!live[i] || stage[i] != s) continue;
      const IrNode *nd = &ir->nodes[i];
      if (is_leaf(nd)) continue;
      bool cross = opcode_kind[nd->op] == OPK_CROSS;
      if (cross) continue; /* emitted at the end of the stage it reads */
      uint16_t ops[5] = {0, 0, 0, 0, 0};
      for (int k = 0; k < nd->nargs; k++) ops[k + 1] = (uint16_t)slot_of[nd->args[k]];
      /* Free operands whose last reader this is, so the result may reuse one. */
      for (int k = 0; k < nd->nargs; k++) {
        IrId a = nd->args[k];
        bool dup = false;
        for (int q = 0; q < k; q++) dup |= nd->args[q] == a;
        if (!dup && last_use[a] == i && !pinned[a] && home[a] < 0 && !wide[a] &&
            p->slots[slot_of[a]].kind == SLOT_TEMP)
          release_temp(&b, (uint16_t)slot_of[a]);
      }
      uint16_t dst = home[i] >= 0  ? (uint16_t)home[i]
                     : wide[i] || pinned[i] ? new_slot(&b, SLOT_WIDE, (int32_t)p->nwide++)
                                            : take_temp(&b);
      slot_of[i] = dst;
      ops[0] = dst;
      emit(&b, (Opcode)nd->op, ops);
    }
    /* Outputs not computed in place: copies, in the last stage. */
    if (s + 1 == nstages)
      for (size_t j = 0; j < nroots; j++)
        if (home[roots[j]] != (int32_t)j) {
          uint16_t ops[5] = {(uint16_t)j, (uint16_t)slot_of[roots[j]], 0, 0, 0};
          emit(&b, OP_MOV, ops);
        }
    p->stage_end[s] = p->ncode;
    /* The cross operations whose arguments are complete after this stage. */
    for (size_t i = 0; i < ir->n; i++) {
      const IrNode *nd = &ir->nodes[i];
      if (!live[i] || is_leaf(nd) || opcode_kind[nd->op] != OPK_CROSS || stage[i] != s + 1) continue;
      uint16_t ops[5] = {0, 0, 0, 0, 0};
      for (int k = 0; k < nd->nargs; k++) ops[k + 1] = (uint16_t)slot_of[nd->args[k]];
      ops[0] = nd->op == OP_SUM ? new_slot(&b, SLOT_UNIFORM, (int32_t)p->nuniform++)
                                : new_slot(&b, SLOT_WIDE, (int32_t)p->nwide++);
      slot_of[i] = ops[0];
      emit(&b, (Opcode)nd->op, ops);
      GROW(p->cross_stage, b.stage_cap, p->ncross);
      p->cross_stage[p->ncross - 1] = s;
    }
  }

  free(live);
  free(slot_of);
  free(last_use);
  free(stage);
  free(wide);
  free(home);
  free(pinned);
  free(b.free_temps);
  if (b.overflow) {
    program_free(p);
    return NULL;
  }
  return p;
}

void program_free(Program *p)
{
  if (!p) return;
  free(p->code);
  free(p->stage_end);
  free(p->cross);
  free(p->cross_stage);
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
  case SLOT_WIDE: snprintf(buf, size, "w%d", sl->ref); break;
  case SLOT_UNIFORM: snprintf(buf, size, "u%d", sl->ref); break;
  case SLOT_OUTPUT:
    if (output_names) snprintf(buf, size, "[%s]", output_names[sl->ref]);
    else snprintf(buf, size, "out%d", sl->ref);
    break;
  }
}

static void dump_instr(const Program *p, size_t i, const Instr *in, IrInputNamer namer,
                       const void *ctx, const char *const *output_names, FILE *out)
{
  char s[5][64], line[320];
  const uint16_t f[5] = {in->a, in->b, in->c, in->d, in->e};
  for (int k = 0; k < 5; k++) slot_text(p, f[k], namer, ctx, output_names, s[k], sizeof s[k]);
  int ar = opcode_arity[in->op];
  int len = snprintf(line, sizeof line, "%4zu  %-9s %s, %s", i, opcode_mnemonic[in->op], s[0], s[1]);
  for (int k = 2; k <= ar; k++) len += snprintf(line + len, sizeof line - (size_t)len, ", %s", s[k]);
  fprintf(out, "%-48s ; %s\n", line, opcode_synopsis[in->op]);
}

void program_dump(const Program *p, IrInputNamer namer, const void *ctx,
                  const char *const *output_names, FILE *out)
{
  fprintf(out, "; %zu %s, %zu %s, %zu %s, %zu %s, %zu %s\n", p->ncode,
          p->ncode == 1 ? "instruction" : "instructions", p->ntemps,
          p->ntemps == 1 ? "temp" : "temps", p->nconsts, p->nconsts == 1 ? "constant" : "constants",
          p->ninputs, p->ninputs == 1 ? "input" : "inputs", p->noutputs,
          p->noutputs == 1 ? "output" : "outputs");
  size_t from = 0, c = 0;
  for (size_t s = 0; s < p->nstages; s++) {
    if (p->nstages > 1) fprintf(out, "; stage %zu\n", s);
    for (size_t i = from; i < p->stage_end[s]; i++)
      dump_instr(p, i, &p->code[i], namer, ctx, output_names, out);
    from = p->stage_end[s];
    for (; c < p->ncross && p->cross_stage[c] == s; c++) {
      fprintf(out, "; over all elements:\n");
      dump_instr(p, c, &p->cross[c], namer, ctx, output_names, out);
    }
  }
}
