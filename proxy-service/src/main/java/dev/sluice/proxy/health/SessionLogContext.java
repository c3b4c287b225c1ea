package dev.sluice.proxy.health;

import org.slf4j.MDC;

/**
 * Puts a session's id and subject into the logging context ({@code sluice.session}, {@code sluice.subject}) of the
 * current thread, so that every log line of the session carries them (as fields of the JSON log format). The keys
 * are the ones policy-service and identity-adapter use, so one session can be followed across services.
 *
 * <p>Use it where a session's thread starts and when authentication names the subject:
 * {@code try (var context = SessionLogContext.open(sessionId, null)) { ... context.subject(subject); ... }}.
 * Only identifiers go here: never tokens, passwords or statement text.
 */
public final class SessionLogContext implements AutoCloseable {

    /** MDC key of the gateway session id. */
    public static final String SESSION = "sluice.session";
    /** MDC key of the identity's subject. */
    public static final String SUBJECT = "sluice.subject";

    private final String previousSession;
    private final String previousSubject;

    private SessionLogContext(String sessionId, String subject) {
        this.previousSession = MDC.get(SESSION);
        this.previousSubject = MDC.get(SUBJECT);
        put(SESSION, sessionId);
        put(SUBJECT, subject);
    }

    /** Sets the keys on this thread until {@link #close()}; a null value leaves its key unset. */
    public static SessionLogContext open(String sessionId, String subject) {
        return new SessionLogContext(sessionId, subject);
    }

    /** Names the subject once it is known (after authentication). */
    public void subject(String subject) {
        put(SUBJECT, subject);
    }

    /** Restores what the thread had before (normally nothing). */
    @Override
    public void close() {
        put(SESSION, previousSession);
        put(SUBJECT, previousSubject);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
