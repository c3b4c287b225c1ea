package dev.sluice.contracts.event;

/**
 * Payload of {@code sluice.session.ended}.
 *
 * @param sessionId      gateway session id
 * @param reason         why it ended: {@code client-terminate}, {@code client-disconnect}, {@code upstream-closed},
 *                       {@code protocol-error}, {@code shutdown}
 * @param commands       commands decided during the session
 * @param durationMillis session length
 */
public record SessionEnded(String sessionId, String reason, long commands, long durationMillis) {}
