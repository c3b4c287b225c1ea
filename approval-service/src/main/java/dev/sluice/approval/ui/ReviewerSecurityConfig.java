package dev.sluice.approval.ui;

import dev.sluice.security.RevocationList;
import dev.sluice.security.RevokedSignInFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

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
    private static final String SIGN_IN = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI
            + "/sluice";

    @Bean
    @Order(1)
    SecurityFilterChain reviewerSecurity(HttpSecurity http, ClientRegistrationRepository registrations,
            RevocationList revocations) throws Exception {
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
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(reloadInsteadOfRedirect(), backgroundRequests())
                        // everything else (pages a person opens) goes to the sign-in; listed here so that the
                        // entry point above is not also the fallback
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(SIGN_IN),
                                AnyRequestMatcher.INSTANCE))
                .logout(logout -> logout.logoutSuccessUrl("/signed-out").permitAll())
                // a person revoked at identity-adapter loses their signed-in session too, not only their tokens
                .addFilterAfter(new RevokedSignInFilter(revocations), SecurityContextHolderFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * Requests a page makes in the background (htmx swaps, the event stream) cannot follow a redirect to the
     * issuer's login form: they get a plain 401 instead. htmx reloads the page on {@code HX-Refresh}, which then
     * signs in normally; an event stream stops on a 401 instead of reconnecting in a loop.
     */
    static AuthenticationEntryPoint reloadInsteadOfRedirect() {
        return (request, response, exception) -> {
            response.setHeader("HX-Refresh", "true");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        };
    }

    private static RequestMatcher backgroundRequests() {
        return new OrRequestMatcher(new RequestHeaderRequestMatcher("HX-Request"),
                PathPatternRequestMatcher.withDefaults().matcher("/approvals/events"));
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
