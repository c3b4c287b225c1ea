package dev.sluice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SessionLogContextTest {

    @Test
    void setsSessionAndSubjectForTheScopeAndRestoresTheThreadAfterwards() {
        MDC.clear();
        try (SessionLogContext context = SessionLogContext.open("sess-1", null)) {
            assertThat(MDC.get("sluice.session")).isEqualTo("sess-1");
            assertThat(MDC.get("sluice.subject")).isNull();
            context.subject("bob");
            assertThat(MDC.get("sluice.subject")).isEqualTo("bob");
        }
        assertThat(MDC.get("sluice.session")).isNull();
        assertThat(MDC.get("sluice.subject")).isNull();
    }
}
