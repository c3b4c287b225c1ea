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

    /** Runs each statement as its own {@code -c}, in one session, continuing after errors. */
    Result run(String user, String token, String... commands) throws IOException, InterruptedException {
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
