/*
 * piglet_ref.c: two independent C engines for Piglet bytecode (see piglet_ref.h).
 *
 * Semantics (PIGLET-ISA.md plus Piglet's checked outcomes): unsigned 64-bit wrap-around words,
 * memory addresses & 0xFFFF, u16 big-endian arguments. Before each instruction, in this order:
 * fuel (steps == fuel -> out of fuel), a truncated argument (pc > length - 3 -> end of stream),
 * the stack bounds of a defined opcode (underflow, then overflow), then the instruction's own faults
 * (bad jump target > length, checked for a conditional jump only when it is taken, division by zero,
 * unknown opcode). A faulting instruction has no effect
 * and leaves pc on itself; DONE counts as a step; a jump to exactly `length` reaches the zero byte
 * after the code (ABORT -> end of stream).
 *
 * The opcode tables below are written from the ISA table, not generated from the Java side, so the
 * two implementations stay independent witnesses of each other.
 */
#include "piglet_ref.h"

#include <stddef.h>

_Static_assert(offsetof(piglet_machine, result) == 0, "result");
_Static_assert(offsetof(piglet_machine, sp) == 8, "sp");
_Static_assert(offsetof(piglet_machine, pc) == 16, "pc");
_Static_assert(offsetof(piglet_machine, status) == 24, "status");
_Static_assert(offsetof(piglet_machine, steps) == 32, "steps");
_Static_assert(offsetof(piglet_machine, stack) == 64, "stack");
_Static_assert(offsetof(piglet_machine, memory) == 64 + 8 * PIGLET_STACK_WORDS, "memory");
_Static_assert(sizeof(piglet_machine) == 64 + 8 * PIGLET_STACK_WORDS + 8 * PIGLET_MEMORY_WORDS, "size");
_Static_assert(sizeof(piglet_io) == 64, "io");

enum {
    OP_ABORT, OP_PUSHI, OP_LOADI, OP_LOADADDI, OP_STOREI, OP_LOAD, OP_STORE, OP_DUP, OP_DISCARD,
    OP_ADD, OP_ADDI, OP_SUB, OP_DIV, OP_MUL, OP_JUMP, OP_JUMP_IF_TRUE, OP_JUMP_IF_FALSE, OP_EQUAL,
    OP_LESS, OP_LESS_OR_EQUAL, OP_GREATER, OP_GREATER_OR_EQUAL, OP_GREATER_OR_EQUALI, OP_POP_RES,
    OP_DONE, OP_PRINT, OP_READ, OP_COUNT
};

#define MASK 0xFFFFu

/* Words an instruction needs on the stack, and the depth change it makes (READ: the path that pushes). */
static const uint8_t NEEDS[OP_COUNT] = {
    [OP_LOADADDI] = 1, [OP_STOREI] = 1, [OP_LOAD] = 1, [OP_STORE] = 2, [OP_DUP] = 1, [OP_DISCARD] = 1,
    [OP_ADD] = 2, [OP_ADDI] = 1, [OP_SUB] = 2, [OP_DIV] = 2, [OP_MUL] = 2, [OP_JUMP_IF_TRUE] = 1,
    [OP_JUMP_IF_FALSE] = 1, [OP_EQUAL] = 2, [OP_LESS] = 2, [OP_LESS_OR_EQUAL] = 2, [OP_GREATER] = 2,
    [OP_GREATER_OR_EQUAL] = 2, [OP_GREATER_OR_EQUALI] = 1, [OP_POP_RES] = 1, [OP_PRINT] = 1,
};
static const int8_t DELTA[OP_COUNT] = {
    [OP_PUSHI] = 1, [OP_LOADI] = 1, [OP_STOREI] = -1, [OP_STORE] = -2, [OP_DUP] = 1, [OP_DISCARD] = -1,
    [OP_ADD] = -1, [OP_SUB] = -1, [OP_DIV] = -1, [OP_MUL] = -1, [OP_JUMP_IF_TRUE] = -1,
    [OP_JUMP_IF_FALSE] = -1, [OP_EQUAL] = -1, [OP_LESS] = -1, [OP_LESS_OR_EQUAL] = -1,
    [OP_GREATER] = -1, [OP_GREATER_OR_EQUAL] = -1, [OP_POP_RES] = -1, [OP_PRINT] = -1, [OP_READ] = 1,
};

