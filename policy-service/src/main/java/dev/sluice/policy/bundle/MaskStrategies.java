package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.MaskSpec;
import java.util.Comparator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The masking strategies and built-in detector names a bundle may use, exactly as documented on
 * {@link MaskSpec} (the proxy applies them), and which of two strategies reveals less.
 */
public final class MaskStrategies {

    /** Built-in detector names; custom detectors are {@code custom:<name>}. */
    public static final Set<String> DETECTORS = Set.of(
            "card", "ssn", "email", "phone", "iban", "aws-key", "github-token", "gitlab-token", "jwt", "private-key");

    /** Prefix of a custom detector's name in a {@link MaskSpec}. */
    public static final String CUSTOM_PREFIX = "custom:";

    private static final Pattern PARTIAL = Pattern.compile("partial:([1-9][0-9]?)");
    private static final Pattern CUSTOM_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** Most revealing last: partial reveals its last N characters, format the shape, hash equality. */
    private static final Comparator<String> STRICTEST_FIRST = Comparator.comparingInt(MaskStrategies::revealed);

    private MaskStrategies() {}

    /** Whether {@code strategy} is {@code redact}, {@code partial:N} (1 ≤ N ≤ 32), {@code hash}, {@code null} or {@code format}. */
    public static boolean isValid(String strategy) {
        return switch (strategy) {
            case "redact", "hash", "null", "format" -> true;
            default -> {
                Matcher partial = PARTIAL.matcher(strategy);
                yield partial.matches() && Integer.parseInt(partial.group(1)) >= 1 && Integer.parseInt(partial.group(1)) <= 32;
            }
        };
    }

    /** Whether {@code name} may name a custom detector: lower-case letters, digits, {@code _} and {@code -}. */
    public static boolean isValidCustomName(String name) {
        return CUSTOM_NAME.matcher(name).matches();
    }

    /** The strategy of the two that reveals less (equal strictness: {@code a}). */
    public static String stricter(String a, String b) {
        return STRICTEST_FIRST.compare(b, a) < 0 ? b : a;
    }

    /**
     * How much a strategy reveals, for choosing between two masking rules that mask the same column or detector
     * differently: redact and null reveal nothing (null keeps a value's absence apart from its content, so redact
     * comes first), hash reveals equality, format equality and shape, partial:N its last N characters on top.
     */
    private static int revealed(String strategy) {
        return switch (strategy) {
            case "redact" -> 0;
            case "null" -> 1;
            case "hash" -> 2;
            case "format" -> 3;
            default -> {
                Matcher partial = PARTIAL.matcher(strategy);
                yield partial.matches() ? 100 + Integer.parseInt(partial.group(1)) : 0;
            }
        };
    }
}
