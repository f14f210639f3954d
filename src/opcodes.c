/* opcodes.c: the tables generated from OPCODE_LIST. */
#include "opcodes.h"

#define MNEM(name, arity, mnem, syn) [OP_##name] = mnem,
#define SYN(name, arity, mnem, syn) [OP_##name] = syn,
#define ARITY(name, arity, mnem, syn) [OP_##name] = arity,
const char *const opcode_mnemonic[OP__COUNT] = {OPCODE_LIST(MNEM)};
const char *const opcode_synopsis[OP__COUNT] = {OPCODE_LIST(SYN)};
const unsigned char opcode_arity[OP__COUNT] = {OPCODE_LIST(ARITY)};
