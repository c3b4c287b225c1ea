package dev.sluice.proxy.core;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps {@link DecisionCache} bound to the live policy version by long-polling policy-service. When the
 * version changes the cache is emptied; when policy-service cannot be reached the cache is emptied and
 * stays off until it answers again, so that every statement is then denied (fail closed) instead of being
 * served from a stale allow.
 */
public final class PolicyVersionWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PolicyVersionWatcher.class);
    private static final Duration LONG_POLL = Duration.ofSeconds(25);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final PolicyClient policy;
    private final DecisionCache cache;
    private volatile Thread thread;
    private volatile boolean running;

    public PolicyVersionWatcher(PolicyClient policy, DecisionCache cache) {
        this.policy = policy;
        this.cache = cache;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("policy-version-watcher").start(this::watch);
    }

    private void watch() {
        String known = null;
        boolean reportedDown = false;
        while (running) {
            try {
                String version = policy.awaitVersion(known, LONG_POLL);
                if (!version.equals(known)) {
                    log.info("policy version {} in force; decision cache reset", version);
                }
                cache.useVersion(version);
                known = version;
                reportedDown = false;
            } catch (IOException e) {
                cache.invalidate();
                known = null;
                if (!reportedDown) {
                    log.warn("policy-service unreachable ({}); decision cache off until it answers", e.toString());
                    reportedDown = true;
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
