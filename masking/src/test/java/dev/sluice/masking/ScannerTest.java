package dev.sluice.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScannerTest {
    private static final MaskingKey KEY = MaskingKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private static Scanner scanner(String strategy, String... detectors) {
        return new Scanner(java.util.Arrays.stream(detectors)
                .map(d -> new Scanner.Rule("detector:" + d, Detectors.named(d, null), Strategy.parse(strategy, KEY)))
                .toList());
    }

    @Test
    void replacesEveryHitInsideAValueAndCountsThem() {
        var counts = new MaskCounts();
        String masked = scanner("redact", "card", "ssn", "email").mask(
                "ssn 123-45-6789, card 4111 1111 1111 1111, mail a@example.com; ssn 078-05-1120", counts);
        assertThat(masked).isEqualTo("ssn ****, card ****, mail ****; ssn ****");
        assertThat(counts.snapshot()).containsEntry("detector:ssn", 2L).containsEntry("detector:card", 1L)
                .containsEntry("detector:email", 1L);
    }

    @Test
    void returnsTheSameInstanceWhenNothingIsSensitive() {
        var counts = new MaskCounts();
        String value = "Ana López, 2024-01-15, order 42 — ünïcødé";
        assertThat(scanner("redact", "card", "ssn", "email", "phone", "iban", "aws-key", "jwt").mask(value, counts))
                .isSameAs(value);
        assertThat(counts.isEmpty()).isTrue();
    }

    @Test
    void nullStrategyTurnsTheWholeValueIntoNull() {
        assertThat(scanner("null", "ssn").mask("x 123-45-6789 y", new MaskCounts())).isNull();
    }

    @Test
    void keepsMultibyteTextAroundHits() {
        assertThat(scanner("partial:4", "card").mask("carte № 4111-1111-1111-1111 — ok", new MaskCounts()))
                .isEqualTo("carte № ****-****-****-1111 — ok");
    }

    @Test
    void precheckRejectsBytesThatCannotMatch() {
        byte[] plain = "Ana López".getBytes(StandardCharsets.UTF_8);
        byte[] card = "4111111111111111".getBytes(StandardCharsets.UTF_8);
        Scanner scanner = scanner("redact", "card", "ssn");
        assertThat(scanner.mayMatch(plain, 0, plain.length)).isFalse();
        assertThat(scanner.mayMatch(card, 0, card.length)).isTrue();
        assertThat(new Scanner(List.of()).mayMatch(card, 0, card.length)).isFalse();
    }
}
