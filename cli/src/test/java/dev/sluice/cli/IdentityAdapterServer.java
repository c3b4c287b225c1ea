package dev.sluice.cli;

import dev.sluice.identity.IdentityAdapterApplication;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real identity-adapter, in-process on a free loopback port, configured like standalone's dev issuer: the demo
 * users (password {@code demo}), the public client {@code sluice-cli} and the service client {@code ci-bot}.
 */
public final class IdentityAdapterServer implements AutoCloseable {
    /** ci-bot's client secret here. */
    public static final String CI_BOT_SECRET = "ci-secret";

    private final ConfigurableApplicationContext context;
    private final String issuer;

    private IdentityAdapterServer(ConfigurableApplicationContext context, String issuer) {
        this.context = context;
        this.issuer = issuer;
    }

    /** Starts the adapter; {@code extra} properties are added (e.g. a private_key_jwt service client). */
    public static IdentityAdapterServer start(Map<String, Object> extra) {
        int port = freePort();
        String issuer = "http://127.0.0.1:" + port;
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", port);
        properties.put("spring.main.banner-mode", "off");
        properties.put("sluice.identity.issuer", issuer);
        properties.put("sluice.identity.dev.enabled", true);
        properties.put("sluice.identity.clients.sluice-cli.redirect-uris", "http://127.0.0.1:8250/callback");
        properties.put("sluice.identity.service-clients.ci-bot.secret", CI_BOT_SECRET);
        properties.put("sluice.identity.service-clients.ci-bot.groups", "agents");
        properties.put("sluice.identity.service-clients.ci-bot.team", "platform");
        properties.putAll(extra);
        // As arguments, so that they win over the adapter's own YAML (which names port 8083).
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = IdentityAdapterApplication.builder().run(arguments);
        return new IdentityAdapterServer(context, issuer);
    }

    /** The issuer URL (also the base URL). */
    public String issuer() {
        return issuer;
    }

    @Override
    public void close() {
        context.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
