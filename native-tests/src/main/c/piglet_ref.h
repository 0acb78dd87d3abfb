/*
 * piglet_ref: Piglet's C reference interpreter, written from PIGLET-ISA.md and the engine contract
 * (runtime's SwitchEngine), used by the differential tests in native-tests.
 *
 * It operates directly on Piglet's own memory: the code segment of a dev.piglet.code.Program
 * (length bytes of code followed by 3 zero bytes) and the machine segment of a dev.piglet.vm.Machine,
 * whose layout (dev.piglet.vm.MachineLayout) is the struct below. Java passes both segments through
 * FFM downcalls, so C and Java read and write the very same memory.
 */
#ifndef PIGLET_REF_H
#define PIGLET_REF_H

#include <stdint.h>

#define PIGLET_STACK_WORDS 256
#define PIGLET_MEMORY_WORDS 65536

/* Mirrors dev.piglet.vm.MachineLayout.LAYOUT field for field. */
typedef struct piglet_machine {
    uint64_t result;
    uint64_t sp;
    uint64_t pc;
    uint64_t status;
    uint64_t steps;
    uint64_t reserved[3];
    uint64_t stack[PIGLET_STACK_WORDS];
    uint64_t memory[PIGLET_MEMORY_WORDS];
} piglet_machine;

/*
 * The host's side of PRINT and READ. PRINT appends to out[0..out_cap); READ takes in[in_pos++] while
 * in_pos < in_len. When out is full, or in is drained while in_state is PIGLET_IN_MORE, the engine
 * pauses *before* the instruction (it has no effect) with PIGLET_PAUSED_OUTPUT / PIGLET_PAUSED_INPUT;
 * the host empties out / refills in and calls again: every engine resumes from the machine's
 * pc, sp, steps and result, which a freshly reset machine has at zero.
 */
typedef struct piglet_io {
    uint64_t *out;
    int64_t out_cap;
    int64_t out_len;
    const uint64_t *in;
    int64_t in_len;
    int64_t in_pos;
    int64_t in_state;
    int64_t reserved;
} piglet_io;

/* in_state: what lies after in[in_len - 1]. */
#define PIGLET_IN_MORE 0 /* ask the host: pause with PIGLET_PAUSED_INPUT */
#define PIGLET_IN_END 1  /* end of input: READ takes its jump */
#define PIGLET_IN_BAD 2  /* malformed input: the run stops with PIGLET_BAD_INPUT */

/* Outcomes: dev.piglet.vm.Status's codes. */
#define PIGLET_SUCCESS 0
#define PIGLET_DIVISION_BY_ZERO 1
#define PIGLET_UNKNOWN_OPCODE 3
#define PIGLET_END_OF_STREAM 4
#define PIGLET_STACK_OVERFLOW 5
#define PIGLET_STACK_UNDERFLOW 6
#define PIGLET_BAD_JUMP 7
#define PIGLET_OUT_OF_FUEL 8
#define PIGLET_BAD_INPUT 9
/* Not outcomes: the host must act and call again. */
#define PIGLET_PAUSED_OUTPUT 100
#define PIGLET_PAUSED_INPUT 101

/* Plain fetch-decode-switch engine; checks everything the Java SwitchEngine checks, in the same order. */
int32_t piglet_switch_run(const uint8_t *code, int32_t length, piglet_machine *m, piglet_io *io, int64_t fuel);

/* Computed-goto (direct threaded) engine with the top of stack cached in a register. */
int32_t piglet_goto_run(const uint8_t *code, int32_t length, piglet_machine *m, piglet_io *io, int64_t fuel);

/* FNV-1a over memory[], the same fingerprint as Machine.memoryChecksum(). */
uint64_t piglet_memory_checksum(const piglet_machine *m);

/* Layout facts for the Java side's check: 0 result, 1 sp, 2 pc, 3 status, 4 steps, 5 stack, 6 memory
 * (byte offsets), 7 sizeof(piglet_machine), 8 sizeof(piglet_io); -1 otherwise. */
int64_t piglet_layout(int32_t what);

#endif
