package dev.sluice.proxy.postgres.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordMessageTest {

    @Test
    void readsTheCleartextWithoutItsTerminator() {
        PasswordMessage message = PasswordMessage.ofCleartext("eyJhbGciOi.token-ü");

        assertThat(message.payload()[message.payload().length - 1]).isZero();
        assertThat(message.cleartext()).isEqualTo("eyJhbGciOi.token-ü");
    }

    @Test
    void neverPrintsThePayload() {
        assertThat(PasswordMessage.ofCleartext("hunter2").toString()).doesNotContain("hunter2").contains("redacted");
    }

    @Test
    void startupMessageKeepsParameterOrderAndIsUnmodifiable() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "db");
        StartupMessage startup = new StartupMessage(PgConstants.PROTOCOL_VERSION, parameters);
        parameters.put("options", "-c x=1");

        assertThat(startup.parameters().keySet()).containsExactly("user", "database");
        assertThat(startup.database()).contains("db");
        assertThat(startup.minorVersion()).isZero();
    }
}
