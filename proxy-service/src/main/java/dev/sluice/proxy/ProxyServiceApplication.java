package dev.sluice.proxy;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Proxy service: the protocol listeners in the data path.
 *
 * <p>Configuration is read from {@code proxy-service.yaml} on the classpath and may be overridden by an
 * {@code application.yaml} in the working directory, environment variables or arguments. The distinct
 * name lets every service live in one JVM (standalone) without reading another's configuration.
 */
@SpringBootApplication
public class ProxyServiceApplication {

    /** Spring's {@code spring.config.name} of this service. */
    public static final String CONFIG_NAME = "proxy-service";

    /** A builder for this service, ready to run alone or as part of standalone. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ProxyServiceApplication.class).properties("spring.config.name=" + CONFIG_NAME + ",application");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
