package dev.sluice.proxy.postgres.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.postgres.codec.FrontendEncoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.message.PasswordMessage;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.Query;
import dev.sluice.proxy.postgres.message.StartupMessage;
import dev.sluice.proxy.testing.ProxyFixture;
import dev.sluice.proxy.testing.ScriptedPolicyServer;
import dev.sluice.proxy.testing.TargetDatabase;
import dev.sluice.proxy.testing.TestTokens;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A large masked result streams through the proxy with flat memory: the client reads half of a ~200 MB result,
 * stops reading (so the target and the proxy block on full socket buffers), and the heap the JVM still retains
 * after a full collection is compared with the heap before the query.
 */
class MaskingStreamingTest {
    private static final int ROWS = 200_000;

    @Test
    void masksALargeResultRowByRowWithoutRetainingIt() throws Exception {
        try (var target = new TargetDatabase(); var policy = new ScriptedPolicyServer()) {
            try (Connection c = target.admin(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE people (id int PRIMARY KEY, ssn text)");
                s.execute("INSERT INTO people VALUES (1, '123-45-6789')");
            }
            policy.answer(request -> "CONNECT".equals(request.get("command").get("type").asString())
                    ? ScriptedPolicyServer.decision("ALLOW", "ok", "connect")
                    : "{\"effect\":\"MASK\",\"reason\":\"pii\",\"ruleId\":\"mask\",\"policyVersion\":\"v1\",\"masks\":["
                            + "{\"column\":\"public.people.ssn\",\"strategy\":\"redact\"},"
                            + "{\"detector\":\"ssn\",\"strategy\":\"redact\"}],\"cacheScope\":\"NONE\"}");
            var tokens = new TestTokens();
            try (var proxy = new ProxyFixture(target, TargetDatabase.SCRAM_USER, policy.url(), tokens);
                    Socket socket = new Socket("127.0.0.1", proxy.port())) {
                OutputStream out = socket.getOutputStream();
                var in = new PgFrameReader(socket.getInputStream(), 1 << 20, 64 * 1024);
                out.write(FrontendEncoder.encode(new StartupMessage(PgConstants.PROTOCOL_VERSION,
                        Map.of("user", "bob", "database", "demo"))));
                out.flush();
                assertThat(in.readFrame() && in.type() == PgConstants.AUTHENTICATION).isTrue();
                out.write(FrontendEncoder.encode(PasswordMessage.ofCleartext(tokens.human("bob", "analysts"))));
                out.flush();
                while (in.readFrame() && in.type() != PgConstants.READY_FOR_QUERY) {
                    assertThat(in.type()).isNotEqualTo(PgConstants.ERROR_RESPONSE);
                }
                long before = retainedHeap();
                out.write(FrontendEncoder.encode(new Query("SELECT p.ssn, g, 'ssn 123-45-6789 ' || repeat('x', 1000)"
                        + " FROM people p, generate_series(1, " + ROWS + ") g")));
                out.flush();
                long rows = 0;
                long bytes = 0;
                long midway = -1;
                while (in.readFrame() && in.type() != PgConstants.READY_FOR_QUERY) {
                    assertThat(in.type()).isNotEqualTo(PgConstants.ERROR_RESPONSE);
                    if (in.type() == PgConstants.DATA_ROW) {
                        rows++;
                        bytes += in.frameLength();
                        String row = new String(in.array(), in.payloadOffset(), in.payloadLength(),
                                StandardCharsets.ISO_8859_1);
                        assertThat(row).doesNotContain("123-45-6789").contains("ssn ****");
                        if (rows == ROWS / 2) {
                            midway = retainedHeap();
                        }
                    }
                }
                assertThat(rows).isEqualTo(ROWS);
                assertThat(bytes).isGreaterThan(200L * 1000 * 1000);
                // Half the result (~100 MB) has passed; what stays reachable must not grow with it.
                assertThat(midway - before).as("heap retained while streaming").isLessThan(48L * 1024 * 1024);
            }
        }
    }

    private static long retainedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
