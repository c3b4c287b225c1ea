package dev.sluice.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrategyTest {
    private static final MaskingKey KEY = MaskingKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final MaskingKey OTHER = MaskingKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));

    @Test
    void redactHidesEvenTheLength() {
        assertThat(Strategy.parse("redact", KEY).apply("123-45-6789")).isEqualTo("****");
    }

    @Test
    void partialKeepsTheLastLettersAndDigitsAndTheSeparators() {
        assertThat(Strategy.parse("partial:4", KEY).apply("4111-1111-1111-1234")).isEqualTo("****-****-****-1234");
        assertThat(Strategy.parse("partial:0", KEY).apply("ab-12")).isEqualTo("**-**");
        assertThat(Strategy.parse("partial:9", KEY).apply("12")).isEqualTo("12");
    }

    @Test
    void hashIsKeyedDeterministicHmac() {
        Strategy hash = Strategy.parse("hash", KEY);
        assertThat(hash.apply("123-45-6789")).hasSize(64).matches("[0-9a-f]+")
                .isEqualTo(hash.apply("123-45-6789")).isNotEqualTo(hash.apply("123-45-6788"))
                .isNotEqualTo(Strategy.parse("hash", OTHER).apply("123-45-6789"));
    }

    @Test
    void formatPreservesShapeButNotDigits() {
        Strategy format = Strategy.parse("format", KEY);
        String masked = format.apply("4111-1111-1111-1234 Ab");
        assertThat(masked).matches("[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4} [A-Z][a-z]").isNotEqualTo("4111-1111-1111-1234 Ab")
                .isEqualTo(format.apply("4111-1111-1111-1234 Ab"));
        assertThat(format.apply("x".repeat(100))).hasSize(100);
    }

    @Test
    void nullAndUnknownStrategies() {
        assertThat(Strategy.parse("null", KEY).apply("x")).isNull();
        assertThat(Strategy.parse("rot13", KEY)).isInstanceOf(Strategy.Redact.class);
        assertThat(Strategy.parse("partial:x", KEY)).isInstanceOf(Strategy.Redact.class);
        assertThat(Strategy.parse(null, KEY)).isInstanceOf(Strategy.Redact.class);
        assertThat(KEY.toString()).doesNotContain("0123");
    }
}
