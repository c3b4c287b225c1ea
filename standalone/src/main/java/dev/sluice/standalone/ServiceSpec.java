package dev.sluice.standalone;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

/**
 * One service as the standalone runtime starts it: its name, its own application builder (which sets its
 * {@code spring.config.name}) and the properties that wire it to the embedded infrastructure.
 *
 * <p>The properties go into a dedicated property source placed first, so they beat the service's own YAML,
 * environment variables and system properties (which the other services in this JVM see too). It is added while
 * the environment is being prepared, before config data and logging are read, so even {@code spring.main.*} and
 * {@code logging.*} entries take effect.
 *
 * @param name       the service's name, e.g. {@code policy-service}
 * @param builder    a fresh builder per start (a stopped service can be started again)
 * @param properties the wiring properties
 */
record ServiceSpec(String name, Supplier<SpringApplicationBuilder> builder, Map<String, Object> properties) {

    ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(builder, "builder");
        properties = Map.copyOf(properties);
    }

    /** Starts the service; returns once its web server listens. */
    ConfigurableApplicationContext start() {
        return builder.get().listeners(new FirstPropertySource("sluice-standalone:" + name, properties)).run();
    }

    private record FirstPropertySource(String sourceName, Map<String, Object> properties)
            implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            event.getEnvironment().getPropertySources().addFirst(new MapPropertySource(sourceName, properties));
        }

        @Override
        public int getOrder() {
            // Before config data (EnvironmentPostProcessorApplicationListener, +10) and logging (+20).
            return Ordered.HIGHEST_PRECEDENCE + 5;
        }
    }
}
