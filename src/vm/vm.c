/* vm.c: the array VM; see vm.h. */
#include "vm.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clones.h"
#include "mem.h"
#include "opcodes.h"

struct VmFrame {
  const Program *prog;
  double **slot;     /* per slot: where its current block lives */
  double *temps;     /* ntemps blocks */
  double *consts;    /* nconsts blocks, filled once */
  double *bcast;     /* ninputs blocks for scalar inputs */
  double *bcast_of;  /* per input: the value its block holds (filled only when it changes) */
  unsigned char *bcast_set; /* per input: its block holds bcast_of */
  double *uniform;   /* nuniform blocks: one value each, broadcast */
  double *wide;      /* nwide arrays of wide_cap elements */
  size_t wide_cap;
  size_t *moving;    /* slots that advance with the block: array inputs, outputs, wides */
  const double **moving_base;
  size_t nmoving;
  uint16_t *in_slot, *out_slot; /* the slot of each input and output */
  double *reg;       /* one element: a plain register file, constants preloaded */
};

VmFrame *vm_frame_new(const Program *p)
{
  VmFrame *f = xcalloc(1, sizeof *f);
  f->prog = p;
  f->slot = xcalloc(p->nslots + 1, sizeof *f->slot);
  f->temps = xmalloc((p->ntemps ? p->ntemps : 1) * VM_BLOCK * sizeof(double));
  f->consts = xmalloc((p->nconsts ? p->nconsts : 1) * VM_BLOCK * sizeof(double));
  f->bcast = xmalloc((p->ninputs ? p->ninputs : 1) * VM_BLOCK * sizeof(double));
  f->bcast_of = xcalloc(p->ninputs + 1, sizeof *f->bcast_of);
  f->bcast_set = xcalloc(p->ninputs + 1, sizeof *f->bcast_set);
  f->uniform = xcalloc((p->nuniform ? p->nuniform : 1) * VM_BLOCK, sizeof(double));
  f->moving = xmalloc((p->nslots ? p->nslots : 1) * sizeof *f->moving);
  f->moving_base = xmalloc((p->nslots ? p->nslots : 1) * sizeof *f->moving_base);
  f->in_slot = xcalloc(p->ninputs + 1, sizeof *f->in_slot);
  f->out_slot = xcalloc(p->noutputs + 1, sizeof *f->out_slot);
  f->reg = xcalloc(p->nslots + 1, sizeof *f->reg);
  for (size_t c = 0; c < p->nconsts; c++)
    for (size_t k = 0; k < VM_BLOCK; k++) f->consts[c * VM_BLOCK + k] = p->consts[c];
  for (size_t s = 0; s < p->nslots; s++) {
    const Slot *sl = &p->slots[s];
    switch (sl->kind) {
    case SLOT_TEMP: f->slot[s] = f->temps + (size_t)sl->ref * VM_BLOCK; break;
    case SLOT_CONST:
      f->slot[s] = f->consts + (size_t)sl->ref * VM_BLOCK;
      f->reg[s] = p->consts[sl->ref];
      break;
    case SLOT_UNIFORM: f->slot[s] = f->uniform + (size_t)sl->ref * VM_BLOCK; break;
    case SLOT_INPUT: f->in_slot[sl->ref] = (uint16_t)s; break;
    case SLOT_OUTPUT: f->out_slot[sl->ref] = (uint16_t)s; break;
    case SLOT_WIDE: break; /* placed per call: their size is n */
    }
  }
  return f;
}

void vm_frame_free(VmFrame *f)
{
  if (!f) return;
  free(f->slot);
  free(f->temps);
  free(f->consts);
  free(f->bcast);
  free(f->bcast_of);
  free(f->bcast_set);
  free(f->uniform);
  free(f->wide);
  free(f->moving);
  free(f->moving_base);
  free(f->in_slot);
  free(f->out_slot);
  free(f->reg);
  free(f);
}

/* The dispatch: one loop per instruction over the m elements of a block.
 * The loops are vectorised (this file is built with -ftree-vectorize), and an
 * AVX2 copy is chosen at load time when the CPU has it (clones.h); the math
 * functions are the same calls either way. */

#define VM_LOOP1(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], 0, 0, 0)
#define VM_LOOP2(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], y[k], 0, 0)
#define VM_LOOP3(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], y[k], z[k], 0)
#define VM_LOOP4(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], y[k], z[k], w[k])

