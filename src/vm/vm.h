/* vm.h: runs a Program over arrays of n elements.
 *
 * The elements are processed in blocks of VM_BLOCK; within a block every
 * instruction is one tight loop over the block (no per-element dispatch), and
 * a block's temporaries stay in L1 cache.  A single neuron is n = 1.
 *
 * A VmFrame is the scratch memory for one Program (vm_frame_new /
 * vm_frame_free); it holds no pointer to the caller's arrays between calls.
 * Inputs are arrays of n elements or scalars broadcast to all elements. */
#ifndef NEURODE_VM_H
#define NEURODE_VM_H

#include <stddef.h>

#include "program.h"

enum { VM_BLOCK = 64 };

typedef struct VmInput {
  const double *array; /* n elements, or NULL for a scalar */
  double scalar;
} VmInput;

typedef struct VmFrame VmFrame;

VmFrame *vm_frame_new(const Program *p);
void vm_frame_free(VmFrame *f);

/* outputs[j] receives n elements. */
void vm_exec(VmFrame *f, const VmInput *inputs, double *const *outputs, size_t n);

#endif
