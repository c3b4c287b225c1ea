package dev.sluice.recording.config;

import dev.sluice.contracts.identity.TokenClaims;
import dev.sluice.security.JwtRevocationValidator;
import dev.sluice.security.RevocationList;
import dev.sluice.recording.web.JsonSecurityErrors;
import java.util.List;
import java.util.Objects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API is an OAuth2 resource server (<a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a>
 * bearer tokens): JWTs signed RS256 or ES256 by a key from the configured JWK set, with the configured
 * issuer, audience {@value TokenClaims#AUDIENCE} and an unexpired {@code exp}. Transcripts are readable only
 * by members of the configured group; health stays public for orchestrators.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    private static final String GROUP_AUTHORITY_PREFIX = "GROUP_";

    @Bean
    SecurityFilterChain recordingSecurity(HttpSecurity http, JwtDecoder jwtDecoder, RecordingProperties properties,
            JsonMapper jsonMapper) throws Exception {
        RecordingProperties.Security security = properties.security();
        JsonSecurityErrors errors = new JsonSecurityErrors(jsonMapper, security.group());
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/api/**").hasAuthority(GROUP_AUTHORITY_PREFIX + security.group())
                        .anyRequest().denyAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(groupsAsAuthorities()))
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                // bearer tokens only: no cookies, so neither sessions nor CSRF tokens apply
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /** identity-adapter's revocation list, pulled in the background; revoked tokens get 401 within one refresh. */
    @Bean(destroyMethod = "close")
    RevocationList revocationList(RecordingProperties properties) {
        RecordingProperties.Security security = properties.security();
        return RevocationList.forService(security.revocationsUri(), security.jwksUri().toString(),
                security.revocationRefresh(), security.revocationMaxStaleness());
    }

    @Bean
    JwtDecoder jwtDecoder(RecordingProperties properties, RevocationList revocations) {
        RecordingProperties.Security security = properties.security();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(security.jwksUri().toString())
                .jwsAlgorithms(algorithms -> {
                    algorithms.clear();
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .build();
        decoder.setJwtValidator(tokenValidator(security, revocations));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> tokenValidator(RecordingProperties.Security security, RevocationList revocations) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                // JwtTimestampValidator accepts tokens without exp; gateway tokens must always expire
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtTimestampValidator(security.clockSkew()),
                new JwtIssuerValidator(security.issuer()),
                new JwtAudienceValidator(TokenClaims.AUDIENCE),
                // last, so that only genuine tokens are looked up
                new JwtRevocationValidator(revocations)));
    }

    private static JwtAuthenticationConverter groupsAsAuthorities() {
        JwtGrantedAuthoritiesConverter groups = new JwtGrantedAuthoritiesConverter();
        groups.setAuthoritiesClaimName(TokenClaims.GROUPS);
        groups.setAuthorityPrefix(GROUP_AUTHORITY_PREFIX);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(groups);
        return converter;
    }
}
