package dev.sluice.approval.config;

import dev.sluice.approval.grants.GrantProperties;
import dev.sluice.approval.grants.ServiceKeyFilter;
import dev.sluice.approval.web.JsonSecurityErrors;
import dev.sluice.contracts.identity.TokenClaims;
import dev.sluice.security.JwtRevocationValidator;
import dev.sluice.security.RevocationList;
import jakarta.servlet.DispatcherType;
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
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API is an OAuth2 resource server (<a href="https://www.rfc-editor.org/rfc/rfc6750">RFC 6750</a> bearer
 * tokens): Sluice tokens signed RS256/ES256 by identity-adapter's JWK set, with its issuer, audience
 * {@value TokenClaims#AUDIENCE} and an {@code exp}. The gateway authenticates with the shared proxy key instead
 * ({@link ProxyKeyFilter}). Which caller may do what to which request is decided by the service's rules
 * (reviewer groups, no self-approval), not by URL patterns.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    @Bean
    SecurityFilterChain approvalSecurity(HttpSecurity http, JwtDecoder jwtDecoder, ApprovalProperties properties,
            GrantProperties grantProperties, JsonMapper jsonMapper) throws Exception {
        JsonSecurityErrors errors = new JsonSecurityErrors(jsonMapper);
        http.authorizeHttpRequests(requests -> requests
                        // a long-poll's completion is an ASYNC dispatch of an already authorized request
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v1/**").authenticated()
                        .anyRequest().denyAll())
                .addFilterBefore(ProxyKeyFilter.create(properties.proxyKey()), BearerTokenAuthenticationFilter.class)
                // policy-service reads the active grants with its own key (SluiceService), see ServiceKeyFilter
                .addFilterBefore(ServiceKeyFilter.create(grantProperties.feedKey()), BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                // bearer tokens only: no cookies, so neither sessions nor CSRF tokens apply
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /** identity-adapter's revocation list, pulled in the background; revoked tokens get 401 within one refresh. */
    @Bean(destroyMethod = "close")
    RevocationList revocationList(ApprovalProperties properties) {
        ApprovalProperties.Security security = properties.security();
        return RevocationList.forService(security.revocationsUri(), security.jwksUri().toString(),
                security.revocationRefresh(), security.revocationMaxStaleness());
    }

    @Bean
    JwtDecoder jwtDecoder(ApprovalProperties properties, RevocationList revocations) {
        ApprovalProperties.Security security = properties.security();
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

    static OAuth2TokenValidator<Jwt> tokenValidator(ApprovalProperties.Security security, RevocationList revocations) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                // JwtTimestampValidator accepts tokens without exp; gateway tokens must always expire
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtTimestampValidator(security.clockSkew()),
                new JwtIssuerValidator(security.issuer()),
                new JwtAudienceValidator(TokenClaims.AUDIENCE),
                // last, so that only genuine tokens are looked up
                new JwtRevocationValidator(revocations)));
    }
}
