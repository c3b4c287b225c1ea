// Fixed-rate HTTP load on POST /v1/decisions of a running policy-service (driven by bench/policy-load.sh).
// Source program (with LoadReport.java, Machine.java and AnswerBytes.java beside it): run with
// `java bench/PolicyLoad.java <url> <rate/s> <seconds> <warmup seconds> <max connections> [<service pid> <clock ticks/s>]`;
// the gateway key comes from the environment (POLICY_KEY), never from the command line. With a pid (Linux), the
// service's CPU time over the measured run is reported per decision; the generator's own CPU time always is.
//
// Open loop: request i is due at start + i/rate whatever happened before, and its latency is measured from
// that due time, so a stall shows up in the percentiles instead of silently lowering the rate
// (no coordinated omission).
//
// Lean on purpose: the generator shares the machine's cores with the service, so every microsecond it spends
// is taken from the service. One scheduling thread sends each request when it is due on an idle keep-alive
// connection (plain blocking socket channels, the request bytes prepared once); one reader thread per connection
// waits for the answer in the kernel and parses only the status line, Content-Length and the body's "effect".
// Connections are opened as needed up to <max connections>; when all are busy, due requests wait in a queue
// (their wait counts as latency) and the next connection to finish takes them. Loopback only.

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

public final class PolicyLoad {

    private static final String[][] IDENTITIES = {
        {"alice", "[\"dba\"]", "human"}, {"bob", "[\"analysts\"]", "human"},
        {"carol", "[\"auditors\",\"approvers\"]", "human"}, {"ci-bot", "[\"agents\"]", "service"}};

