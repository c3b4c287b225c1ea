package dev.sluice.cli.oauth;

import dev.sluice.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client assertions for {@code private_key_jwt} (RFC 7523 section 2.2 and 3): a short-lived RS256 JWT with
 * {@code iss} = {@code sub} = the client id and {@code aud} = the token endpoint, so that a service identity needs
 * no shared secret at all.
 */
public final class ClientAssertion {
    /** RFC 7523 section 2.2. */
    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long LIFETIME_SECONDS = 60;
    private static final long MAX_KEY_FILE_SIZE = 64 * 1024;

    private ClientAssertion() {}

    /** Signs a fresh assertion for one token request. */
    public static String sign(ClientAuthentication.PrivateKeyJwt client, URI tokenEndpoint, Instant now) {
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (client.keyId() != null) {
            header.put("kid", client.keyId());
        }
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", client.clientId())
                .put("sub", client.clientId())
                .put("aud", tokenEndpoint.toString())
                .put("iat", now.getEpochSecond())
                .put("exp", now.getEpochSecond() + LIFETIME_SECONDS)
                .put("jti", UUID.randomUUID().toString());
        String signingInput = base64(JSON.writeValueAsBytes(header)) + "." + base64(JSON.writeValueAsBytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(client.key());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new CliException(CliException.FAILURE, "cannot sign the client assertion: " + e.getMessage(), e);
        }
    }

    /** Reads an unencrypted PKCS#8 RSA private key in PEM ({@code -----BEGIN PRIVATE KEY-----}, RFC 7468 section 10). */
    public static RSAPrivateKey readPrivateKey(Path file) {
        try {
            if (Files.size(file) > MAX_KEY_FILE_SIZE) {
                throw new CliException(CliException.FAILURE, file + " is too large to be a private key");
            }
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new CliException(CliException.FAILURE, file + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----); "
                        + "convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot read the private key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            // Never the key material in the message.
            throw new CliException(CliException.FAILURE, file + " does not hold an RSA private key", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
