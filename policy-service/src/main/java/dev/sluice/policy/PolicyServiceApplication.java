package dev.sluice.policy;

import dev.sluice.policy.testing.PolicyTestRunner;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Policy service: decides every command against the policy bundle.
 *
 * <p>Configuration is read from {@code policy-service.yaml} on the classpath and may be overridden by an
 * {@code application.yaml} in the working directory, environment variables or arguments. The distinct
 * name lets every service live in one JVM (standalone) without reading another's configuration.
 */
@SpringBootApplication
public class PolicyServiceApplication {

    /** Spring's {@code spring.config.name} of this service. */
    public static final String CONFIG_NAME = "policy-service";

    /** A builder for this service, ready to run alone or as part of standalone. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(PolicyServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME + ",application");
    }

    /**
     * Runs the service, or with first argument {@code test} runs the bundle's policy tests and exits (no Spring
     * context: the engine alone, so CI needs no port or database).
     */
    public static void main(String[] args) {
        if (args.length > 0 && "test".equals(args[0])) {
            System.exit(PolicyTestRunner.cli(List.of(args), System.out, System.err));
        }
        builder().run(args);
    }
}
