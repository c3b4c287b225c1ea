package dev.sluice.recording;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A throw-away token issuer for tests: fresh RSA and EC keys, their public JWK set served from a JDK
 * {@link HttpServer} on loopback together with a revocation list, and a factory for signed gateway-style tokens.
 */
public final class TestTokens implements AutoCloseable {

    private final RSAKey rsaKey;
    private final ECKey ecKey;
    /** Same key id as {@link #rsaKey} but never published: its signatures must not verify. */
    private final RSAKey impostorKey;
    private final HttpServer server;
    /** What {@code /v1/revocations} answers, in identity-adapter's format. */
    private volatile String revocations = "{\"version\":0,\"revocations\":[]}";

    public TestTokens() {
        try {
            rsaKey = new RSAKeyGenerator(2048).keyID("test-rsa").generate();
            ecKey = new ECKeyGenerator(Curve.P_256).keyID("test-ec").generate();
            impostorKey = new RSAKeyGenerator(2048).keyID("test-rsa").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate test keys", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(List.<JWK>of(rsaKey.toPublicJWK(), ecKey.toPublicJWK())).toString()
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.createContext("/v1/revocations", exchange -> {
            byte[] body = revocations.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Lists {@code subject} as revoked (every token issued up to now), as identity-adapter would serve it. */
    public void revokeSubject(String subject, String reason) {
        revocations = "{\"version\":1,\"revocations\":[{\"type\":\"subject\",\"value\":\"" + subject
                + "\",\"revoked_at\":" + Instant.now().getEpochSecond() + ",\"reason\":\"" + reason + "\"}]}";
    }

    /** The issuer URL tokens carry by default. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUri() {
        return issuer() + "/.well-known/jwks.json";
    }

    /** A valid RS256 token for {@code alice} in {@code auditors}. */
    public String auditor() {
        return rs256(claims -> claims);
    }

    /** An RS256 token built from valid defaults changed by {@code customizer}. */
    public String rs256(UnaryOperator<JWTClaimsSet.Builder> customizer) {
        return sign(rsaKey, JWSAlgorithm.RS256, customizer);
    }

    /** A valid token for {@code auditors} signed ES256. */
    public String es256Auditor() {
        return sign(ecKey, JWSAlgorithm.ES256, claims -> claims);
    }

    /** A token signed with the published RSA key but an algorithm the service does not allow. */
    public String rs512Auditor() {
        return sign(rsaKey, JWSAlgorithm.RS512, claims -> claims);
    }

    /** A token whose key id matches the published key but whose signature was made with another key. */
    public String forgedAuditor() {
        return sign(impostorKey, JWSAlgorithm.RS256, claims -> claims);
    }

    private String sign(JWK key, JWSAlgorithm algorithm, UnaryOperator<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("alice")
                .audience(List.of("sluice"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("groups", List.of("auditors", "dba"))
                .claim("kind", "human");
        try {
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
                    customizer.apply(claims).build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
