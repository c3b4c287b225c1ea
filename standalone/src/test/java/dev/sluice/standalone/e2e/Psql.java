package dev.sluice.standalone.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real psql binary against the proxy, the way a person would paste the printed command line. */
final class Psql {
    /** What psql printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {}

    private final Path binary;
    private final int port;

    Psql(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /**
     * A psql still running: its output so far can be watched (a NOTICE arrives while a statement is held), it can be
     * interrupted as Ctrl-C would, and awaited.
     */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final StringBuffer stdout = new StringBuffer();
        private final StringBuffer stderr = new StringBuffer();
        private final java.util.concurrent.CompletableFuture<Void> outDone = new java.util.concurrent.CompletableFuture<>();
        private final java.util.concurrent.CompletableFuture<Void> errDone = new java.util.concurrent.CompletableFuture<>();

        private Running(Process process) {
            this.process = process;
            Thread.ofVirtual().start(() -> pump(process.getInputStream(), stdout, outDone));
            Thread.ofVirtual().start(() -> pump(process.getErrorStream(), stderr, errDone));
        }

        /** What psql wrote to stderr so far (notices and errors). */
        String stderr() {
            return stderr.toString();
        }

        boolean alive() {
            return process.isAlive();
        }

        /** Sends SIGINT, as Ctrl-C in a terminal does: psql then sends a CancelRequest. */
        void interrupt() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        }

        /** Waits for psql to exit. */
        Result await(java.time.Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("psql did not finish within " + timeout + "; stderr: " + stderr);
            }
            outDone.join();
            errDone.join();
            return new Result(process.exitValue(), stdout.toString(), stderr.toString());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }

        private static void pump(java.io.InputStream in, StringBuffer into,
                java.util.concurrent.CompletableFuture<Void> done) {
            try (var reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] chunk = new char[4096];
                for (int n; (n = reader.read(chunk)) >= 0; ) {
                    into.append(chunk, 0, n);
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                done.complete(null);
            }
        }
    }

    /** Starts psql with each statement as its own {@code -c}, in one session, continuing after errors. */
    Running start(String user, String token, String... commands) throws IOException {
        return new Running(builder(user, token, commands).start());
    }

    private ProcessBuilder builder(String user, String token, String... commands) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=0", "-v", "VERBOSITY=verbose",
                "host=127.0.0.1 port=" + port + " dbname=demo user=" + user + " sslmode=require"));
        for (String sql : commands) {
            command.add("-c");
            command.add(sql);
        }
        var builder = new ProcessBuilder(command);
        builder.environment().put("PGPASSWORD", token);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder;
    }

    /** Runs each statement as its own {@code -c}, in one session, continuing after errors. */
    Result run(String user, String token, String... commands) throws IOException, InterruptedException {
        var builder = builder(user, token, commands);
        Process process = builder.start();
        var stdout = process.getInputStream();
        var stderr = process.getErrorStream();
        var out = new java.util.concurrent.CompletableFuture<String>();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> out.complete(readAll(stdout)));
        Thread.ofVirtual().start(() -> err.complete(readAll(stderr)));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("psql did not finish within 60 s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
