package dev.sluice.cli.oauth;

import java.time.Duration;

/** Waits between polls; tests substitute one that does not wait on the wall clock. */
@FunctionalInterface
public interface Sleeper {
    /** Waits {@code duration}, or less when interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real one. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration);
    }
}
