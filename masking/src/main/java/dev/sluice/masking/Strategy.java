package dev.sluice.masking;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a sensitive value (a whole column value or one detector hit inside a text) is replaced. The names are
 * those of the policy bundle; see {@code dev.sluice.contracts.decision.MaskSpec}.
 */
public sealed interface Strategy {

    /** The fixed replacement of {@code redact}. */
    String REDACTED = "****";

    /** The replacement of {@code value}, or null for SQL NULL. */
    String apply(String value);

    /** {@code redact}: a fixed {@code ****}, so not even the length leaks. */
    record Redact() implements Strategy {
        @Override
        public String apply(String value) {
            return REDACTED;
        }
    }

    /** {@code partial:N}: every letter and digit but the last {@code keep} becomes {@code *}; separators stay. */
    record Partial(int keep) implements Strategy {
        @Override
        public String apply(String value) {
            int alnum = 0;
            for (int i = 0; i < value.length(); i++) {
                if (Character.isLetterOrDigit(value.charAt(i))) {
                    alnum++;
                }
            }
            var out = new StringBuilder(value.length());
            int seen = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isLetterOrDigit(c)) {
                    seen++;
                    out.append(seen > alnum - keep ? c : '*');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /** {@code hash}: hex HMAC-SHA-256 under the proxy's key, so equal values still join and group. */
    record Hash(MaskingKey key) implements Strategy {
        @Override
        public String apply(String value) {
            return HexFormat.of().formatHex(key.hmac(value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** {@code null}: the value becomes SQL NULL. */
    record Null() implements Strategy {
        @Override
        public String apply(String value) {
            return null;
        }
    }

    /**
     * {@code format}: same length and shape — each digit becomes a digit, each ASCII letter a letter of the
     * same case, everything else stays — derived from the keyed hash so that equal values map equally.
     */
    record Format(MaskingKey key) implements Strategy {
        @Override
        public String apply(String value) {
            byte[] stream = key.stream(value.getBytes(StandardCharsets.UTF_8), value.length());
            var out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                int r = stream[i] & 0xff;
                if (c >= '0' && c <= '9') {
                    out.append((char) ('0' + r % 10));
                } else if (c >= 'a' && c <= 'z') {
                    out.append((char) ('a' + r % 26));
                } else if (c >= 'A' && c <= 'Z') {
                    out.append((char) ('A' + r % 26));
                } else if (Character.isLetterOrDigit(c)) {
                    // Non-ASCII letters and digits are not kept either: they would leak the value.
                    out.append('*');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /**
     * Parses a strategy name; unknown or malformed names fail closed as {@code redact}.
     *
     * @param spec {@code redact}, {@code partial:N}, {@code hash}, {@code null} or {@code format}
     * @param key  the key for {@code hash} and {@code format}
     */
    static Strategy parse(String spec, MaskingKey key) {
        String name = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("partial:")) {
            try {
                int keep = Integer.parseInt(name.substring("partial:".length()));
                return keep >= 0 ? new Partial(keep) : new Redact();
            } catch (NumberFormatException e) {
                return new Redact();
            }
        }
        return switch (name) {
            case "hash" -> new Hash(key);
            case "null" -> new Null();
            case "format" -> new Format(key);
            default -> new Redact();
        };
    }
}
