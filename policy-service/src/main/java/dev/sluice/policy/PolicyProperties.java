package dev.sluice.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Policy service settings ({@code sluice.policy.*}).
 *
 * @param bundlePath     directory holding the policy bundle's {@code *.yaml}/{@code *.yml} files, or
 *                       {@code classpath:some/dir/}; unset (the default) loads the built-in demo bundle from
 *                       {@code classpath:policy-bundles/demo/}
 * @param watch          whether a filesystem bundle directory is watched and hot-reloaded (default true;
 *                       classpath bundles never change)
 * @param reloadDebounce how long changes must settle before a reload (default 500ms), so that an editor's or
 *                       {@code kubectl}'s burst of writes leads to one reload of the finished files
 */
@ConfigurationProperties(prefix = "sluice.policy")
public record PolicyProperties(String bundlePath, @DefaultValue("true") boolean watch, @DefaultValue("500ms") Duration reloadDebounce) {}
