package dev.piglet.flink;

import dev.piglet.MachineSnapshot;
import java.nio.ByteBuffer;

/**
 * The bytes a stage keeps in Flink state for one machine: a version byte, then either "finished" or
 * the waiting machine's {@link MachineSnapshot} (registers, stack, non-zero cells), little-endian.
 * A key waiting in {@code pipe-sum.pvm} (two cells, empty stack) takes 55 bytes.
 */
final class StateCodec {
    private StateCodec() {}

    private static final byte WAITING = 1;
    private static final byte FINISHED = 2;
    static final byte[] FINISHED_STATE = {FINISHED};

    static boolean finished(byte[] bytes) {
        return bytes[0] == FINISHED;
    }

    static byte[] encode(MachineSnapshot s) {
        int n = s.cellAddresses().length;
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 8 * 3 + 2 + 8 * s.stack().length + 4 + 10 * n)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(WAITING).putInt(s.status()).putLong(s.pc()).putLong(s.steps()).putLong(s.result());
        b.putShort((short) s.stack().length);
        for (long w : s.stack()) {
            b.putLong(w);
        }
        b.putInt(n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) s.cellAddresses()[i]).putLong(s.cellValues()[i]);
        }
        return b.array();
    }

    static MachineSnapshot decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (b.get() != WAITING) {
            throw new IllegalArgumentException("not a waiting machine's state");
        }
        int status = b.getInt();
        long pc = b.getLong();
        long steps = b.getLong();
        long result = b.getLong();
        long[] stack = new long[b.getShort() & 0xFFFF];
        for (int i = 0; i < stack.length; i++) {
            stack[i] = b.getLong();
        }
        int n = b.getInt();
        int[] addresses = new int[n];
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            addresses[i] = b.getShort() & 0xFFFF;
            values[i] = b.getLong();
        }
        return new MachineSnapshot(status, pc, steps, result, stack, addresses, values);
    }
}