static int has_arg(unsigned op) {
    switch (op) {
    case OP_PUSHI: case OP_LOADI: case OP_LOADADDI: case OP_STOREI: case OP_ADDI: case OP_JUMP:
    case OP_JUMP_IF_TRUE: case OP_JUMP_IF_FALSE: case OP_GREATER_OR_EQUALI: case OP_READ:
        return 1;
    default:
        return 0;
    }
}

int32_t piglet_switch_run(const uint8_t *code, int32_t length, piglet_machine *m, piglet_io *io, int64_t fuel) {
    uint64_t *st = m->stack;
    uint64_t *mem = m->memory;
    int64_t pc = (int64_t) m->pc;
    int64_t sp = (int64_t) m->sp;
    int64_t steps = (int64_t) m->steps;
    uint64_t result = m->result;
    int32_t status;
    for (;;) {
        if (steps == fuel) {
            status = PIGLET_OUT_OF_FUEL;
            break;
        }
        unsigned op = code[pc];
        uint32_t arg = 0;
        int64_t next = pc + 1;
        if (has_arg(op)) {
            if (pc > (int64_t) length - 3) {
                status = PIGLET_END_OF_STREAM;
                break;
            }
            arg = (uint32_t) code[pc + 1] << 8 | code[pc + 2];
            next = pc + 3;
        }
        if (op < OP_COUNT) {
            if (sp < NEEDS[op]) {
                status = PIGLET_STACK_UNDERFLOW;
                break;
            }
            if (sp + DELTA[op] > PIGLET_STACK_WORDS) {
                status = PIGLET_STACK_OVERFLOW;
                break;
            }
        }
        uint64_t l, r;
        switch (op) {
        case OP_ABORT:
            status = PIGLET_END_OF_STREAM;
            goto done;
        case OP_PUSHI:
            st[sp++] = arg;
            break;
        case OP_LOADI:
            st[sp++] = mem[arg];
            break;
        case OP_LOADADDI:
            st[sp - 1] += mem[arg];
            break;
        case OP_STOREI:
            mem[arg] = st[--sp];
            break;
        case OP_LOAD:
            st[sp - 1] = mem[st[sp - 1] & MASK];
            break;
        case OP_STORE:
            mem[st[sp - 2] & MASK] = st[sp - 1];
            sp -= 2;
            break;
        case OP_DUP:
            st[sp] = st[sp - 1];
            sp++;
            break;
        case OP_DISCARD:
            sp--;
            break;
        case OP_ADD: case OP_SUB: case OP_MUL: case OP_EQUAL: case OP_LESS: case OP_LESS_OR_EQUAL:
        case OP_GREATER: case OP_GREATER_OR_EQUAL:
            r = st[sp - 1];
            l = st[sp - 2];
            switch (op) {
            case OP_ADD: l = l + r; break;
            case OP_SUB: l = l - r; break;
            case OP_MUL: l = l * r; break;
            case OP_EQUAL: l = l == r; break;
            case OP_LESS: l = l < r; break;
            case OP_LESS_OR_EQUAL: l = l <= r; break;
            case OP_GREATER: l = l > r; break;
            default: l = l >= r; break;
            }
            st[sp - 2] = l;
            sp--;
            break;
        case OP_DIV:
            r = st[sp - 1];
            if (r == 0) {
                status = PIGLET_DIVISION_BY_ZERO;
                goto done;
            }
            st[sp - 2] = st[sp - 2] / r;
            sp--;
            break;
        case OP_ADDI:
            st[sp - 1] += arg;
            break;
        case OP_JUMP:
            if (arg > (uint32_t) length) {
                status = PIGLET_BAD_JUMP;
                goto done;
            }
            next = arg;
            break;
        case OP_JUMP_IF_TRUE: case OP_JUMP_IF_FALSE:
            /* the target is checked only when the jump is taken */
            if ((st[sp - 1] != 0) == (op == OP_JUMP_IF_TRUE)) {
                if (arg > (uint32_t) length) {
                    status = PIGLET_BAD_JUMP;
                    goto done;
                }
                next = arg;
            }
            sp--;
            break;
        case OP_GREATER_OR_EQUALI:
            st[sp - 1] = st[sp - 1] >= arg;
            break;
        case OP_POP_RES:
            result = st[--sp];
            break;
        case OP_DONE:
            steps++;
            status = PIGLET_SUCCESS;
            goto done;
        case OP_PRINT:
            if (io->out_len == io->out_cap) {
                status = PIGLET_PAUSED_OUTPUT;
                goto done;
            }
            io->out[io->out_len++] = st[--sp];
            break;
        case OP_READ:
            if (arg > (uint32_t) length) {
                status = PIGLET_BAD_JUMP;
                goto done;
            }
            if (io->in_pos < io->in_len) {
                st[sp++] = io->in[io->in_pos++];
            } else if (io->in_state == PIGLET_IN_END) {
                next = arg;
            } else if (io->in_state == PIGLET_IN_BAD) {
                status = PIGLET_BAD_INPUT;
                goto done;
            } else {
                status = PIGLET_PAUSED_INPUT;
                goto done;
            }
            break;
        default:
            status = PIGLET_UNKNOWN_OPCODE;
            goto done;
        }
        steps++;
        pc = next;
    }
done:
    m->result = result;
    m->pc = (uint64_t) pc;
    m->sp = (uint64_t) sp;
    m->steps = (uint64_t) steps;
    m->status = (uint64_t) status;
    return status;
}

