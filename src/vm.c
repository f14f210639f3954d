/* vm.c: the array VM; see vm.h. */
#include "vm.h"

#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "opcodes.h"

struct VmFrame {
  const Program *prog;
  double **slot;     /* per slot: where its current block lives */
  double *temps;     /* ntemps blocks */
  double *consts;    /* nconsts blocks, filled once */
  double *bcast;     /* ninputs blocks for scalar inputs */
  size_t *moving;    /* slots that advance with the block: inputs given as arrays, outputs */
  const double **moving_base;
  size_t nmoving;
  uint16_t *in_slot, *out_slot; /* the slot of each input and output */
  double *reg;       /* one element: a plain register file, constants preloaded */
};

VmFrame *vm_frame_new(const Program *p)
{
  VmFrame *f = xcalloc(1, sizeof *f);
  f->prog = p;
  f->slot = xcalloc(p->nslots, sizeof *f->slot);
  f->temps = xmalloc((p->ntemps ? p->ntemps : 1) * VM_BLOCK * sizeof(double));
  f->consts = xmalloc((p->nconsts ? p->nconsts : 1) * VM_BLOCK * sizeof(double));
  f->bcast = xmalloc((p->ninputs ? p->ninputs : 1) * VM_BLOCK * sizeof(double));
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
    case SLOT_INPUT: f->in_slot[sl->ref] = (uint16_t)s; break;
    case SLOT_OUTPUT: f->out_slot[sl->ref] = (uint16_t)s; break;
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
  free(f->moving);
  free(f->moving_base);
  free(f->in_slot);
  free(f->out_slot);
  free(f->reg);
  free(f);
}

/* The dispatch: one loop per instruction over the m elements of a block.
 * The loops are vectorised (this file is built with -ftree-vectorize), and on
 * x86-64 an AVX2 copy is chosen at load time when the CPU has it.  Results
 * are bit-identical either way: the vector instructions round exactly like
 * the scalar ones, ISO C mode forbids contracting a*b+c into an FMA, and the
 * math functions are the same scalar libm calls. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define VM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VM_CLONES
#endif

#define VM_LOOP1(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], 0, 0)
#define VM_LOOP2(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], y[k], 0)
#define VM_LOOP3(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], y[k], z[k])

VM_CLONES static void run_block(const Program *p, double *const *slot, size_t m)
{
  const Instr *ip = p->code, *end = p->code + p->ncode;
  for (; ip < end; ip++) {
    double *d = slot[ip->a];
    const double *x = slot[ip->b], *y = slot[ip->c], *z = slot[ip->d];
    switch ((Opcode)ip->op) {
#define VM_CASE(name, arity, mnem, syn) \
  case OP_##name:                       \
    VM_LOOP##arity(OP_##name);          \
    break;
      OPCODE_LIST(VM_CASE)
#undef VM_CASE
    case OP__COUNT:
      break;
    }
  }
}

/* One element (a single neuron): a register machine over plain doubles, the
 * Lua way -- operands are indices into one array, no loops. */
static void run_scalar(const Program *p, double *r)
{
  const Instr *ip = p->code, *end = p->code + p->ncode;
  for (; ip < end; ip++) {
    switch ((Opcode)ip->op) {
#define VM_SCALAR(name, arity, mnem, syn)                                \
  case OP_##name:                                                        \
    r[ip->a] = op_eval(OP_##name, r[ip->b], arity > 1 ? r[ip->c] : 0,    \
                       arity > 2 ? r[ip->d] : 0);                        \
    break;
      OPCODE_LIST(VM_SCALAR)
#undef VM_SCALAR
    case OP__COUNT:
      break;
    }
  }
}

void vm_exec(VmFrame *f, const VmInput *inputs, double *const *outputs, size_t n)
{
  const Program *p = f->prog;
  if (p->ncode == 0) return; /* nothing to compute (and p->code may be NULL) */
  if (n == 1) {
    for (size_t j = 0; j < p->ninputs; j++)
      f->reg[f->in_slot[j]] = inputs[j].array ? inputs[j].array[0] : inputs[j].scalar;
    run_scalar(p, f->reg);
    for (size_t j = 0; j < p->noutputs; j++) outputs[j][0] = f->reg[f->out_slot[j]];
    return;
  }
  f->nmoving = 0;
  for (size_t j = 0; j < p->ninputs; j++) {
    size_t s = f->in_slot[j];
    if (inputs[j].array) {
      f->moving[f->nmoving] = s;
      f->moving_base[f->nmoving++] = inputs[j].array;
    } else {
      double *b = f->bcast + j * VM_BLOCK;
      for (size_t k = 0; k < VM_BLOCK; k++) b[k] = inputs[j].scalar;
      f->slot[s] = b;
    }
  }
  for (size_t j = 0; j < p->noutputs; j++) {
    f->moving[f->nmoving] = f->out_slot[j];
    f->moving_base[f->nmoving++] = outputs[j];
  }
  for (size_t off = 0; off < n; off += VM_BLOCK) {
    size_t m = n - off < VM_BLOCK ? n - off : VM_BLOCK;
    for (size_t i = 0; i < f->nmoving; i++)
      f->slot[f->moving[i]] = (double *)(f->moving_base[i] + off);
    run_block(p, f->slot, m);
  }
}
