package dev.sluice.recording.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** recording-service's own metrics ({@code sluice_recording_*}) and access to them. */
@Configuration(proxyBeanMethods = false)
class RecordingMetricsConfiguration {

    /**
     * @param schema  the service's schema (Flyway's default schema)
     * @param refresh how long one database read serves scrapes ({@code sluice.recording.metrics.refresh}, 10s)
     */
    @Bean
    RecordingMetrics recordingMetrics(DataSource dataSource, MeterRegistry registry,
            @Value("${spring.flyway.default-schema:recording}") String schema,
            @Value("${sluice.recording.metrics.refresh:10s}") Duration refresh) {
        return new RecordingMetrics(dataSource, schema, refresh, Clock.systemUTC(), registry);
    }

    /**
     * {@code /actuator/prometheus} without a token, like health: scrapers carry no user token, the figures are
     * counts and timings (no transcript content), and the chart's NetworkPolicy admits only the release's pods and
     * {@code networkPolicy.httpIngressFrom} to the HTTP port. Ordered before the API's chain, which denies it.
     */
    @Bean
    @Order(0)
    SecurityFilterChain prometheusScrape(HttpSecurity http) throws Exception {
        return http.securityMatcher("/actuator/prometheus")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
