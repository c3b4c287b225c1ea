package dev.sluice.masking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The detector pipeline as the proxy runs it on every text value of a masked result: byte precheck, decode,
 * scan, re-encode. Each operation processes exactly 1 MiB of UTF-8 values, so the score in ops/s is MiB/s on
 * one core. {@code sensitivePercent} is the share of values holding a card number, SSN or e-mail address.
 *
 * <p>On a shared machine the wall-clock score depends on what else runs; each iteration therefore also prints
 * the throughput per second of this thread's own CPU time ({@code cpu MiB/s}), which does not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {
    private static final int CORPUS = 1 << 20;

    @Param({"0", "10"})
    public int sensitivePercent;

    private final List<byte[]> values = new ArrayList<>();
    private Scanner scanner;
    private long operations;
    private long cpuStart;

    @Setup
    public void setUp() {
        MaskingKey key = MaskingKey.random();
        List<Scanner.Rule> rules = new ArrayList<>();
        for (String name : Detectors.BUILT_IN) {
            rules.add(new Scanner.Rule("detector:" + name, Detectors.named(name, null), Strategy.parse("redact", key)));
        }
        scanner = new Scanner(rules);
        String[] clean = {"Ana López", "2024-01-15 10:30:00+00", "shipped", "1234.50", "Calle Mayor 12, Madrid",
                "a longer free-text note about the order, nothing sensitive in it at all"};
        String[] sensitive = {"4111 1111 1111 1111", "note: ssn 123-45-6789", "ana.lopez@example.com"};
        int size = 0;
        for (int i = 0; size < CORPUS; i++) {
            boolean hot = (i % 100) < sensitivePercent;
            String text = hot ? sensitive[i % sensitive.length] : clean[i % clean.length];
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (size + bytes.length > CORPUS) {
                bytes = new byte[CORPUS - size];
                java.util.Arrays.fill(bytes, (byte) 'x');
            }
            values.add(bytes);
            size += bytes.length;
        }
    }

    @Setup(Level.Iteration)
    public void startCpuClock() {
        operations = 0;
        cpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void printCpuThroughput() {
        long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
        System.out.printf(java.util.Locale.ROOT, "  [sensitivePercent=%d] cpu MiB/s = %.1f%n", sensitivePercent,
                operations / (cpu / 1e9));
    }

    @Benchmark
    public void maskOneMebibyte(Blackhole sink) {
        operations++;
        MaskCounts counts = new MaskCounts();
        for (byte[] value : values) {
            if (!scanner.mayMatch(value, 0, value.length)) {
                sink.consume(value);
                continue;
            }
            String text = new String(value, StandardCharsets.UTF_8);
            String masked = scanner.mask(text, counts);
            sink.consume(masked == text ? value : masked == null ? null : masked.getBytes(StandardCharsets.UTF_8));
        }
        sink.consume(counts);
    }
}
