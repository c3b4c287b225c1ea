import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * Docker HEALTHCHECK probe for Sluice images: exits 0 when the service's {@code /actuator/health} answers 200.
 *
 * <p>The JRE base image has no curl or wget, so the probe is this class, compiled in the build stage. The port is
 * {@code SERVER_PORT} when set (Spring Boot reads the same variable), else the default of {@code SLUICE_SERVICE}.
 */
public final class HealthCheck {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            "approval-service", 8080,
            "policy-service", 8081,
            "recording-service", 8082,
            "identity-adapter", 8083,
            "proxy-service", 8084);

    private HealthCheck() {}

    public static void main(String[] args) throws Exception {
        String configured = System.getenv("SERVER_PORT");
        int port = configured != null && !configured.isBlank()
                ? Integer.parseInt(configured.trim())
                : DEFAULT_PORTS.getOrDefault(System.getenv("SLUICE_SERVICE"), 8080);
        var connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/actuator/health").toURL()
                .openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(3000);
        int status = connection.getResponseCode();
        System.exit(status == 200 ? 0 : 1);
    }
}
