package dev.piglet.bench;

import dev.piglet.arena.WordLink;
import dev.piglet.arena.WordSink;
import dev.piglet.arena.WordSource;
import dev.piglet.arena.WordStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Words per second from the benchmark thread to a consumer thread, for Piglet's two word streams and
 * two on-heap peers in the same run: {@code ArrayBlockingQueue<Long>} and a JCTools SPSC queue of boxed
 * {@code Long}. One operation = one word; each invocation sends {@link #WORDS} words and waits until the
 * consumer has read all of them (so the figure is end-to-end, not just enqueue speed).
 *
 * <p>{@code capacityBytes} is the buffer size (for the queues: capacityBytes / 8 elements); sweeping it
 * from 4 KiB to 64 MiB for the streams gives the arena-size plot in docs/arena.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamThroughputBenchmark {
    static final int WORDS = 1 << 20;

    @Param({"WordStream", "WordLink", "ArrayBlockingQueue", "JCToolsBoxed"})
    public String impl;

    @Param({"262144"})
    public long capacityBytes;

    private Channel channel;
    private Thread consumer;
    private volatile long roundsDone;   // written by the consumer after every WORDS words
    private long rounds;
    private volatile boolean stop;
    public long sink;                   // consumer's checksum, so nothing is optimised away

    /** One way of moving words; the consumer side runs on its own thread. */
    interface Channel {
        void put(long word);

        void flush();

        /** Consumer loop: read words until the channel ends, calling {@code round()} every WORDS words. */
        void consume(StreamThroughputBenchmark b);

        void end();
    }

    void consumed(long sum) {
        sink += sum;
        roundsDone = roundsDone + 1;    // only the consumer writes it
    }

    @Setup(Level.Trial)
    public void setup() {
        long words = capacityBytes / 8;
        channel = switch (impl) {
            case "WordStream" -> streamChannel(WordStream.ofCapacity(words));
            case "WordLink" -> linkChannel(WordLink.of(capacityBytes, (int) Math.min(1024, words / 4)));
            case "ArrayBlockingQueue" -> abqChannel(new ArrayBlockingQueue<>((int) words));
            case "JCToolsBoxed" -> jctoolsChannel(new SpscVarHandleArrayQueue<>((int) words));
            default -> throw new IllegalArgumentException(impl);
        };
        consumer = new Thread(() -> channel.consume(this), "consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop = true;
        channel.end();
        consumer.join(10_000);
    }

    @Benchmark
    @OperationsPerInvocation(WORDS)
    public void transfer() {
        Channel c = channel;
        for (int i = 0; i < WORDS; i++) {
            c.put(i);
        }
        c.flush();
        long want = ++rounds;
        int idle = 0;
        while (roundsDone < want) {
            idle = idle(idle);
        }
    }

    /**
     * The peers' wait: spin, then yield, like the Piglet streams' own backoff before it parks, so that
     * on a busy 2-core machine no side wins or loses by burning a core the other thread needs.
     */
    static int idle(int idle) {
        if (idle < 128) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return idle + 1;
    }

    private static Channel sourceSink(WordSink sink, WordSource source) {
        return new Channel() {
            @Override
            public void put(long word) {
                sink.put(word);
            }

            @Override
            public void flush() {
                sink.flush();
            }

            @Override
            public void consume(StreamThroughputBenchmark b) {
                long sum = 0;
                int n = 0;
                while (source.hasNext()) {
                    sum += source.next();
                    if (++n == WORDS) {
                        n = 0;
                        b.consumed(sum);
                    }
                }
            }

            @Override
            public void end() {
                sink.close();   // the consumer sees the end and returns; the fork's exit frees the memory
            }
        };
    }

    private static Channel streamChannel(WordStream s) {
        return sourceSink(s.sink(), s.source());
    }

    private static Channel linkChannel(WordLink l) {
        return sourceSink(l.sink(), l.source());
    }

    private static final Long POISON = Long.valueOf(-1L);

    private Channel abqChannel(ArrayBlockingQueue<Long> q) {
        return new Channel() {
            @Override
            public void put(long word) {
                try {
                    q.put(word);    // boxing: one Long per word, as a naive design would
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void consume(StreamThroughputBenchmark b) {
                long sum = 0;
                int n = 0;
                try {
                    while (true) {
                        Long w = q.take();
                        if (w == POISON) {
                            return;
                        }
                        sum += w;
                        if (++n == WORDS) {
                            n = 0;
                            b.consumed(sum);
                        }
                    }
                } catch (InterruptedException e) {
                    // end
                }
            }

            @Override
            public void end() {
                q.offer(POISON);
            }
        };
    }

    private Channel jctoolsChannel(SpscVarHandleArrayQueue<Long> q) {
        return new Channel() {
            @Override
            public void put(long word) {
                Long boxed = word;
                int idle = 0;
                while (!q.offer(boxed)) {
                    idle = idle(idle);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void consume(StreamThroughputBenchmark b) {
                long sum = 0;
                int n = 0;
                int idle = 0;
                while (!stop) {
                    Long w = q.poll();
                    if (w == null) {
                        idle = idle(idle);
                        continue;
                    }
                    idle = 0;
                    sum += w;
                    if (++n == WORDS) {
                        n = 0;
                        b.consumed(sum);
                    }
                }
            }

            @Override
            public void end() {
            }
        };
    }
}
