/* vm.c: the array VM; see vm.h. */
#include "vm.h"

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
  for (size_t c = 0; c < p->nconsts; c++)
    for (size_t k = 0; k < VM_BLOCK; k++) f->consts[c * VM_BLOCK + k] = p->consts[c];
  for (size_t s = 0; s < p->nslots; s++) {
    const Slot *sl = &p->slots[s];
    if (sl->kind == SLOT_TEMP) f->slot[s] = f->temps + (size_t)sl->ref * VM_BLOCK;
    if (sl->kind == SLOT_CONST) f->slot[s] = f->consts + (size_t)sl->ref * VM_BLOCK;
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
  free(f);
}

/* The dispatch: one loop per instruction over the m elements of a block. */
#define VM_LOOP1(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], 0, 0)
#define VM_LOOP2(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], y[k], 0)
#define VM_LOOP3(OP) for (size_t k = 0; k < m; k++) d[k] = op_eval(OP, x[k], y[k], z[k])

static void run_block(const Program *p, double *const *slot, size_t m)
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

void vm_exec(VmFrame *f, const VmInput *inputs, double *const *outputs, size_t n)
{
  const Program *p = f->prog;
  size_t fill = n < VM_BLOCK ? n : VM_BLOCK;
  f->nmoving = 0;
  for (size_t s = 0; s < p->nslots; s++) {
    const Slot *sl = &p->slots[s];
    if (sl->kind == SLOT_INPUT) {
      const VmInput *in = &inputs[sl->ref];
      if (in->array) {
        f->moving[f->nmoving] = s;
        f->moving_base[f->nmoving++] = in->array;
      } else {
        double *b = f->bcast + (size_t)sl->ref * VM_BLOCK;
        for (size_t k = 0; k < fill; k++) b[k] = in->scalar;
        f->slot[s] = b;
      }
    } else if (sl->kind == SLOT_OUTPUT) {
      f->moving[f->nmoving] = s;
      f->moving_base[f->nmoving++] = outputs[sl->ref];
    }
  }
  for (size_t off = 0; off < n; off += VM_BLOCK) {
    size_t m = n - off < VM_BLOCK ? n - off : VM_BLOCK;
    for (size_t i = 0; i < f->nmoving; i++)
      f->slot[f->moving[i]] = (double *)(f->moving_base[i] + off);
    run_block(p, f->slot, m);
  }
}
