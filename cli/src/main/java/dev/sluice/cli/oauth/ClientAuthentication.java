package dev.sluice.cli.oauth;

import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;

/**
 * How the CLI authenticates to the token endpoint (RFC 6749 section 2.3).
 */
public sealed interface ClientAuthentication {

    /** The client id. */
    String clientId();

    /** A public client such as {@code sluice-cli}: only its id (RFC 6749 section 2.1, RFC 8628 section 3.1). */
    record PublicClient(String clientId) implements ClientAuthentication {
        public PublicClient {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** A shared secret, sent with HTTP Basic (RFC 6749 section 2.3.1). */
    record ClientSecret(String clientId, String secret) implements ClientAuthentication {
        public ClientSecret {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "ClientSecret[clientId=" + clientId + "]";
        }
    }

    /**
     * A signed assertion instead of a secret ({@code private_key_jwt}, RFC 7523 section 2.2).
     *
     * @param keyId the {@code kid} of the key in the client's JWK set, or {@code null}
     */
    record PrivateKeyJwt(String clientId, RSAPrivateKey key, String keyId) implements ClientAuthentication {
        public PrivateKeyJwt {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String toString() {
            return "PrivateKeyJwt[clientId=" + clientId + ", keyId=" + keyId + "]";
        }
    }
}
