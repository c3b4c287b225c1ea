package dev.sluice.identity.config;

import dev.sluice.contracts.identity.IdentityKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the identity adapter, bound from {@code sluice.identity.*}.
 *
 * <p>Token lifetimes are validated at startup: a lifetime above {@link #MAX_TOKEN_TTL} stops the service
 * rather than silently issuing tokens that outlive the architecture's one-hour ceiling.
 *
 * @param issuer          the {@code iss} of every token and the base of the discovery URLs;
 *                        default {@code http://127.0.0.1:8083}
 * @param keyFile         a PKCS#8 PEM private key or a JWK / JWK set (JSON) holding RSA private keys;
 *                        when absent a 2048-bit key is generated at startup (tokens then die with the process)
 * @param humanTokenTtl   lifetime, and maximum requestable lifetime, of human tokens; default 1 h
 * @param serviceTokenTtl lifetime, and maximum requestable lifetime, of service tokens; default 15 min
 * @param dev             demo identities for local use; disabled by default
 * @param clients         interactive OAuth 2.0 clients (authorization code, e.g. the reviewer and replay UIs), by client id
 * @param serviceClients  service identities of agents and CI (client credentials, RFC 6749 section 4.4), by client id
 * @param adminGroups     groups whose tokens may use the admin API (revocation); default {@code sluice-admins}
 */
@ConfigurationProperties("sluice.identity")
public record IdentityProperties(
        @DefaultValue("http://127.0.0.1:8083") String issuer,
        Path keyFile,
        @DefaultValue("1h") Duration humanTokenTtl,
        @DefaultValue("15m") Duration serviceTokenTtl,
        @DefaultValue Dev dev,
        Map<String, Client> clients,
        Map<String, ServiceClient> serviceClients,
        @DefaultValue("sluice-admins") List<String> adminGroups) {

    /** Hard ceiling on any token lifetime (architecture, section "Identity"). */
    public static final Duration MAX_TOKEN_TTL = Duration.ofHours(1);

    public IdentityProperties {
        Objects.requireNonNull(issuer, "sluice.identity.issuer");
        URI parsed = URI.create(issuer);
        if (!parsed.isAbsolute() || parsed.getHost() == null || parsed.getQuery() != null || parsed.getFragment() != null) {
            // OIDC Discovery 1.0 section 3: the issuer is an https (or, locally, http) URL without query or fragment.
            throw new IllegalArgumentException("sluice.identity.issuer must be an absolute URL without query or fragment: " + issuer);
        }
        checkTtl("sluice.identity.human-token-ttl", humanTokenTtl);
        checkTtl("sluice.identity.service-token-ttl", serviceTokenTtl);
        dev = dev == null ? new Dev(false, DEFAULT_DEV_PASSWORD, List.of()) : dev;
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        serviceClients = serviceClients == null ? Map.of() : Map.copyOf(serviceClients);
        adminGroups = adminGroups == null ? List.of("sluice-admins") : List.copyOf(adminGroups);
        for (String id : clients.keySet()) {
            if (serviceClients.containsKey(id)) {
                throw new IllegalArgumentException("client id '" + id + "' is both in sluice.identity.clients and "
                        + "sluice.identity.service-clients");
            }
        }
    }

    /** The password of every demo user at the dev login form unless configured. */
    public static final String DEFAULT_DEV_PASSWORD = "demo";

    /** The maximum (and default) lifetime of tokens for the given kind. */
    public Duration ttlFor(IdentityKind kind) {
        return switch (kind) {
            case HUMAN -> humanTokenTtl;
            case SERVICE -> serviceTokenTtl;
        };
    }

    private static void checkTtl(String name, Duration ttl) {
        Objects.requireNonNull(ttl, name);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + MAX_TOKEN_TTL + ", was " + ttl);
        }
    }

    /**
     * Dev mode: fixed demo identities that anyone reaching the service can get tokens for. Never enable it
     * outside a laptop or a test.
     *
     * @param enabled  whether {@code /dev/tokens/{subject}} and the demo logins exist; default false
     * @param password the login-form password of every human demo user; default {@code demo}
     * @param users    the demo identities
     */
    public record Dev(@DefaultValue("false") boolean enabled, @DefaultValue(DEFAULT_DEV_PASSWORD) String password,
            List<DevUser> users) {
        public Dev {
            password = password == null || password.isEmpty() ? DEFAULT_DEV_PASSWORD : password;
            users = users == null ? List.of() : List.copyOf(users);
            Set<String> seen = new HashSet<>();
            for (DevUser user : users) {
                if (!seen.add(user.subject())) {
                    throw new IllegalArgumentException("sluice.identity.dev.users lists subject '" + user.subject() + "' twice");
                }
            }
        }
    }

    /**
     * One demo identity.
     *
     * @param subject the {@code sub}, also the path segment of the dev token endpoint
     * @param groups  the {@code groups} claim
     * @param kind    {@code human} or {@code service}; default human
     * @param team    the optional {@code team} claim of a service identity
     */
    public record DevUser(String subject, List<String> groups, @DefaultValue("human") IdentityKind kind, String team) {
        public DevUser {
            if (subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("sluice.identity.dev.users[].subject must not be blank");
            }
            groups = groups == null ? List.of() : List.copyOf(groups);
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * An interactive OAuth 2.0 client that signs users in with the authorization code grant (RFC 6749 section 4.1),
     * such as a web UI using Spring Security's {@code oauth2Login}.
     *
     * @param secret       the client secret; {@code {bcrypt}...} style values are taken as already encoded. Unset:
     *                     a public client, which must use PKCE (RFC 7636)
     * @param redirectUris the exact redirect URIs the client may use
     * @param requirePkce  whether a confidential client must also send a PKCE challenge; default false (public
     *                     clients always must)
     */
    public record Client(String secret, List<String> redirectUris, @DefaultValue("false") boolean requirePkce) {
        public Client {
            redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
            secret = secret == null || secret.isEmpty() ? null : secret;
        }

        @Override
        public String toString() {
            return "Client[redirectUris=" + redirectUris + ", requirePkce=" + requirePkce + "]";
        }
    }

    /**
     * A service identity (agent, CI job) that gets short tokens with the client credentials grant. It proves
     * itself with a client secret or, preferably, a JWT signed by its own private key (RFC 7523 section 2.2),
     * whose public keys are fetched from {@code jwkSetUri}.
     *
     * @param secret    the client secret (see {@link Client#secret()}); may be unset when {@code jwkSetUri} is set
     * @param jwkSetUri where the client's public keys are published, for {@code private_key_jwt}
     * @param groups    the {@code groups} claim of its tokens
     * @param team      the owning team, the {@code team} claim
     */
    public record ServiceClient(String secret, String jwkSetUri, List<String> groups, String team) {
        public ServiceClient {
            secret = secret == null || secret.isEmpty() ? null : secret;
            jwkSetUri = jwkSetUri == null || jwkSetUri.isBlank() ? null : jwkSetUri;
            if (secret == null && jwkSetUri == null) {
                throw new IllegalArgumentException("a service client needs a secret or a jwk-set-uri");
            }
            if (team == null || team.isBlank()) {
                throw new IllegalArgumentException("a service client needs its owning team");
            }
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        @Override
        public String toString() {
            return "ServiceClient[jwkSetUri=" + jwkSetUri + ", groups=" + groups + ", team=" + team + "]";
        }
    }
}
