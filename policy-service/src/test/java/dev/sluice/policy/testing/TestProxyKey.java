package dev.sluice.policy.testing;

/** The gateway key the HTTP tests configure and send ({@code sluice.policy.security.proxy-key}). */
public final class TestProxyKey {

    /** The key itself. */
    public static final String KEY = "test-proxy-key-5f1c";
    /** The property that configures it, as a Spring property assignment. */
    public static final String PROPERTY = "sluice.policy.security.proxy-key=" + KEY;
    /** The command-line argument that configures it. */
    public static final String ARGUMENT = "--" + PROPERTY;
    /** The {@code Authorization} header value that presents it. */
    public static final String HEADER = "SluiceProxy " + KEY;

    private TestProxyKey() {}
}
