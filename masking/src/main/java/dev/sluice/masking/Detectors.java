package dev.sluice.masking;

import static dev.sluice.masking.TextProfile.F_AT;
import static dev.sluice.masking.TextProfile.F_DASH;
import static dev.sluice.masking.TextProfile.F_DOT;
import static dev.sluice.masking.TextProfile.F_LOWER;
import static dev.sluice.masking.TextProfile.F_PAREN;
import static dev.sluice.masking.TextProfile.F_PLUS;
import static dev.sluice.masking.TextProfile.F_SPACE;
import static dev.sluice.masking.TextProfile.F_UNDERSCORE;
import static dev.sluice.masking.TextProfile.F_UPPER;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The built-in detectors, by the names policy bundles use, and custom regular-expression detectors. */
public final class Detectors {
    /** Names of the built-in detectors. */
    public static final List<String> BUILT_IN = List.of("card", "ssn", "email", "phone", "iban", "aws-key",
            "github-token", "gitlab-token", "jwt", "private-key");

    /** Payment card numbers: 13–19 digits, optionally grouped by spaces or dashes, with a valid Luhn digit (ISO/IEC 7812-1). */
    public static final Detector CARD = new PatternDetector("card", p -> p.maxRun() >= 13,
            Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])"),
            text -> {
                String digits = PatternDetector.only(text, Character::isDigit);
                return digits.length() >= 13 && digits.length() <= 19 && consistentSeparators(text) && luhn(digits);
            });

    /** US social security numbers AAA-GG-SSSS (or space-separated), excluding never-issued areas 000, 666 and 9xx, group 00 and serial 0000. */
    public static final Detector SSN = new SsnDetector();

    /** E-mail addresses (the common dot-atom form of RFC 5322 section 3.4.1). */
    public static final Detector EMAIL = new PatternDetector("email", p -> p.has(F_AT) && p.has(F_DOT),
            Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"
                    + "(?![A-Za-z0-9-])"),
            text -> true, "@");

    /**
     * Phone numbers: E.164 ({@code +14155550123}, ITU-T E.164 section 6), international numbers with separators
     * ({@code +44 20 7946 0958}) and the common national forms: North American {@code (415) 555-0123},
     * {@code 415-555-0123}, {@code 1-415-555-0123}, UK {@code 020 7946 0958}, French {@code 01 23 45 67 89}.
     */
    public static final Detector PHONE = new PatternDetector("phone",
            p -> p.digits() >= 8 && (p.has(F_PLUS) || p.has(F_PAREN) || p.has(F_DASH) || p.has(F_SPACE)
                    || p.has(F_DOT)),
            Pattern.compile("(?<![0-9A-Za-z+.-])(?:\\+[0-9]{1,3}[ .-]?)?(?:\\([0-9]{1,4}\\)[ .-]?)?[0-9]{1,14}"
                    + "(?:[ .-][0-9]{2,5}){0,4}(?![0-9]|[.-][0-9])"),
            Detectors::phone);

    /** International bank account numbers (ISO 13616) with a valid mod-97 check, compact or in groups of four. */
    public static final Detector IBAN = new PatternDetector("iban", p -> p.has(F_UPPER) && p.digits() >= 6,
            Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])"),
            Detectors::iban);

    /** AWS access key ids: a four-letter type prefix (AKIA for long-term, ASIA for temporary, ...) and 16 more. */
    public static final Detector AWS_KEY = new PatternDetector("aws-key", p -> p.has(F_UPPER),
            Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}"
                    + "(?![A-Z0-9])"),
            text -> true, "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA", "ASCA");

    /** GitHub tokens: classic ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}) and fine-grained ({@code github_pat_}). */
    public static final Detector GITHUB_TOKEN = new PatternDetector("github-token",
            p -> p.has(F_UNDERSCORE | F_LOWER),
            Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})"
                    + "(?![A-Za-z0-9_])"),
            text -> true, "gh", "github_pat_");

    /** GitLab tokens: personal, deploy, runner and feed tokens ({@code glpat-}, {@code gldt-}, {@code glrt-}, {@code glft-}). */
    public static final Detector GITLAB_TOKEN = new PatternDetector("gitlab-token", p -> p.has(F_DASH | F_LOWER),
            Pattern.compile("(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ft|soat|ptt)-[A-Za-z0-9_-]{20,}"),
            text -> true, "gl");

    /** JSON Web Tokens in compact serialization (RFC 7519 section 3; header and claims are base64url JSON objects). */
    public static final Detector JWT = new PatternDetector("jwt", p -> p.has(F_DOT | F_UPPER | F_LOWER),
            Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}\\.eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"),
            text -> true, ".eyJ");

    /** PEM private keys (RFC 7468 section 10 and the OpenSSH/PKCS#1 variants), up to the END line or the end of the value. */
    public static final Detector PRIVATE_KEY = new PatternDetector("private-key", p -> p.has(F_DASH | F_UPPER),
            Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?"
                    + "(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\\z)"),
            text -> true, "PRIVATE KEY");

    private Detectors() {}

    /**
     * The detector for a rule.
     *
     * @param name    a built-in name or {@code custom:<name>}
     * @param pattern the regular expression of a custom detector, else ignored
     * @throws IllegalArgumentException for an unknown name or an invalid custom pattern
     */
    public static Detector named(String name, String pattern) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "card" -> CARD;
            case "ssn" -> SSN;
            case "email" -> EMAIL;
            case "phone" -> PHONE;
            case "iban" -> IBAN;
            case "aws-key" -> AWS_KEY;
            case "github-token" -> GITHUB_TOKEN;
            case "gitlab-token" -> GITLAB_TOKEN;
            case "jwt" -> JWT;
            case "private-key" -> PRIVATE_KEY;
            default -> {
                if (key.startsWith("custom:") && pattern != null && !pattern.isEmpty()) {
                    yield custom(key, pattern);
                }
                throw new IllegalArgumentException("unknown detector \"" + name + "\"");
            }
        };
    }

    /** A detector for a custom regular expression; every match is a hit. */
    public static Detector custom(String name, String regex) {
        try {
            return new PatternDetector(name, p -> true, Pattern.compile(regex), text -> true);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("detector \"" + name + "\" has an invalid pattern: " + e.getDescription());
        }
    }

    /** Luhn mod-10 check (ISO/IEC 7812-1 annex B). */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** A grouped card number uses one kind of separator, never two in a row (a list of numbers is not a card). */
    private static boolean consistentSeparators(String text) {
        return !(text.indexOf(' ') >= 0 && text.indexOf('-') >= 0);
    }

    /** ISO 7064 mod 97-10 as ISO 13616 applies it: move the first four characters to the end, letters to numbers. */
    static boolean iban(String text) {
        String compact = PatternDetector.only(text, c -> c != ' ');
        if (compact.length() < 15 || compact.length() > 34) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        var numeric = new StringBuilder(rearranged.length() * 2);
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    private static boolean phone(String text) {
        String digits = PatternDetector.only(text, Character::isDigit);
        if (text.startsWith("+")) {
            // E.164 numbers have at most 15 digits; at least 8 keeps short codes out.
            return digits.length() >= 8 && digits.length() <= 15;
        }
        String shape = groups(text);
        return switch (shape) {
            case "3-3-4", "(3)3-4", "1-3-3-4", "1(3)3-4" -> digits.charAt(shape.startsWith("1") ? 1 : 0) >= '2';
            case "3-4-4", "4-3-4", "5-6", "5-3-3" -> digits.startsWith("0");
            case "2-2-2-2-2" -> digits.startsWith("0") && digits.charAt(1) != '0';
            default -> false;
        };
    }

    /** The digit-group shape of a candidate, e.g. {@code (415) 555-0123} → {@code (3)3-4}. */
    private static String groups(String text) {
        var shape = new StringBuilder();
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                run++;
                continue;
            }
            if (run > 0) {
                shape.append(run);
                run = 0;
                if (c != ')') {
                    shape.append('-');
                }
            }
            if (c == '(' || c == ')') {
                shape.append(c);
            }
        }
        if (run > 0) {
            shape.append(run);
        }
        return shape.toString().replace("--", "-").replace("-(", "(");
    }
}
