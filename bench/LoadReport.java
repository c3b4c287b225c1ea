// Latency report of bench/PolicyLoad.java (a multi-file source program: `java bench/PolicyLoad.java` compiles this too).

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Percentiles of a run's latencies, where they went, and how the slow ones cluster. */
final class LoadReport {

    private LoadReport() {}

    /**
     * Prints the latency percentiles from due time, split into due -> sent and sent -> answered, and the runs of
     * requests over 1 ms.
     *
     * @param latencies nanoseconds from due time to answer, per request
     * @param sendLags  nanoseconds from due time to the request being written, per request
     */
    static void latencies(long[] latencies, long[] sendLags, int count, int rate) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "latency from due time, ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        // Where the time went: from due time to the request being written (this generator: its scheduling thread
        // waking late, or every connection busy), and from written to answered (kernel, service, reader thread).
        long[] lags = Arrays.copyOf(sendLags, count);
        long[] answered = new long[count];
        for (int i = 0; i < count; i++) {
            answered[i] = latencies[i] - sendLags[i];
        }
        Arrays.sort(lags);
        Arrays.sort(answered);
        System.out.printf(Locale.ROOT, "  of which due -> sent, ms:      p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                pct(lags, 50), pct(lags, 90), pct(lags, 99), pct(lags, 99.9), lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "  and sent -> answered, ms:      p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                pct(answered, 50), pct(answered, 90), pct(answered, 99), pct(answered, 99.9),
                answered.length == 0 ? 0 : answered[answered.length - 1] / 1e6);
        slowEpisodes(latencies, count, rate);
    }

    /**
     * How the requests over 1 ms are spread: a stall of the whole machine (or of the generator) delays every request
     * due while it lasts, so they come as runs of consecutive requests; a slow path in the service shows as isolated
     * ones. A run ends after 5 consecutive requests under 1 ms.
     */
    private static void slowEpisodes(long[] latencies, int count, int rate) {
        long slow = 0;
        int episodes = 0;
        int longest = 0;
        int run = 0;
        int fast = Integer.MAX_VALUE;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (latencies[i] > 1_000_000) {
                slow++;
                if (fast > 5) {
                    if (run > 0) {
                        sizes.add(run);
                    }
                    episodes++;
                    run = 0;
                }
                run++;
                fast = 0;
            } else {
                fast++;
            }
        }
        if (run > 0) {
            sizes.add(run);
        }
        long singles = sizes.stream().filter(n -> n == 1).count();
        for (int n : sizes) {
            longest = Math.max(longest, n);
        }
        System.out.printf(Locale.ROOT, "requests over 1 ms: %d (%.2f %%) in %d runs of consecutive requests (%d alone, longest %d = %.1f ms of arrivals)%n",
                slow, 100.0 * slow / Math.max(1, count), episodes, singles, longest, longest * 1000.0 / rate);
    }

    static double pct(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
