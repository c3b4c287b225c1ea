package dev.sluice.recording.config;

import dev.sluice.security.RevocationList;
import dev.sluice.security.RevokedSignInFilter;
import dev.sluice.contracts.identity.TokenClaims;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The replay UI signs people in with OpenID Connect (authorization code flow,
 * <a href="https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth">OIDC Core 3.1</a>) against
 * identity-adapter, client {@code sluice-recording-ui} (registration {@code sluice} under
 * {@code spring.security.oauth2.client}), and admits members of the same group as the API. It has its own filter
 * chain, ordered before the API's bearer-token chain: a browser session with CSRF protection here, stateless
 * bearer tokens there.
 */
@Configuration(proxyBeanMethods = false)
public class UiSecurityConfig {

    private static final String GROUP_AUTHORITY_PREFIX = "GROUP_";

    @Bean
    @Order(1)
    SecurityFilterChain uiSecurity(HttpSecurity http, RecordingProperties properties, RevocationList revocations)
            throws Exception {
        String auditors = GROUP_AUTHORITY_PREFIX + properties.security().group();
        http.securityMatcher("/ui/**", "/login/**", "/oauth2/**", "/logout")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/ui/htmx.min.js", "/ui/htmx.LICENSE.txt", "/ui/replay.css", "/ui/signed-out").permitAll()
                        .requestMatchers("/ui/**").hasAuthority(auditors)
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(groups())))
                .logout(logout -> logout.logoutSuccessUrl("/ui/signed-out").permitAll())
                // a person revoked at identity-adapter loses their signed-in session too, not only their tokens
                .addFilterAfter(new RevokedSignInFilter(revocations), SecurityContextHolderFilter.class);
        return http.build();
    }

    /** The {@code groups} claim of the ID token (or user info) as {@code GROUP_<name>} authorities. */
    static GrantedAuthoritiesMapper groups() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                Object groups = switch (authority) {
                    case OidcUserAuthority oidc -> oidc.getIdToken().getClaims().get(TokenClaims.GROUPS);
                    case OAuth2UserAuthority oauth2 -> oauth2.getAttributes().get(TokenClaims.GROUPS);
                    default -> null;
                };
                if (groups instanceof Collection<?> names) {
                    names.forEach(name -> mapped.add(new SimpleGrantedAuthority(GROUP_AUTHORITY_PREFIX + name)));
                } else if (groups instanceof String name) {
                    mapped.add(new SimpleGrantedAuthority(GROUP_AUTHORITY_PREFIX + name));
                }
            }
            return List.copyOf(mapped);
        };
    }
}
