package dev.sluice.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.event.CommandExecuted;
import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every start and every decided command also reaches the audit feed, without literals, results or secrets. */
class SessionRecorderAuditTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CapturingSink sink = new CapturingSink();
    private final SessionRecorder recorder = new SessionRecorder("s-1", "sluice://proxy/p1", JSON, sink);

    @Test
    void emitsLoginAndDecisionEventsKeyedBySubject() {
        start();
        recorder.record(SessionEventType.COMMAND, new CommandExecuted("s-1", "Query",
                "SELECT * FROM customers WHERE email = 'bob@example.com'", "DENY", "analysts-no-pii", "no PII",
                "7", 0, "", -1, "42501", "denied"));

        assertThat(sink.auditKeys).containsExactly("bob", "bob");
        JsonNode login = JSON.readTree(sink.audit.get(0));
        assertThat(login.path("type").stringValue()).isEqualTo(AuditTypes.LOGIN_SUCCEEDED);
        assertThat(login.path("dataschema").stringValue()).isEqualTo(AuditTypes.SCHEMA_V1);
        assertThat(login.path("data").path("clientAddress").stringValue()).isEqualTo("127.0.0.1:5000");
        JsonNode decision = JSON.readTree(sink.audit.get(1));
        assertThat(decision.path("type").stringValue()).isEqualTo(AuditTypes.DECISION);
        assertThat(decision.path("id").stringValue()).isEqualTo("s-1-2.decision");
        assertThat(decision.path("subject").stringValue()).isEqualTo("bob");
        JsonNode data = decision.path("data");
        assertThat(data.path("effect").stringValue()).isEqualTo("DENY");
        assertThat(data.path("ruleId").stringValue()).isEqualTo("analysts-no-pii");
        assertThat(data.path("policyVersion").stringValue()).isEqualTo("7");
        assertThat(data.path("statementClass").stringValue()).isEqualTo("read");
        assertThat(data.path("statementType").stringValue()).isEqualTo("SELECT");
        assertThat(data.path("connection").stringValue()).isEqualTo("demo");
        assertThat(data.path("statement").stringValue()).doesNotContain("bob@example.com").contains("customers");
        assertThat(data.path("statementFingerprint").stringValue()).hasSize(64);
    }

    @Test
    void carriesMaskedCountsButNeitherMaskedValuesNorTheResultSample() {
        start();
        recorder.record(SessionEventType.COMMAND, new CommandExecuted("s-1", "Query", "SELECT ssn FROM customers",
                "MASK", "readers-read", "read (masked by pii)", "7", 10, "SELECT 2", 2, "", "",
                java.util.Map.of("column:public.customers.ssn", 2L), java.util.List.of(java.util.List.of("****"),
                        java.util.List.of("sample-row-marker"))));

        JsonNode data = JSON.readTree(sink.audit.get(1)).path("data");
        assertThat(data.path("effect").stringValue()).isEqualTo("MASK");
        assertThat(data.path("maskedCounts").path("column:public.customers.ssn").asLong()).isEqualTo(2);
        assertThat(sink.audit.get(1)).doesNotContain("sample-row-marker").doesNotContain("resultSample");
    }

    @Test
    void neverPutsAPasswordLiteralOnTheAuditFeed() {
        start();
        recorder.record(SessionEventType.COMMAND, new CommandExecuted("s-1", "Query",
                "ALTER ROLE app PASSWORD 'hunter2'", "ALLOW", "dba-all", "dba", "7", 10, "ALTER ROLE", 0, "", ""));

        assertThat(sink.audit.get(1)).doesNotContain("hunter2");
        assertThat(JSON.readTree(sink.audit.get(1)).path("data").path("statementClass").stringValue())
                .isEqualTo("dcl");
    }

    @Test
    void refusesToStartAndToRunCommandsWhileTheSinkIsNotAccepting() {
        sink.accepting = false;

        assertThat(start()).isFalse();
        assertThat(recorder.healthy()).isFalse();
        assertThat(sink.events).isEmpty();

        sink.accepting = true;
        assertThat(start()).isTrue();
        assertThat(recorder.healthy()).isTrue();
    }

    @Test
    void aRefusedAuditEventMakesTheSessionUnhealthy() {
        start();
        sink.auditAccepted = false;

        recorder.record(SessionEventType.COMMAND, new CommandExecuted("s-1", "Query", "SELECT 1", "ALLOW", "r", "",
                "7", 10, "SELECT 1", 1, "", ""));

        assertThat(recorder.healthy()).isFalse();
    }

    private boolean start() {
        return recorder.record(SessionEventType.SESSION_STARTED, new SessionStarted("s-1",
                new Identity("bob", List.of("analysts"), IdentityKind.HUMAN),
                new ConnectionRef("demo", "postgres", Map.of()), "127.0.0.1:5000", "psql", "p1"));
    }

    private static final class CapturingSink implements EventSink {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> audit = new CopyOnWriteArrayList<>();
        final List<String> auditKeys = new CopyOnWriteArrayList<>();
        volatile boolean accepting = true;
        volatile boolean auditAccepted = true;

        @Override
        public boolean publish(String sessionId, String eventJson) {
            events.add(eventJson);
            return true;
        }

        @Override
        public boolean audit(String subject, String eventJson) {
            auditKeys.add(subject);
            audit.add(eventJson);
            return auditAccepted;
        }

        @Override
        public boolean accepting() {
            return accepting;
        }
    }
}
