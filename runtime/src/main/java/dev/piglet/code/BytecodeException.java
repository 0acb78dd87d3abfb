package dev.piglet.code;

/** Bytecode that cannot be loaded (empty, too large); the message names the file and says why. */
public class BytecodeException extends RuntimeException {
    public BytecodeException(String message) {
        super(message);
    }
}
