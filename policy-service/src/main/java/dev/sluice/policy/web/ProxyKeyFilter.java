package dev.sluice.policy.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lets only the gateway use the {@code /v1} API: a request must carry {@code Authorization: SluiceProxy <key>} with
 * the configured shared key, else it is answered 401 with a JSON body and goes no further. The key is compared in
 * constant time and never logged or echoed. With no key configured every request is refused, unless the
 * development switch {@code sluice.policy.security.allow-unauthenticated} opened the API (then this filter is not
 * installed at all).
 *
 * <p>A plain servlet filter rather than Spring Security: it sits on the decision path of every statement, and one
 * header read and a byte comparison is all the check needs.
 */
final class ProxyKeyFilter implements Filter {

    /** The authorization scheme, with the space that separates it from the key. */
    static final String SCHEME = GatewayKey.SCHEME;

    private final GatewayKey key;

    /** @param key the shared key; empty refuses every request */
    ProxyKeyFilter(String key) {
        this.key = new GatewayKey(key);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byte[] refusal = refusal(((HttpServletRequest) request).getHeader("Authorization"));
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        http.setHeader("WWW-Authenticate", "SluiceProxy");
        http.setContentType("application/json");
        http.setContentLength(refusal.length);
        http.getOutputStream().write(refusal);
    }

    /** The 401 body for this {@code Authorization} header, or null when it carries the key. */
    byte[] refusal(String header) {
        return key.refusal(header);
    }
}