/* A table operand is the whole table, not a block of it. */
#define VM_KIND_ELEM(arity, OP) VM_LOOP##arity(OP)
#define VM_KIND_CROSS(arity, OP) VM_LOOP##arity(OP)
#define VM_KIND_TABLE(arity, OP) for (size_t k = 0; k < m; k++) d[k] = nd_lookup(x, y[k], z[k])

VECTOR_CLONES static void run_block(const Instr *ip, const Instr *end, double *const *slot, size_t m)
{
  for (; ip < end; ip++) {
    double *d = slot[ip->a];
    const double *x = slot[ip->b], *y = slot[ip->c], *z = slot[ip->d], *w = slot[ip->e];
    (void)w;
    int fn = op_vmath((Opcode)ip->op);
    if (fn >= 0) {
      vmath_array((VmathFn)fn, d, x, opcode_arity[ip->op] > 1 ? y : NULL, m);
      continue;
    }
    switch ((Opcode)ip->op) {
#define VM_CASE(name, arity, kind, mnem, syn) \
  case OP_##name:                             \
    VM_KIND_##kind(arity, OP_##name);         \
    break;
      OPCODE_LIST(VM_CASE)
#undef VM_CASE
    case OP__COUNT:
      break;
    }
  }
}

/* One element (a single neuron): a register machine over plain doubles, the
 * Lua way -- operands are indices into one array, no loops.  Cross
 * operations over one element are trivial and handled in place. */
static void run_scalar_range(const Instr *ip, const Instr *end, double *r, double *const *slot)
{
  for (; ip < end; ip++) {
    if (ip->op == OP_LOOKUP) {
      r[ip->a] = nd_lookup(slot[ip->b], r[ip->c], r[ip->d]);
      continue;
    }
    switch ((Opcode)ip->op) {
#define VM_SCALAR(name, arity, kind, mnem, syn)                                          \
  case OP_##name:                                                                        \
    r[ip->a] = op_eval(OP_##name, r[ip->b], arity > 1 ? r[ip->c] : 0, arity > 2 ? r[ip->d] : 0, \
                       arity > 3 ? r[ip->e] : 0);                                        \
    break;
      OPCODE_LIST(VM_SCALAR)
#undef VM_SCALAR
    case OP__COUNT:
      break;
    }
  }
}

static void cross_scalar(const Instr *in, double *r)
{
  switch ((Opcode)in->op) {
  case OP_SUM: r[in->a] = r[in->b]; break;
  case OP_GATHER: r[in->a] = r[in->c] == 0 ? r[in->b] : NAN; break;
  case OP_SCATTER_ADD: r[in->a] = r[in->c] == 0 ? r[in->b] : 0; break;
  default: break;
  }
}

/* ---- cross operations over whole arrays ------------------------------------- */

/* A slot's values as an array of n, or one value (stride 0). */
typedef struct {
  const double *v;
  size_t stride;
} Span;

static Span whole(const VmFrame *f, const VmInput *inputs, uint16_t s)
{
  const Slot *sl = &f->prog->slots[s];
  switch (sl->kind) {
  case SLOT_INPUT:
    if (inputs[sl->ref].array) return (Span){inputs[sl->ref].array, 1};
    return (Span){&inputs[sl->ref].scalar, 0};
  case SLOT_CONST: return (Span){&f->prog->consts[sl->ref], 0};
  case SLOT_UNIFORM: return (Span){f->uniform + (size_t)sl->ref * VM_BLOCK, 0};
  case SLOT_WIDE: return (Span){f->wide + (size_t)sl->ref * f->wide_cap, 1};
  default: return (Span){NULL, 0}; /* program_compile never does this */
  }
}

