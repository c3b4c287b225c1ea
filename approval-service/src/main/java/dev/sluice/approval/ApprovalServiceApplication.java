package dev.sluice.approval;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Approval service: holds risky commands until reviewers decide.
 *
 * <p>Configuration is read from {@code approval-service.yaml} on the classpath and may be overridden by an
 * {@code application.yaml} in the working directory, environment variables or arguments. The distinct
 * name lets every service live in one JVM (standalone) without reading another's configuration.
 */
@SpringBootApplication
public class ApprovalServiceApplication {

    /** Spring's {@code spring.config.name} of this service. */
    public static final String CONFIG_NAME = "approval-service";

    /** A builder for this service, ready to run alone or as part of standalone. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ApprovalServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME + ",application");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
