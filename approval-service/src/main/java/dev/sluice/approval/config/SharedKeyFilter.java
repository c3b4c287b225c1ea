package dev.sluice.approval.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a platform service by a shared key in its own {@code Authorization} scheme (e.g.
 * {@code SluiceProxy <key>}): the right key gives the caller one authority; any other scheme passes through
 * untouched (bearer tokens are verified by the resource server); a wrong key, or any key while none is configured,
 * is a JSON 401 here. Keys are compared in constant time and never logged.
 */
public final class SharedKeyFilter extends OncePerRequestFilter {
    private final String scheme;
    private final byte[] key;
    private final String principal;
    private final String authority;
    private final String invalid;

    /**
     * @param scheme    the scheme with its trailing space, e.g. {@code "SluiceProxy "}
     * @param key       the configured key; empty refuses every caller of this scheme
     * @param principal the name the caller is known by
     * @param authority what the caller may do
     * @param keyName   how the 401 names the key, e.g. {@code "proxy key"}
     */
    public SharedKeyFilter(String scheme, String key, String principal, String authority, String keyName) {
        this.scheme = scheme;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.principal = principal;
        this.authority = authority;
        this.invalid = "{\"error\":\"unauthorized\",\"message\":\"the " + keyName + " is not valid\"}";
    }

    /** Per scheme: several instances of this class run in one chain, and each must run once. */
    @Override
    protected String getAlreadyFilteredAttributeName() {
        return SharedKeyFilter.class.getName() + "." + scheme.strip() + ".FILTERED";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] presented = header.substring(scheme.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (key.length == 0 || !MessageDigest.isEqual(key, presented)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/json");
            response.getWriter().write(invalid);
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority(authority))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
