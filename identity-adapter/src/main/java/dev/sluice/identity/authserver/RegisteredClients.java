package dev.sluice.identity.authserver;

import dev.sluice.identity.config.IdentityProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Turns {@code sluice.identity.clients} and {@code sluice.identity.service-clients} into Spring Authorization
 * Server registrations.
 *
 * <ul>
 *   <li>Interactive clients get the authorization code grant (RFC 6749 section 4.1) with refresh tokens, the
 *       {@code openid} and {@code profile} scopes, and human-lifetime access tokens. A client without a secret
 *       is public: it must use PKCE (RFC 7636), and it may also use the device authorization grant (RFC 8628).</li>
 *   <li>Service clients get only the client credentials grant (RFC 6749 section 4.4) and service-lifetime access
 *       tokens; they authenticate with their secret and/or a {@code private_key_jwt} assertion (RFC 7523
 *       section 2.2) verified against their JWK set.</li>
 * </ul>
 * Every access token is a self-contained JWT so that the proxy and services verify it offline.
 */
public final class RegisteredClients {

    private RegisteredClients() {}

    /** Builds the repository; secrets are hashed here so the plain values do not stay in the registrations. */
    public static InMemoryRegisteredClientRepository repository(IdentityProperties properties, PasswordEncoder encoder) {
        List<RegisteredClient> clients = new ArrayList<>();
        properties.clients().forEach((id, client) -> clients.add(interactive(id, client, properties, encoder)));
        properties.serviceClients().forEach((id, client) -> clients.add(service(id, client, properties, encoder)));
        if (clients.isEmpty()) {
            // InMemoryRegisteredClientRepository refuses an empty list; a placeholder that can never authenticate
            // (no grant it could complete: no secret, no redirect URI) keeps the endpoints answering "invalid_client".
            clients.add(RegisteredClient.withId(UUID.randomUUID().toString()).clientId("none-" + UUID.randomUUID())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .clientSettings(ClientSettings.builder().jwkSetUrl("http://127.0.0.1:0/none").build())
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    private static RegisteredClient interactive(String id, IdentityProperties.Client client, IdentityProperties properties,
            PasswordEncoder encoder) {
        RegisteredClient.Builder builder = RegisteredClient.withId(id).clientId(id)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .redirectUris(uris -> uris.addAll(client.redirectUris()))
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(properties.humanTokenTtl())
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        // A public client cannot keep a refresh token secret: each refresh returns a new one and
                        // retires the old (RFC 9700 section 2.2.2), so a stolen copy stops working once the CLI refreshes.
                        .reuseRefreshTokens(client.secret() != null)
                        .build());
        if (client.secret() == null) {
            // Command-line clients: PKCE for the browser flow, or the device flow (RFC 8628) without a browser.
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build());
        } else {
            builder.clientSecret(encoded(client.secret(), encoder))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .clientSettings(ClientSettings.builder().requireProofKey(client.requirePkce())
                            .requireAuthorizationConsent(false).build());
        }
        return builder.build();
    }

    private static RegisteredClient service(String id, IdentityProperties.ServiceClient client, IdentityProperties properties,
            PasswordEncoder encoder) {
        RegisteredClient.Builder builder = RegisteredClient.withId(id).clientId(id)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(properties.serviceTokenTtl())
                        .build());
        ClientSettings.Builder settings = ClientSettings.builder().requireAuthorizationConsent(false);
        if (client.secret() != null) {
            builder.clientSecret(encoded(client.secret(), encoder))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        if (client.jwkSetUri() != null) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            settings.jwkSetUrl(client.jwkSetUri()).tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
        }
        return builder.clientSettings(settings.build()).build();
    }

    /** Values in Spring's {@code {id}hash} form are kept; anything else is a plain secret and gets hashed. */
    private static String encoded(String secret, PasswordEncoder encoder) {
        return secret.startsWith("{") && secret.indexOf('}') > 1 ? secret : encoder.encode(secret);
    }

}
