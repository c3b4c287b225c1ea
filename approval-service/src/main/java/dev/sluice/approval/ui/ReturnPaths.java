package dev.sluice.approval.ui;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a sign-in may return to: only paths of this service. Absolute URLs, scheme-relative {@code //host} and
 * the {@code /\host} form browsers treat alike are refused, so a crafted sign-in link cannot send a reviewer to
 * another site (an open redirect).
 */
final class ReturnPaths {
    /** A rooted path of ordinary URL characters; no backslashes, no control characters, no second leading slash. */
    private static final Pattern SAFE = Pattern.compile("/(?![/\\\\])[A-Za-z0-9\\-._~!$&'()*+,;=:@%/?]*");
    private static final int MAX_LENGTH = 2048;

    private ReturnPaths() {}

    /** {@code path} if it is a same-origin path, otherwise empty. */
    static Optional<String> sameOrigin(String path) {
        if (path == null || path.length() > MAX_LENGTH || !SAFE.matcher(path).matches()) {
            return Optional.empty();
        }
        return Optional.of(path);
    }
}
