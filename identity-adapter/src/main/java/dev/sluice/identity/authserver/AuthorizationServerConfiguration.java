package dev.sluice.identity.authserver;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.sluice.identity.config.IdentityProperties;
import dev.sluice.identity.config.IdentityProperties.DevUser;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.identity.keys.SigningKeys;
import dev.sluice.identity.web.JwksController;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import dev.sluice.contracts.identity.TokenClaims;
import dev.sluice.identity.revocation.RevocationController;
import dev.sluice.identity.revocation.Revocations;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The identity adapter as an OpenID Provider (OpenID Connect Core 1.0, Discovery 1.0) built on Spring
 * Authorization Server: authorization code with PKCE (RFC 7636), client credentials, refresh tokens, discovery
 * and the JWK set, all signing with the same RS256 keys as the dev token endpoint, so every token verifies in
 * the proxy and the services.
 *
 * <p>Two filter chains: the protocol endpoints (their own matcher), and everything else, where the login form
 * and the public documents are open and anything unknown needs a login. The demo users exist only in dev mode;
 * outside it the login form knows nobody.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class AuthorizationServerConfiguration {

    /** Paths anyone may call outside the protocol endpoints. */
    private static final String[] PUBLIC_PATHS = {
        "/login", "/error", "/.well-known/**", JwksController.JWKS_PATH, "/dev/**", RevocationController.LIST_PATH,
        "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"};

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http, IdentityProperties properties,
            RegisteredClientRepository clients) throws Exception {
        String jwksUrl = base(properties.issuer()) + JwksController.JWKS_PATH;
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    // The canonical JWKS path (served with cache headers by JwksController) is what discovery names.
                    server.authorizationServerMetadataEndpoint(metadata -> metadata
                            .authorizationServerMetadataCustomizer(builder -> builder.jwkSetUrl(jwksUrl)));
                    // RFC 8628: command-line login; the user enters the code at /activate (DeviceActivationController).
                    server.deviceAuthorizationEndpoint(device -> device.verificationUri(DeviceActivationController.PATH));
                    server.deviceVerificationEndpoint(Customizer.withDefaults());
                    server.clientAuthentication(authentication -> authentication
                            .authenticationConverter(DeviceClientAuthentication.converter("/oauth2/device_authorization", "/oauth2/token"))
                            .authenticationProvider(DeviceClientAuthentication.provider(clients)));
                    server.oidc(oidc -> oidc.providerConfigurationEndpoint(provider -> provider
                            .providerConfigurationCustomizer(builder -> builder.jwkSetUrl(jwksUrl)
                                    // RFC 8628 section 4: advertised in the OpenID metadata too, for CLI clients.
                                    .claim("device_authorization_endpoint", base(properties.issuer()) + "/oauth2/device_authorization"))));
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // A browser at /oauth2/authorize without a session goes to the login form, then back.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), browsers()))
                // The OIDC userinfo endpoint takes the access token as a bearer token.
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
        return http.build();
    }

    /** Requests that explicitly accept HTML; API clients sending no Accept header get a 401, not a redirect. */
    private static MediaTypeRequestMatcher browsers() {
        MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return matcher;
    }

    /** The admin API: stateless, bearer Sluice tokens of an admin group only, JSON errors. */
    @Bean
    @Order(2)
    SecurityFilterChain adminEndpoints(HttpSecurity http, IdentityProperties properties) throws Exception {
        JwtGrantedAuthoritiesConverter groups = new JwtGrantedAuthoritiesConverter();
        groups.setAuthoritiesClaimName(TokenClaims.GROUPS);
        groups.setAuthorityPrefix(SluiceClaimsCustomizer.GROUP_AUTHORITY_PREFIX);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(groups);
        String[] adminAuthorities = properties.adminGroups().stream()
                .map(group -> SluiceClaimsCustomizer.GROUP_AUTHORITY_PREFIX + group).toArray(String[]::new);
        http.securityMatcher("/admin/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyAuthority(adminAuthorities))
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(converter)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain webEndpoints(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                // The dev token endpoint is called by curl and tests, never from a page with a session.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/dev/**"));
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The configured clients; a revoked service client is unknown (invalid_client) until its revocation is lifted. */
    @Bean
    RegisteredClientRepository registeredClientRepository(IdentityProperties properties, PasswordEncoder encoder,
            Revocations revocations) {
        RegisteredClientRepository configured = RegisteredClients.repository(properties, encoder);
        return new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient registeredClient) {
                throw new UnsupportedOperationException("clients are configured in sluice.identity.*");
            }

            @Override
            public RegisteredClient findById(String id) {
                return visible(configured.findById(id));
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                return visible(configured.findByClientId(clientId));
            }

            private RegisteredClient visible(RegisteredClient client) {
                return client == null || revocations.serviceRevoked(client.getClientId()) ? null : client;
            }
        };
    }

    /** All keys (the JWK set endpoint publishes their public halves; verification may meet any of them). */
    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return (selector, context) -> selector.select(new JWKSet(List.copyOf(keys.all())));
    }

    /** Signs with the current key only, so that a JWK set holding old and next keys never makes the choice ambiguous. */
    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(keys.current())));
    }

    /** Bearer tokens at userinfo and the admin API: own keys, own issuer, audience sluice, unexpired, not revoked. */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, IdentityProperties properties, Revocations revocations) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtAudienceValidator(TokenClaims.AUDIENCE),
                jwt -> revocations.refuses(jwt.getId(), jwt.getSubject(), jwt.getIssuedAt())
                        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is revoked", null))
                        : OAuth2TokenValidatorResult.success()));
        return decoder;
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> sluiceClaims(IdentityProperties properties) {
        return new SluiceClaimsCustomizer(properties);
    }

    /** The demo humans in dev mode (password {@code sluice.identity.dev.password}); nobody otherwise. */
    @Bean
    UserDetailsService users(IdentityProperties properties, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        if (properties.dev().enabled()) {
            String password = encoder.encode(properties.dev().password());
            for (DevUser user : properties.dev().users()) {
                if (user.kind() != IdentityKind.HUMAN) {
                    continue; // services get tokens with client credentials, never through a login form
                }
                users.add(User.withUsername(user.subject()).password(password)
                        .authorities(user.groups().stream()
                                .map(group -> new SimpleGrantedAuthority(SluiceClaimsCustomizer.GROUP_AUTHORITY_PREFIX + group))
                                .toList())
                        .build());
            }
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static String base(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
