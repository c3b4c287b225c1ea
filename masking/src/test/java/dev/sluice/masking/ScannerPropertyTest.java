package dev.sluice.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random texts built from the characters detectors care about: the scanner never fails and masking is final. */
class ScannerPropertyTest {
    private static final String ALPHABET = "0123456789 -.+()@_AKIASeyJglpat-ghp_xyzQW\n-----BEGIN PRIVATE KEY-----é✓";

    @Test
    void maskingNeverThrowsAndLeavesNothingToFindAgain() {
        MaskingKey key = MaskingKey.random();
        Scanner scanner = new Scanner(Detectors.BUILT_IN.stream()
                .map(name -> new Scanner.Rule("detector:" + name, Detectors.named(name, null),
                        Strategy.parse("redact", key)))
                .toList());
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            var text = new StringBuilder();
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (random.nextInt(10) == 0) {
                text.insert(random.nextInt(text.length() + 1), List.of("4111 1111 1111 1111", "123-45-6789",
                        "a@example.com", "+14155550123", "AKIAIOSFODNN7EXAMPLE").get(random.nextInt(5)));
            }
            String value = text.toString();
            MaskCounts first = new MaskCounts();
            String masked = scanner.mask(value, first);
            MaskCounts second = new MaskCounts();
            assertThat(scanner.mask(masked, second)).as(value).isEqualTo(masked);
            assertThat(second.isEmpty()).as("masking %s left a hit in %s", value, masked).isTrue();
        }
    }
}