/*
 * The threaded engine. tos holds stack[sp - 1] while sp > 0 (its slot in memory is stale); every exit
 * writes it back, so the machine segment ends up exactly as the switch engine leaves it.
 */
int32_t piglet_goto_run(const uint8_t *code, int32_t length, piglet_machine *m, piglet_io *io, int64_t fuel) {
    static const void *const table[256] = {
        [OP_ABORT] = &&op_abort, [OP_PUSHI] = &&op_pushi, [OP_LOADI] = &&op_loadi,
        [OP_LOADADDI] = &&op_loadaddi, [OP_STOREI] = &&op_storei, [OP_LOAD] = &&op_load,
        [OP_STORE] = &&op_store, [OP_DUP] = &&op_dup, [OP_DISCARD] = &&op_discard, [OP_ADD] = &&op_add,
        [OP_ADDI] = &&op_addi, [OP_SUB] = &&op_sub, [OP_DIV] = &&op_div, [OP_MUL] = &&op_mul,
        [OP_JUMP] = &&op_jump, [OP_JUMP_IF_TRUE] = &&op_jump_if_true,
        [OP_JUMP_IF_FALSE] = &&op_jump_if_false, [OP_EQUAL] = &&op_equal, [OP_LESS] = &&op_less,
        [OP_LESS_OR_EQUAL] = &&op_less_or_equal, [OP_GREATER] = &&op_greater,
        [OP_GREATER_OR_EQUAL] = &&op_greater_or_equal, [OP_GREATER_OR_EQUALI] = &&op_greater_or_equali,
        [OP_POP_RES] = &&op_pop_res, [OP_DONE] = &&op_done, [OP_PRINT] = &&op_print, [OP_READ] = &&op_read,
        [OP_COUNT ... 255] = &&op_unknown,
    };
    uint64_t *const st = m->stack;
    uint64_t *const mem = m->memory;
    const int64_t last_arg = (int64_t) length - 3;
    int64_t pc = (int64_t) m->pc;
    int64_t sp = (int64_t) m->sp;
    int64_t steps = (int64_t) m->steps;
    uint64_t result = m->result;
    uint64_t tos = sp > 0 ? st[sp - 1] : 0;
    uint32_t arg;
    uint64_t l;
    int32_t status;

/* Fuel, then straight to the handler. */
#define DISPATCH() do { if (steps == fuel) { status = PIGLET_OUT_OF_FUEL; goto done; } goto *table[code[pc]]; } while (0)
#define NEXT(n) do { steps++; pc += (n); DISPATCH(); } while (0)
#define FAULT(s) do { status = (s); goto done; } while (0)
#define ARG() do { if (pc > last_arg) FAULT(PIGLET_END_OF_STREAM); arg = (uint32_t) code[pc + 1] << 8 | code[pc + 2]; } while (0)
#define NEED(n) do { if (sp < (n)) FAULT(PIGLET_STACK_UNDERFLOW); } while (0)
#define ROOM() do { if (sp + 1 > PIGLET_STACK_WORDS) FAULT(PIGLET_STACK_OVERFLOW); } while (0)
#define PUSH(v) do { if (sp > 0) st[sp - 1] = tos; tos = (v); sp++; } while (0)
#define POP() do { sp--; if (sp > 0) tos = st[sp - 1]; } while (0)
#define BINARY(expr) do { NEED(2); l = st[sp - 2]; tos = (expr); sp--; NEXT(1); } while (0)

    DISPATCH();
op_abort:
    FAULT(PIGLET_END_OF_STREAM);
op_pushi:
    ARG(); ROOM(); PUSH(arg); NEXT(3);
op_loadi:
    ARG(); ROOM(); PUSH(mem[arg]); NEXT(3);
op_loadaddi:
    ARG(); NEED(1); tos += mem[arg]; NEXT(3);
op_storei:
    ARG(); NEED(1); mem[arg] = tos; POP(); NEXT(3);
op_load:
    NEED(1); tos = mem[tos & MASK]; NEXT(1);
op_store:
    NEED(2); mem[st[sp - 2] & MASK] = tos; sp -= 2; if (sp > 0) tos = st[sp - 1]; NEXT(1);
op_dup:
    NEED(1); ROOM(); st[sp - 1] = tos; sp++; NEXT(1);
op_discard:
    NEED(1); POP(); NEXT(1);
op_add:
    BINARY(l + tos);
op_sub:
    BINARY(l - tos);
op_mul:
    BINARY(l * tos);
op_equal:
    BINARY(l == tos);
op_less:
    BINARY(l < tos);
op_less_or_equal:
    BINARY(l <= tos);
op_greater:
    BINARY(l > tos);
op_greater_or_equal:
    BINARY(l >= tos);
op_div:
    NEED(2);
    if (tos == 0) FAULT(PIGLET_DIVISION_BY_ZERO);
    tos = st[sp - 2] / tos;
    sp--;
    NEXT(1);
op_addi:
    ARG(); NEED(1); tos += arg; NEXT(3);
op_jump:
    ARG();
    if (arg > (uint32_t) length) FAULT(PIGLET_BAD_JUMP);
    steps++;
    pc = arg;
    DISPATCH();
op_jump_if_true:
    ARG(); NEED(1);
    l = tos;
    if ((l != 0) && arg > (uint32_t) length) FAULT(PIGLET_BAD_JUMP);
    POP();
    steps++;
    pc = l != 0 ? (int64_t) arg : pc + 3;
    DISPATCH();
op_jump_if_false:
    ARG(); NEED(1);
    l = tos;
    if ((l == 0) && arg > (uint32_t) length) FAULT(PIGLET_BAD_JUMP);
    POP();
    steps++;
    pc = l == 0 ? (int64_t) arg : pc + 3;
    DISPATCH();
op_greater_or_equali:
    ARG(); NEED(1); tos = tos >= arg; NEXT(3);
op_pop_res:
    NEED(1); result = tos; POP(); NEXT(1);
op_done:
    steps++;
    FAULT(PIGLET_SUCCESS);
op_print:
    NEED(1);
    if (io->out_len == io->out_cap) FAULT(PIGLET_PAUSED_OUTPUT);
    io->out[io->out_len++] = tos;
    POP();
    NEXT(1);
op_read:
    ARG(); ROOM();
    if (arg > (uint32_t) length) FAULT(PIGLET_BAD_JUMP);
    if (io->in_pos < io->in_len) {
        PUSH(io->in[io->in_pos++]);
        NEXT(3);
    }
    if (io->in_state == PIGLET_IN_END) {
        steps++;
        pc = arg;
        DISPATCH();
    }
    FAULT(io->in_state == PIGLET_IN_BAD ? PIGLET_BAD_INPUT : PIGLET_PAUSED_INPUT);
op_unknown:
    FAULT(PIGLET_UNKNOWN_OPCODE);

done:
    if (sp > 0) {
        st[sp - 1] = tos;
    }
    m->result = result;
    m->pc = (uint64_t) pc;
    m->sp = (uint64_t) sp;
    m->steps = (uint64_t) steps;
    m->status = (uint64_t) status;
    return status;
#undef DISPATCH
#undef NEXT
#undef FAULT
#undef ARG
#undef NEED
#undef ROOM
#undef PUSH
#undef POP
#undef BINARY
}

uint64_t piglet_memory_checksum(const piglet_machine *m) {
    uint64_t h = 0xcbf29ce484222325u;
    for (int a = 0; a < PIGLET_MEMORY_WORDS; a++) {
        h = (h ^ m->memory[a]) * 0x100000001b3u;
    }
    return h;
}

int64_t piglet_layout(int32_t what) {
    switch (what) {
    case 0: return offsetof(piglet_machine, result);
    case 1: return offsetof(piglet_machine, sp);
    case 2: return offsetof(piglet_machine, pc);
    case 3: return offsetof(piglet_machine, status);
    case 4: return offsetof(piglet_machine, steps);
    case 5: return offsetof(piglet_machine, stack);
    case 6: return offsetof(piglet_machine, memory);
    case 7: return sizeof(piglet_machine);
    case 8: return sizeof(piglet_io);
    default: return -1;
    }
}
