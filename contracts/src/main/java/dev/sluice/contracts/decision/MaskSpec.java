package dev.sluice.contracts.decision;

/**
 * One masking instruction attached to a MASK decision: either a column rule or a detector rule.
 *
 * <p>Strategies (the proxy applies them; unknown strategies fail closed as {@code redact}):
 * <ul>
 *   <li>{@code redact} — the value becomes {@code ****};</li>
 *   <li>{@code partial:N} — all but the last {@code N} letters and digits become {@code *}, separators kept
 *       (e.g. {@code partial:4} turns {@code 4111-1111-1111-1234} into {@code ****-****-****-1234});</li>
 *   <li>{@code hash} — keyed HMAC-SHA-256 (key held by the proxy), hex, so equal values still join;</li>
 *   <li>{@code null} — the value becomes SQL NULL;</li>
 *   <li>{@code format} — format-preserving: every digit becomes a digit and every letter a letter, derived
 *       from the keyed hash, same length and separators.</li>
 * </ul>
 *
 * @param column   {@code schema.table.column} (lower case) the rule applies to, or null for a detector rule
 * @param detector detector name ({@code card}, {@code ssn}, {@code email}, {@code phone}, {@code iban},
 *                 {@code aws-key}, {@code github-token}, {@code gitlab-token}, {@code jwt}, {@code private-key},
 *                 or {@code custom:<name>}), or null for a column rule
 * @param strategy one of the strategies above
 * @param pattern  for a {@code custom:<name>} detector, its Java regular expression; null otherwise
 */
public record MaskSpec(String column, String detector, String strategy, String pattern) {

    /** A column or built-in detector rule without a pattern. */
    public MaskSpec(String column, String detector, String strategy) {
        this(column, detector, strategy, null);
    }
}
