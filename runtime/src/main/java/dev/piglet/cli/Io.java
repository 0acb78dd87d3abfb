package dev.piglet.cli;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.BytecodeException;
import dev.piglet.code.Program;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reading and writing the commands' files. Every read is bounded by the bytes actually read (not by the
 * size the file system reports), so a pipe, a device or a symlink to {@code /dev/zero} stops at the limit
 * with an error naming the file and the limit. {@code -} is standard input (or output). Every failure is
 * {@code piglet: cannot read 'FILE': <reason>} (or {@code cannot write}), the reason as the operating system
 * words it.
 */
final class Io {
    /** Source files (.pvm, .k) and REPL lines larger than this are refused (a 65,536-byte program is far smaller). */
    static final int MAX_SOURCE_BYTES = 64 << 20;
    /** The name standard input has in messages. */
    static final String STDIN = "standard input";

    private Io() {}

    static boolean isAssembly(String file) {
        return file.endsWith(".pvm") || file.equals("-");
    }

    /** How messages name a file: {@code 'path'}, or {@code standard input} for {@code -}. */
    static String display(String file) {
        return file.equals("-") ? STDIN : "'" + file + "'";
    }

    /** The operating system's reason for an I/O failure, as {@code strerror} words it where Java keeps it. */
    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "No such file or directory";
            case AccessDeniedException x -> "Permission denied";
            case NotDirectoryException x -> "Not a directory";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            case FileNotFoundException x when x.getMessage() != null && x.getMessage().endsWith(")")
                    && x.getMessage().contains(" (") ->
                    x.getMessage().substring(x.getMessage().lastIndexOf(" (") + 2, x.getMessage().length() - 1);
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    static CliException cannotRead(String file, String why) {
        return CliException.input("cannot read " + display(file) + ": " + why);
    }

    static CliException cannotWrite(String file, String why) {
        return CliException.input("cannot write " + display(file) + ": " + why);
    }

    /** A path from a command-line argument; a name the JVM cannot encode (e.g. non-ASCII under LC_ALL=C) is exit 1. */
    static Path path(String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw CliException.input("cannot use the file name '" + file + "': it cannot be encoded in this locale's"
                    + " character set (" + System.getProperty("sun.jnu.encoding") + "); run in a UTF-8 locale");
        }
    }

    /** At most {@code limit} bytes of a file ({@code -}: {@code stdin}); more is an error naming the limit. */
    static byte[] readBytes(String file, int limit, InputStream stdin) {
        byte[] bytes = readUpTo(file, limit, stdin);
        if (bytes.length > limit) {
            throw cannotRead(file, "larger than the limit of " + limit + " bytes");
        }
        return bytes;
    }

    /** The file's bytes, or its first {@code limit + 1} if it has more: the read stops there, whatever the file is. */
    private static byte[] readUpTo(String file, int limit, InputStream stdin) {
        if (file.equals("-")) {
            return readUpTo(file, stdin, limit);
        }
        try (InputStream in = Files.newInputStream(path(file))) {
            return readUpTo(file, in, limit);
        } catch (IOException e) {
            throw cannotRead(file, reason(e));
        }
    }

    private static byte[] readUpTo(String file, InputStream in, int limit) {
        byte[] buf = new byte[(int) Math.min(limit + 1L, 1 << 16)];
        int n = 0;
        try {
            while (n <= limit) {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(limit + 1L, 2L * buf.length));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw cannotRead(file, reason(e));
        }
        return Arrays.copyOf(buf, n);
    }

    /** The source text of a {@code .pvm} file; bytes map 1:1 to chars so any file decodes. */
    static String readSource(String file, InputStream stdin) {
        return new String(readBytes(file, MAX_SOURCE_BYTES, stdin), StandardCharsets.ISO_8859_1);
    }

    /** A UTF-8 text file (a K script); bytes that are not UTF-8 are an error naming the line. */
    static String readText(String file, InputStream stdin) {
        return decodeUtf8(file, readBytes(file, MAX_SOURCE_BYTES, stdin), 1);
    }

    /** Strict UTF-8 decoding; {@code firstLine} numbers the first line in the error message. */
    static String decodeUtf8(String file, byte[] bytes, long firstLine) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int at = firstBadUtf8(bytes);
            long line = firstLine;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw cannotRead(file, String.format("not UTF-8 text (byte 0x%02X on line %d)", bytes[at] & 0xFF, line));
        }
    }

    private static int firstBadUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(Math.max(16, bytes.length));
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    /** The bytecode of a {@code .pvm} (assembled; warnings to {@code err}) or {@code .bin} file. */
    static byte[] readBytecode(String file, InputStream stdin, PrintStream err) {
        if (isAssembly(file)) {
            Assembler.Assembly assembly = Assembler.assemble(file.equals("-") ? "-" : file, readSource(file, stdin));
            assembly.warnings().forEach(err::println);
            return assembly.code();
        }
        return readBin(file, stdin);
    }

    /** A {@code .bin} file's bytecode: 1 to 65,536 bytes. */
    static byte[] readBin(String file, InputStream stdin) {
        byte[] code = readUpTo(file, Program.MAX_SIZE, stdin);
        if (code.length == 0) {
            throw CliException.input(file + ": empty program (no bytecode)");
        }
        if (code.length > Program.MAX_SIZE) {
            throw CliException.input(file + ": program too large: more than " + Program.MAX_SIZE
                    + " bytes (jump targets are u16)");
        }
        return code;
    }

    /** Writes {@code bytes} to a file ({@code -}: {@code stdout}), replacing it. */
    static void writeBytes(String file, byte[] bytes, OutputStream stdout) {
        try {
            if (file.equals("-")) {
                stdout.write(bytes);
                stdout.flush();
            } else {
                Files.write(path(file), bytes);
            }
        } catch (IOException e) {
            if (file.equals("-") && Main.isBrokenPipe(e)) {
                throw new java.io.UncheckedIOException(e);
            }
            throw cannotWrite(file, reason(e));
        }
    }

    /** Loads a program into {@code arena}, or explains in one line why it cannot. */
    static Program load(String file, byte[] code, BumpArena arena) {
        try {
            return Program.load(file, code, arena);
        } catch (BytecodeException e) {
            throw CliException.input(e.getMessage());
        }
    }
}
