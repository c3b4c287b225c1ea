package dev.sluice.sql;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A rough, JMH-free measurement of statement facts and masking analysis (not a unit test: run it by hand).
 *
 * <pre>
 * ./mvnw -B -q -pl sql test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp sql/target/classes:sql/target/test-classes:$(cat sql/target/cp.txt) dev.sluice.sql.FactsBenchmark
 * </pre>
 *
 * It prints microseconds per statement, wall-clock and this thread's CPU time (the steadier number on a busy machine),
 * for: the lexical classification alone; a full classification whose parse
 * is not cached (every statement text distinct); the same with the parse cached (the common case: the same
 * statement with other constants); and the masking analysis of a statement over a masked table.
 */
public final class FactsBenchmark {

    private static final List<String> TYPICAL = List.of(
            "SELECT c.id, c.full_name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id "
                    + "WHERE c.id = $1 AND o.created_at > now() - interval '7 days' ORDER BY o.created_at DESC LIMIT 10",
            "SELECT * FROM customers WHERE id = 42",
            "UPDATE orders SET status = 'paid' WHERE id = 7",
            "INSERT INTO orders (customer_id, amount, status, created_at) VALUES (1, 9.99, 'pending', now())",
            "SELECT status, count(*), sum(amount) FROM orders WHERE created_at >= '2026-01-01' GROUP BY status");

    private FactsBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        MaskingAnalyzer masking = new MaskingAnalyzer(Set.of("public.customers.ssn", "public.customers.card_number"));
        List<List<Token>> tokens = TYPICAL.stream().map(s -> StatementSplitter.splitLexed(s).getFirst().tokens()).toList();
        long[] unique = {0};
        for (int pass = 0; pass < 3; pass++) { // the first passes warm the JIT up
            System.out.printf(Locale.ROOT, "pass %d%n", pass);
            report("lexical facts only", rounds, i -> StatementClassifier.lexical(tokens.get(i % tokens.size())));
            report("facts, parse not cached", rounds / 10, i -> StatementClassifier.classify(
                    TYPICAL.get(i % TYPICAL.size()).replace("orders", "orders_" + unique[0]++)));
            report("facts, parse cached", rounds, i -> StatementClassifier.classify(tokens.get(i % tokens.size())));
            report("masking analysis (cached parse)", rounds, i -> masking.analyze(tokens.get(i % 2)));
        }
    }

    private interface Step {
        Object run(int i);
    }

    private static void report(String name, int rounds, Step step) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            sink += step.run(i).hashCode();
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / rounds;
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000.0 / rounds;
        System.out.printf(Locale.ROOT, "  %-34s %8.1f µs/statement wall, %8.1f µs CPU  (%d)%n", name, micros, cpuMicros, sink & 1);
    }
}
