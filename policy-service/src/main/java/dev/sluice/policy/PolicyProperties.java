package dev.sluice.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Policy service settings ({@code sluice.policy.*}).
 *
 * @param bundlePath directory holding the policy bundle's {@code *.yaml}/{@code *.yml} files, or
 *                   {@code classpath:some/dir/}; unset (the default) loads the built-in demo bundle from
 *                   {@code classpath:policy-bundles/demo/}
 */
@ConfigurationProperties(prefix = "sluice.policy")
public record PolicyProperties(String bundlePath) {}
