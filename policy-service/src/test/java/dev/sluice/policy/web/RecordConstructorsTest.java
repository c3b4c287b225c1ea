package dev.sluice.policy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Records built through the prepared constructor handle are the records Jackson itself builds, errors included. */
class RecordConstructorsTest {

    private final JsonMapper plain = JsonMapper.builder().build();
    private final JsonMapper prepared = JsonMapper.builder().addModule(new RecordConstructors()).build();

    @Test
    void buildsTheSameDecisionRequestAsJackson() {
        String body = """
                {"sessionId":"s","identity":{"subject":"bob","groups":["analysts"],"kind":"HUMAN"},
                 "connection":{"name":"demo","protocol":"postgres","tags":{"env":"prod"}},
                 "command":{"type":"QUERY","text":"SELECT 1","attributes":{"message":"Query"}},"clientAddress":"10.0.0.1"}
                """;
        DecisionRequest expected = new DecisionRequest("s", new Identity("bob", List.of("analysts"), IdentityKind.HUMAN),
                new ConnectionRef("demo", "postgres", Map.of("env", "prod")),
                new Command(CommandType.QUERY, "SELECT 1", Map.of("message", "Query")), "10.0.0.1");
        assertThat(prepared.readValue(body, DecisionRequest.class)).isEqualTo(expected).isEqualTo(plain.readValue(body, DecisionRequest.class));
    }

    @Test
    void reportsAConstructorsExceptionExactlyAsJacksonDoes() {
        String body = "{\"sessionId\":\"s\",\"connection\":{\"name\":\"demo\",\"protocol\":\"postgres\",\"tags\":{}},"
                + "\"command\":{\"type\":\"QUERY\",\"text\":\"SELECT 1\",\"attributes\":{}}}";
        Throwable ours = catchThrowable(() -> prepared.readValue(body, DecisionRequest.class));
        Throwable theirs = catchThrowable(() -> plain.readValue(body, DecisionRequest.class));
        assertThat(ours).isNotNull().hasSameClassAs(theirs).hasMessage(theirs.getMessage());
        assertThat(ours.getCause()).isInstanceOf(NullPointerException.class).hasMessage("identity");
    }
}
