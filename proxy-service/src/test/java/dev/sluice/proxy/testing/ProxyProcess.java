package dev.sluice.proxy.testing;

import java.io.IOException;

/**
 * A proxy in a JVM of its own, so that a test can bound its heap ({@code -Xmx}) apart from the test's: a
 * PostgreSQL listener in front of the target on the given port, a scripted policy server that masks every
 * statement with the given decision body, and test token keys. Prints {@code READY <port> <token for bob>} and
 * runs until its standard input closes.
 */
public final class ProxyProcess {
    private ProxyProcess() {}

    /** Arguments: target port, target user, MASK decision body. */
    public static void main(String[] args) throws IOException {
        int targetPort = Integer.parseInt(args[0]);
        String decision = args[2];
        var tokens = new TestTokens();
        try (var policy = new ScriptedPolicyServer();
                var proxy = new ProxyFixture(targetPort, args[1], policy.url(), tokens, 4)) {
            policy.answer(request -> "CONNECT".equals(request.get("command").get("type").asString())
                    ? ScriptedPolicyServer.decision("ALLOW", "ok", "connect") : decision);
            System.out.println("READY " + proxy.port() + " " + tokens.human("bob", "analysts"));
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the test closes our standard input (or goes away).
            }
        }
    }
}
