package dev.sluice.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.event.EventChain;
import dev.sluice.contracts.event.SessionEnded;
import dev.sluice.contracts.event.SessionEvent;
import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SessionRecorderTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesCloudEventsThatReadBackAsTheContractRecordWithAnUnbrokenChain() {
        List<String> published = new ArrayList<>();
        var recorder = new SessionRecorder("s-1", "sluice://proxy/\"odd\"", json, (id, event) -> published.add(event));
        var started = new SessionStarted("s-1", new Identity("bob", List.of("analysts"), IdentityKind.HUMAN),
                new ConnectionRef("demo", "postgres", Map.of()), "127.0.0.1", "psql", "p1");
        assertThat(recorder.record(SessionEventType.SESSION_STARTED, started)).isTrue();
        assertThat(recorder.record(SessionEventType.SESSION_ENDED, new SessionEnded("s-1", "client-terminate", 0, 5)))
                .isTrue();

        String prev = EventChain.GENESIS;
        for (int i = 0; i < published.size(); i++) {
            JsonNode event = json.readTree(published.get(i));
            @SuppressWarnings("unchecked")
            SessionEvent<Object> typed = json.readValue(published.get(i), SessionEvent.class);
            assertThat(typed.specversion()).isEqualTo("1.0");
            assertThat(typed.source()).isEqualTo("sluice://proxy/\"odd\"");
            assertThat(typed.seq()).isEqualTo(i + 1);
            assertThat(typed.prevhash()).isEqualTo(prev);
            String hash = EventChain.hash(prev, typed.id(), typed.type(), typed.subject(), typed.seq(), typed.time(),
                    event.get("data").toString());
            assertThat(typed.hash()).isEqualTo(hash);
            prev = hash;
        }
        assertThat(json.readTree(published.get(0)).get("data").get("identity").get("subject").asString()).isEqualTo("bob");
    }

    @Test
    void becomesUnhealthyWhenTheSinkRefuses() {
        var recorder = new SessionRecorder("s-2", "src", json, (id, event) -> false);
        assertThat(recorder.record(SessionEventType.SESSION_ENDED, new SessionEnded("s-2", "x", 0, 0))).isFalse();
        assertThat(recorder.healthy()).isFalse();
    }
}
