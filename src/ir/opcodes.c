/* opcodes.c: the tables generated from OPCODE_LIST. */
#include "opcodes.h"

#define MNEM(name, arity, kind, mnem, syn) [OP_##name] = mnem,
#define SYN(name, arity, kind, mnem, syn) [OP_##name] = syn,
#define ARITY(name, arity, kind, mnem, syn) [OP_##name] = arity,
#define KIND(name, arity, kind, mnem, syn) [OP_##name] = OPK_##kind,
const char *const opcode_mnemonic[OP__COUNT] = {OPCODE_LIST(MNEM)};
const char *const opcode_synopsis[OP__COUNT] = {OPCODE_LIST(SYN)};
const unsigned char opcode_arity[OP__COUNT] = {OPCODE_LIST(ARITY)};
const unsigned char opcode_kind[OP__COUNT] = {OPCODE_LIST(KIND)};
