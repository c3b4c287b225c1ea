package dev.sluice.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** The event settings bind from configuration, with documented defaults. */
class EventsPropertiesBindingTest {

    @Test
    void bindsDefaultsAndOverrides() {
        ProxyProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "sluice.proxy.events.strict", "true",
                "sluice.proxy.events.spool.max-size", "1MB")))
                .bind("sluice.proxy", ProxyProperties.class).get();

        ProxyProperties.Events events = properties.events();
        assertThat(events.strict()).isTrue();
        assertThat(events.topic()).isEqualTo("sluice.sessions");
        assertThat(events.auditTopic()).isEqualTo("sluice.audit");
        assertThat(events.ackTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(events.spool().maxSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(events.spool().reserve()).isEqualTo(DataSize.ofMegabytes(8));
    }
}
