package dev.sluice.recording;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Recording service: turns session events into replayable transcripts.
 *
 * <p>Configuration is read from {@code recording-service.yaml} on the classpath and may be overridden by an
 * {@code application.yaml} in the working directory, environment variables or arguments. The distinct
 * name lets every service live in one JVM (standalone) without reading another's configuration.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RecordingServiceApplication {

    /** Spring's {@code spring.config.name} of this service. */
    public static final String CONFIG_NAME = "recording-service";

    /** A builder for this service, ready to run alone or as part of standalone. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RecordingServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME + ",application");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