static void run_cross(VmFrame *f, const VmInput *inputs, const Instr *in, size_t n)
{
  Span x = whole(f, inputs, in->b);
  const Slot *dst = &f->prog->slots[in->a];
  switch ((Opcode)in->op) {
  case OP_SUM: {
    /* In blocks, then the blocks in order: the result depends on n only,
     * not on how the elements are split between threads. */
    double total = 0;
    for (size_t off = 0; off < n; off += VM_BLOCK) {
      size_t m = n - off < VM_BLOCK ? n - off : VM_BLOCK;
      double part = 0;
      for (size_t k = 0; k < m; k++) part += x.v[(off + k) * x.stride];
      total += part;
    }
    double *u = f->uniform + (size_t)dst->ref * VM_BLOCK;
    for (size_t k = 0; k < VM_BLOCK; k++) u[k] = total;
    break;
  }
  case OP_GATHER: {
    Span idx = whole(f, inputs, in->c);
    double *d = f->wide + (size_t)dst->ref * f->wide_cap;
    for (size_t k = 0; k < n; k++) {
      double j = idx.v[k * idx.stride];
      d[k] = j >= 0 && j < (double)n && j == floor(j) ? x.v[(size_t)j * x.stride] : NAN;
    }
    break;
  }
  case OP_SCATTER_ADD: {
    Span idx = whole(f, inputs, in->c);
    double *d = f->wide + (size_t)dst->ref * f->wide_cap;
    memset(d, 0, n * sizeof *d);
    for (size_t k = 0; k < n; k++) { /* in element order: deterministic */
      double j = idx.v[k * idx.stride];
      if (j >= 0 && j < (double)n && j == floor(j)) d[(size_t)j] += x.v[k * x.stride];
    }
    break;
  }
  default:
    break;
  }
}

void vm_exec(VmFrame *f, const VmInput *inputs, double *const *outputs, size_t n)
{
  const Program *p = f->prog;
  if (p->ncode == 0 && p->ncross == 0) return; /* nothing to compute (p->code may be NULL) */
  for (size_t j = 0; j < p->ninputs; j++)
    if (ir_input_kind(p->inputs[j]) == IN_TABLE) f->slot[f->in_slot[j]] = (double *)inputs[j].array;
  if (n == 1) {
    for (size_t j = 0; j < p->ninputs; j++)
      f->reg[f->in_slot[j]] = inputs[j].array ? inputs[j].array[0] : inputs[j].scalar;
    size_t from = 0, c = 0;
    for (size_t s = 0; s < p->nstages; s++) {
      run_scalar_range(p->code + from, p->code + p->stage_end[s], f->reg, f->slot);
      from = p->stage_end[s];
      for (; c < p->ncross && p->cross_stage[c] == s; c++) cross_scalar(&p->cross[c], f->reg);
    }
    for (size_t j = 0; j < p->noutputs; j++) outputs[j][0] = f->reg[f->out_slot[j]];
    return;
  }
  if (p->nwide && f->wide_cap < n) {
    free(f->wide);
    f->wide = xmalloc(p->nwide * n * sizeof *f->wide);
    f->wide_cap = n;
  }
  f->nmoving = 0;
  for (size_t j = 0; j < p->ninputs; j++) {
    size_t s = f->in_slot[j];
    if (ir_input_kind(p->inputs[j]) == IN_TABLE) continue; /* placed above */
    if (inputs[j].array) {
      f->moving[f->nmoving] = s;
      f->moving_base[f->nmoving++] = inputs[j].array;
    } else {
      /* A parameter's block is filled once, not at every call (the same
       * bits: compared as bits, so a NaN or -0 is refilled correctly). */
      double *b = f->bcast + j * VM_BLOCK;
      if (!f->bcast_set[j] || memcmp(&f->bcast_of[j], &inputs[j].scalar, sizeof(double)) != 0) {
        for (size_t k = 0; k < VM_BLOCK; k++) b[k] = inputs[j].scalar;
        f->bcast_of[j] = inputs[j].scalar;
        f->bcast_set[j] = 1;
      }
      f->slot[s] = b;
    }
  }
  for (size_t j = 0; j < p->noutputs; j++) {
    f->moving[f->nmoving] = f->out_slot[j];
    f->moving_base[f->nmoving++] = outputs[j];
  }
  for (size_t s = 0; s < p->nslots; s++)
    if (p->slots[s].kind == SLOT_WIDE) {
      f->moving[f->nmoving] = s;
      f->moving_base[f->nmoving++] = f->wide + (size_t)p->slots[s].ref * f->wide_cap;
    }
  size_t from = 0, c = 0;
  for (size_t st = 0; st < p->nstages; st++) {
    const Instr *begin = p->code + from, *end = p->code + p->stage_end[st];
    if (begin < end)
      for (size_t off = 0; off < n; off += VM_BLOCK) {
        size_t m = n - off < VM_BLOCK ? n - off : VM_BLOCK;
        for (size_t i = 0; i < f->nmoving; i++)
          f->slot[f->moving[i]] = (double *)(f->moving_base[i] + off);
        run_block(begin, end, f->slot, m);
      }
    from = p->stage_end[st];
    for (; c < p->ncross && p->cross_stage[c] == st; c++) run_cross(f, inputs, &p->cross[c], n);
  }
}
