/* ir.h: the expression DAG every model is lowered to.
 *
 * Nodes are hash-consed: building the same operation on the same operands
 * twice returns the same node, which is common-subexpression elimination for
 * free.  Node ids are creation order, so args always precede their users
 * (ids are a topological order).  The smart constructor ir_op folds constant
 * operands (refusing folds that would produce NaN or Inf, as Lua does, so the
 * failure happens at run time where it can be reported), applies the
 * identities that are exact in floating point (x+0, x*1, x^2 = x*x, ...),
 * and rewrites the removable singularity of rate functions (see ir_op).
 *
 * An Ir owns its node array; free it with ir_free.  It has no pointers into
 * the AST or the Model. */
#ifndef NEURODE_IR_H
#define NEURODE_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "opcodes.h"

typedef int32_t IrId;
enum { IR_NONE = -1 };

/* What a program reads from outside. */
typedef enum {
  IN_STATE, /* state variable #index */
  IN_PARAM, /* parameter #index */
  IN_TIME,  /* t */
  IN_INDEX, /* i: the element's index in its group (a copy in a population), 0..N-1 */
  IN_COUNT, /* N: the group's size */
  IN_ARG,   /* argument of a function template: index = function*64 + position */
  IN_STEP,  /* the step counter of a run: what random draws and maps count by */
  IN_SEED,  /* the run's seed */
  IN_H,     /* the size of the step being taken (white noise scales with it) */
  IN_STREAM, /* a random draw's call site inside a function template (renumbered per call) */
  IN_DISCRETE, /* a per-element value kept by the driver, not integrated: #0 refractory (1) or not (0) */
  IN_TABLE,  /* table #index: its whole data (rows, columns, then the numbers row by row) */
  IN_SPATIAL, /* d2X/dx2 of state #index at the element (a grid point), from the state and the ends */
  IN_GRAD,    /* dX/dx of state #index at an end: only in boundary conditions, solved for */
  IN__COUNT
} InputKind;

/* Node kinds beyond the opcodes. */
enum { IR_CONST = OP__COUNT, IR_INPUT };

/* The index space a node's value lives in: one value for all elements
 * (constants, t, the step, a sum over the population), or one per element
 * of the group.  Synapse sets and grids are further domains to come; a
 * CROSS operation is how a value moves from one domain to another. */
typedef enum { DOM_UNIFORM = 0, DOM_ELEMENT = 1 } IrDomain;

enum { IR_MAX_ARGS = 4 };

typedef struct IrNode {
  uint16_t op;      /* an Opcode, IR_CONST or IR_INPUT */
  uint8_t nargs;
  uint8_t dom;      /* IrDomain */
  uint32_t deps;    /* bit (1 << InputKind) for each kind of input it reads */
  IrId args[IR_MAX_ARGS];
  double value;     /* IR_CONST */
  int32_t input;    /* IR_INPUT: ir_input_code(kind, index) */
  uint32_t hash;
} IrNode;

typedef struct Ir {
  IrNode *nodes;
  size_t n, cap;
  IrId *table; /* open-addressing hash of node ids, -1 empty */
  size_t tcap;
  bool singular_rewrites; /* apply the exprel rewrite (on by default) */
} Ir;

void ir_init(Ir *ir);
void ir_free(Ir *ir);

static inline int32_t ir_input_code(InputKind k, int index) { return (int32_t)k << 24 | index; }
static inline InputKind ir_input_kind(int32_t code) { return (InputKind)(code >> 24); }
static inline int ir_input_index(int32_t code) { return code & 0xffffff; }

IrId ir_const(Ir *ir, double v);
IrId ir_input(Ir *ir, InputKind kind, int index);
/* The smart constructor; unused args are IR_NONE. */
IrId ir_op(Ir *ir, Opcode op, IrId a, IrId b, IrId c);
/* An operation of four operands (the random draws). */
IrId ir_op4(Ir *ir, Opcode op, IrId a, IrId b, IrId c, IrId d);
static inline IrId ir_op1(Ir *ir, Opcode op, IrId a) { return ir_op(ir, op, a, IR_NONE, IR_NONE); }
static inline IrId ir_op2(Ir *ir, Opcode op, IrId a, IrId b) { return ir_op(ir, op, a, b, IR_NONE); }

static inline const IrNode *ir_node(const Ir *ir, IrId id) { return &ir->nodes[id]; }
bool ir_is_const(const Ir *ir, IrId id, double v);

/* d(root)/d(wrt) where wrt is an IR_INPUT node.  Returns IR_NONE if some
 * operation has no derivative rule (dexprel).  New nodes are added to ir. */
IrId ir_diff(Ir *ir, IrId root, IrId wrt);

/* Rebuild root with some inputs replaced: map returns the replacement of an
 * input (by its code) or IR_NONE to keep it.  Nodes are rebuilt through
 * ir_op, so constants fold after the replacement.  map may add nodes. */
typedef IrId (*IrInputMap)(void *ctx, int32_t input_code);
IrId ir_subst(Ir *ir, IrId root, IrInputMap map, void *ctx);

/* Does root read the node `leaf` (directly or through its arguments)? */
bool ir_depends_on(const Ir *ir, IrId root, IrId leaf);

/* Mark (live[id] = true) every node reachable from the roots. */
void ir_mark_live(const Ir *ir, const IrId *roots, size_t nroots, bool *live);

/* Names for inputs when printing. */
typedef const char *(*IrInputNamer)(const void *ctx, int32_t input_code);

/* Print the live part of the DAG, renumbered %0.. in topological order, then
 * one line "label = %k" per root. */
void ir_dump(const Ir *ir, const IrId *roots, const char *const *labels, size_t nroots,
             IrInputNamer namer, const void *ctx, FILE *out);

#endif
