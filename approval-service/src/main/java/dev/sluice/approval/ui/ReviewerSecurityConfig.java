package dev.sluice.approval.ui;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSession;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The reviewer UI signs people in with OpenID Connect (authorization code flow with PKCE,
 * <a href="https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth">OIDC Core 3.1</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc7636">RFC 7636</a>) at identity-adapter as client
 * {@code sluice-approval-ui} (registration {@code sluice} under {@code spring.security.oauth2.client}). It has its
 * own filter chain, ordered before the API's bearer-token chain: a browser session with CSRF protection and a
 * strict Content-Security-Policy here, stateless bearer tokens there. Any signed-in person may open the UI; which
 * requests they see and may decide follows the same rules as the API, with subject, groups and kind read from the
 * ID token's claims ({@link ReviewerIdentity}).
 */
@Configuration(proxyBeanMethods = false)
public class ReviewerSecurityConfig {

    /**
     * Scripts and styles only from this service (htmx is served from here, never a CDN), no inline script, no
     * framing, no plugins, forms only to this service.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** Session attribute holding the validated path a sign-in returns to. */
    static final String RETURN_PATH = ReviewerSecurityConfig.class.getName() + ".RETURN_PATH";

    private static final String HOME = "/approvals";

    @Bean
    @Order(1)
    SecurityFilterChain reviewerSecurity(HttpSecurity http, ClientRegistrationRepository registrations)
            throws Exception {
        DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.securityMatcher("/", "/approvals", "/approvals/**", "/history", "/history/**", "/assets/**",
                        "/sign-in", "/signed-out", "/login/**", "/oauth2/**", "/logout")
                .authorizeHttpRequests(requests -> requests
                        // live updates complete as ASYNC dispatches of an already authorized request
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/assets/**", "/sign-in", "/signed-out").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(pkce))
                        .successHandler(returnToSameOrigin()))
                .logout(logout -> logout.logoutSuccessUrl("/signed-out").permitAll())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * After sign-in: the path {@code /sign-in?return=} stored (validated by {@link ReturnPaths}), else the page
     * that asked for the sign-in (always one of ours), else the queue. No request parameter is ever followed.
     */
    static AuthenticationSuccessHandler returnToSameOrigin() {
        SavedRequestAwareAuthenticationSuccessHandler saved = new SavedRequestAwareAuthenticationSuccessHandler();
        saved.setDefaultTargetUrl(HOME);
        DefaultRedirectStrategy redirects = new DefaultRedirectStrategy();
        return (request, response, authentication) -> {
            HttpSession session = request.getSession(false);
            Object stored = session == null ? null : session.getAttribute(RETURN_PATH);
            if (stored instanceof String path && ReturnPaths.sameOrigin(path).isPresent()) {
                session.removeAttribute(RETURN_PATH);
                redirects.sendRedirect(request, response, path);
                return;
            }
            saved.onAuthenticationSuccess(request, response, authentication);
        };
    }
}
