package dev.sluice.standalone;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar sluice-standalone.jar [--key=value ...]}: the whole platform in one process.
 *
 * <p>Arguments are {@code --name=value} properties: {@code --sluice.standalone.*} configure the launcher
 * ({@link StandaloneProperties}), {@code --<service-name>.<key>=value} go to one service and anything else to every
 * service. Ctrl-C stops the services in reverse start order, then the infrastructure. See {@code docs/standalone.md}.
 */
public final class SluiceStandalone {

    private SluiceStandalone() {}

    public static void main(String[] args) {
        long started = System.nanoTime();
        StandaloneRuntime runtime = StandaloneRuntime.start(parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::stop, "sluice-standalone-shutdown"));
        printBanner(System.out, runtime.endpoints(), (System.nanoTime() - started) / 1_000_000);
        // Tomcat's and the proxy's non-daemon threads keep the JVM running until Ctrl-C.
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 3) {
                throw new IllegalArgumentException("expected --name=value, got: " + arg);
            }
            properties.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return properties;
    }

    static void printBanner(PrintStream out, Endpoints e, long startMillis) {
        String h = e.host();
        String line = "=".repeat(100);
        out.println();
        out.println(line);
        out.printf("  Sluice standalone is ready (started in %.1f s)%n", startMillis / 1000.0);
        out.println(line);
        out.printf("  PostgreSQL gateway   %s:%d  (database = connection name 'demo', password = gateway token, TLS)%n",
                h, e.proxyPostgresPort());
        out.printf("  identity-adapter     %s   dev tokens: %s/dev/tokens/{alice|bob|carol|ci-bot}%n",
                e.identityUrl(), e.identityUrl());
        out.printf("  policy-service       %s   decisions for the gateway: %s%n", e.policyUrl(), e.policyDecisionsUrl());
        out.printf("  recording-service    %s   (GET /api/sessions with an auditor's token, e.g. carol)%n", e.recordingUrl());
        out.printf("  approval-service     %s%n", e.approvalUrl());
        out.printf("  proxy management     %s%n", e.proxyUrl());
        out.printf("  Kafka (KRaft)        %s   topics sluice.sessions, sluice.audit%n", e.kafkaBootstrap());
        out.printf("  demo target DB       %s:%d  db=demo user=postgres (direct, bypasses the gateway)%n", h, e.demoDbPort());
        out.printf("  platform DB          %s:%d  db=sluice%n", h, e.platformDbPort());
        out.printf("  data directory       %s%s%n", e.dataDir(), e.persistent() ? "  (kept)" : "  (deleted on stop)");
        out.println(line);
        out.println("  Connect as bob (analysts) through the gateway:");
        out.println();
        out.println("  " + psqlLine(e, "bob"));
        out.println(line);
        out.println();
    }

    /** A shell line that fetches a dev token with curl (no jq needed) and opens psql through the gateway. */
    static String psqlLine(Endpoints e, String user) {
        return "PGPASSWORD=$(curl -s " + e.devTokenUrl(user)
                + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/') psql \"host=" + e.host()
                + " port=" + e.proxyPostgresPort() + " dbname=demo user=" + user + " sslmode=require\"";
    }
}
