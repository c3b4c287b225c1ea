package dev.sluice.standalone;

import java.nio.file.Path;

/**
 * Where everything of a running standalone instance listens, with every port resolved.
 *
 * @param host                the loopback address everything binds to
 * @param identityPort        identity-adapter HTTP
 * @param policyPort          policy-service HTTP
 * @param policyDecisionsPort policy-service's decision listener (the proxy's decisions)
 * @param recordingPort       recording-service HTTP
 * @param approvalPort        approval-service HTTP
 * @param proxyPort           proxy-service management HTTP
 * @param proxyPostgresPort   the proxy's PostgreSQL listener
 * @param demoDbPort          the demo target PostgreSQL (direct, bypassing the gateway)
 * @param platformDbPort      the services' own PostgreSQL
 * @param kafkaBootstrap      Kafka {@code bootstrap.servers}
 * @param dataDir             the data directory
 * @param persistent          whether the data directory survives a stop
 * @param tlsCertificate      the proxy's TLS certificate (PEM)
 * @param tlsPrivateKey       the proxy's TLS private key (PEM)
 */
public record Endpoints(
        String host,
        int identityPort,
        int policyPort,
        int policyDecisionsPort,
        int recordingPort,
        int approvalPort,
        int proxyPort,
        int proxyPostgresPort,
        int demoDbPort,
        int platformDbPort,
        String kafkaBootstrap,
        Path dataDir,
        boolean persistent,
        Path tlsCertificate,
        Path tlsPrivateKey) {

    /** The identity-adapter base URL, which is also the token issuer. */
    public String identityUrl() {
        return http(identityPort);
    }

    public String policyUrl() {
        return http(policyPort);
    }

    /** Where the proxy asks for decisions: policy-service's decision listener. */
    public String policyDecisionsUrl() {
        return http(policyDecisionsPort);
    }

    public String recordingUrl() {
        return http(recordingPort);
    }

    public String approvalUrl() {
        return http(approvalPort);
    }

    public String proxyUrl() {
        return http(proxyPort);
    }

    /** The JWK set every service verifies gateway tokens against. */
    public String jwksUri() {
        return identityUrl() + "/.well-known/jwks.json";
    }

    /** The dev token endpoint of {@code subject} (GET or POST). */
    public String devTokenUrl(String subject) {
        return identityUrl() + "/dev/tokens/" + subject;
    }

    private String http(int port) {
        return "http://" + host + ":" + port;
    }
}