    private static final String[] STATEMENTS = {
        "SELECT * FROM customers WHERE id = 42",
        "SELECT c.name, sum(o.total) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY 2 DESC LIMIT 10",
        "INSERT INTO orders (customer_id, total) VALUES (7, 19.99) RETURNING id",
        "UPDATE orders SET total = total * 1.1 WHERE id = 7",
        "DELETE FROM orders",
        "BEGIN",
        "COMMIT",
        "SET application_name = 'psql'",
        "SHOW search_path",
        "CREATE INDEX orders_customer ON orders (customer_id)",
        "DROP TABLE customers",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT 1; DROP TABLE customers",
        "WITH recent AS (SELECT * FROM orders WHERE total > 10) SELECT count(*) FROM recent"};

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 7) {
            System.err.println("usage: java PolicyLoad.java <policy-service url> <rate per second> <seconds> <warmup seconds> <max connections>"
                    + " [<service pid> <clock ticks per second>]   (gateway key in POLICY_KEY)");
            System.exit(2);
        }
        URI uri = URI.create(args[0].replaceAll("/+$", "") + "/v1/decisions");
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(uri.getHost())) {
            System.err.println("refusing to load " + uri.getHost() + ": this benchmark runs on loopback only");
            System.exit(2);
        }
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int maxConnections = Integer.parseInt(args[4]);
        if (rate < 1 || maxConnections < 1) {
            System.err.println("rate and max connections must be at least 1");
            System.exit(2);
        }
        String key = System.getenv().getOrDefault("POLICY_KEY", "");
        InetSocketAddress address = new InetSocketAddress(uri.getHost().replace("[", "").replace("]", ""),
                uri.getPort() == -1 ? 80 : uri.getPort());
        List<byte[]> requests = new ArrayList<>();
        for (String[] who : IDENTITIES) {
            for (String sql : STATEMENTS) {
                String body = "{\"sessionId\":\"bench\",\"identity\":{\"subject\":\"" + who[0] + "\",\"groups\":" + who[1]
                        + ",\"kind\":\"" + who[2] + "\"},\"connection\":{\"name\":\"demo\",\"protocol\":\"postgres\",\"tags\":{\"env\":\"demo\"}},"
                        + "\"command\":{\"type\":\"query\",\"text\":\"" + sql.replace("\"", "\\\"") + "\",\"attributes\":{\"message\":\"Query\"}},"
                        + "\"clientAddress\":\"127.0.0.1\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + address.getPort()
                        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                        + (key.isEmpty() ? "" : "Authorization: SluiceProxy " + key + "\r\n")
                        + "Content-Length: " + bytes.length + "\r\n\r\n";
                byte[] request = Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII), head.length() + bytes.length);
                System.arraycopy(bytes, 0, request, head.length(), bytes.length);
                requests.add(request);
            }
        }
        Pool pool = new Pool(address, requests, maxConnections);
        Machine.preciseTimers();
        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "warm-up: %d s at %d/s%n", warmup, rate);
            pool.run(rate, warmup);
        }
        System.out.printf(Locale.ROOT, "measuring: %d s at %d/s against %s%n", seconds, rate, uri);
        String pid = args.length == 7 ? args[5] : null;
        long ticksPerSecond = args.length == 7 ? Long.parseLong(args[6]) : 100;
        long cpuBefore = pid == null ? 0 : Machine.cpuTicks(pid);
        long ownBefore = Machine.cpuTicks("self");
        Result result = pool.run(rate, seconds);
        long ownTicks = Machine.cpuTicks("self") - ownBefore;
        long cpuTicks = pid == null ? 0 : Machine.cpuTicks(pid) - cpuBefore;
        pool.close();
        System.out.printf(Locale.ROOT, "requests %d, errors %d, achieved %.0f/s (target %d/s), %d connections opened (at most %d open at once)%n",
                result.count, result.errors, result.count / result.elapsedSeconds, rate, pool.opened(), maxConnections);
        if (result.firstError != null) {
            System.out.println("first error: " + result.firstError);
        }
        LoadReport.latencies(result.latencies, result.sendLags, result.count, rate);
        if (pid != null) {
            System.out.printf(Locale.ROOT, "service CPU (user+system, all threads) over the measured run: %.0f us per decision%n",
                    cpuTicks * 1e6 / ticksPerSecond / result.count);
        }
        System.out.printf(Locale.ROOT, "load generator CPU (this JVM, all threads) over the measured run: %.0f us per request%n",
                ownTicks * 1e6 / ticksPerSecond / result.count);
        System.exit(result.errors == 0 ? 0 : 1);
    }

    private record Result(long[] latencies, long[] sendLags, int count, long errors, String firstError, double elapsedSeconds) {}

    /** The keep-alive connections and the queue of due requests waiting for one. */
    private static final class Pool {
        private final InetSocketAddress address;
        private final List<byte[]> requests;
        private final int maxConnections;
        private final List<Connection> all = new ArrayList<>();
        private final ArrayDeque<Connection> idle = new ArrayDeque<>();
        private final ArrayDeque<long[]> waiting = new ArrayDeque<>(); // {index, due}
        private int opened;
        private long[] latencies;
        private long[] sent; // when each request's last byte was written
        private CountDownLatch done;
        private final AtomicLong errors = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>();

        Pool(InetSocketAddress address, List<byte[]> requests, int maxConnections) {
            this.address = address;
            this.requests = requests;
            this.maxConnections = maxConnections;
        }

        Result run(int rate, int seconds) throws IOException, InterruptedException {
            int total = rate * seconds;
            latencies = new long[total];
            sent = new long[total];
            done = new CountDownLatch(total);
            errors.set(0);
            firstError.set(null);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Connection connection = take(i, due);
                if (connection != null) {
                    connection.send(i, due);
                }
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                errors.addAndGet(done.getCount());
                firstError.compareAndSet(null, done.getCount() + " requests unanswered after 60 s");
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] sendLags = new long[total];
            for (int i = 0; i < total; i++) {
                sendLags[i] = sent[i] == 0 ? 0 : sent[i] - (start + i * interval);
            }
            return new Result(latencies, sendLags, total, errors.get(), firstError.get(), elapsed);
        }

        /** An idle (or new) connection for request i, or null when it was queued. */
        private Connection take(int index, long due) throws IOException {
            synchronized (this) {
                Connection connection = idle.pollFirst();
                if (connection != null) {
                    return connection;
                }
                if (all.size() >= maxConnections) {
                    waiting.addLast(new long[] {index, due});
                    return null;
                }
                connection = new Connection(this);
                all.add(connection);
                opened++;
                return connection;
            }
        }

        /** Called by a connection that finished a request: its next request, or null after it went idle. */
        synchronized long[] next(Connection connection) {
            long[] next = waiting.pollFirst();
            if (next == null) {
                idle.addFirst(connection); // most recently used first: keeps few connections warm
            }
            return next;
        }

        void finished(int index, long due, String error) {
            latencies[index] = System.nanoTime() - due;
            if (error != null) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, error);
            }
            done.countDown();
        }

        /**
         * Forgets a connection the service closed (or that failed), so that another may be opened; when requests are
         * waiting, opens that other one now and sends the first of them.
         */
        void retire(Connection connection) {
            long[] next;
            Connection replacement = null;
            synchronized (this) {
                all.remove(connection);
                idle.remove(connection);
                next = waiting.pollFirst();
                if (next != null) {
                    try {
                        replacement = new Connection(this);
                        all.add(replacement);
                        opened++;
                    } catch (IOException e) {
                        finished((int) next[0], next[1], "connect: " + e);
                        return;
                    }
                }
            }
            if (replacement != null) {
                replacement.send((int) next[0], next[1]);
            }
        }

        /** How many connections were opened over all runs. */
        synchronized int opened() {
            return opened;
        }

        void close() {
            synchronized (this) {
                List.copyOf(all).forEach(Connection::close);
            }
        }
    }

    /** One keep-alive HTTP/1.1 connection with its reader thread; at most one request in flight. */
    private static final class Connection {
        private final Pool pool;
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        private final byte[] scratch = new byte[64 * 1024];
        private volatile int index = -1;
        private volatile long due;
        private boolean closing;

        Connection(Pool pool) throws IOException {
            this.pool = pool;
            this.channel = SocketChannel.open(pool.address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Thread.ofPlatform().daemon(true).name("policy-load-reader").start(this::readLoop);
        }

        void send(int index, long due) {
            this.due = due;
            this.index = index;
            try {
                ByteBuffer out = ByteBuffer.wrap(pool.requests.get(index % pool.requests.size()));
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                pool.sent[index] = System.nanoTime();
            } catch (IOException e) {
                this.index = -1;
                pool.finished(index, due, "send: " + e);
            }
        }

        private void readLoop() {
            try {
                while (true) {
                    String error = readResponse();
                    int finished = index;
                    if (finished < 0) {
                        break; // an answer nobody asked for: the service is broken, the run reports the missing answers
                    }
                    index = -1;
                    pool.finished(finished, due, error);
                    if (closing) {
                        break; // the service ends this connection (Connection: close): retire it, open another if needed
                    }
                    long[] next = pool.next(this);
                    if (next != null) {
                        send((int) next[0], next[1]);
                    }
                }
            } catch (IOException e) {
                int pending = index;
                if (pending >= 0) {
                    index = -1;
                    pool.finished(pending, due, "read: " + e);
                }
            }
            close();
            pool.retire(this);
        }

        /** Reads one response; null when it is a 200 carrying an effect, else what was wrong. */
        private String readResponse() throws IOException {
            int length = 0;
            int headerEnd = -1;
            int end = -1; // where the response ends: from Content-Length, or the last chunk of a chunked body
            int contentLength = -1;
            while (true) {
                if (headerEnd < 0) {
                    headerEnd = AnswerBytes.indexOf(scratch, 0, length, "\r\n\r\n");
                    if (headerEnd >= 0) {
                        contentLength = AnswerBytes.contentLength(scratch, headerEnd);
                        closing = AnswerBytes.indexOf(scratch, 0, headerEnd, "\r\nconnection: close") >= 0;
                    }
                }
                if (headerEnd >= 0) {
                    if (contentLength >= 0) {
                        end = headerEnd + 4 + contentLength <= length ? headerEnd + 4 + contentLength : -1;
                    } else {
                        int last = AnswerBytes.indexOf(scratch, headerEnd + 4, length, "0\r\n\r\n");
                        end = last < 0 ? -1 : last + 5;
                    }
                    if (end >= 0) {
                        break;
                    }
                }
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    throw new IOException("connection closed by the service");
                }
                if (length + n > scratch.length) {
                    throw new IOException("response larger than " + scratch.length + " bytes");
                }
                in.flip();
                in.get(scratch, length, n);
                length += n;
            }
            if (length != end) {
                throw new IOException("unexpected bytes after a response (no request was pipelined)");
            }
            boolean ok = length > 12 && scratch[9] == '2' && scratch[10] == '0' && scratch[11] == '0';
            if (!ok) {
                return "HTTP " + new String(scratch, 9, 3, StandardCharsets.US_ASCII);
            }
            return AnswerBytes.indexOf(scratch, headerEnd, length, "\"effect\"") >= 0 ? null : "a 200 without an effect";
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing at the end of the run; nothing is waiting for it
            }
        }
    }
}
