package dev.sluice.proxy.postgres.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.masking.MaskCounts;
import dev.sluice.masking.MaskingKey;
import dev.sluice.masking.Strategy;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskPlanTest {
    private static final MaskingKey KEY = MaskingKey.random();

    @Test
    void buildsColumnRulesInLowerCaseAndDetectorRulesWithCustomPatterns() {
        MaskPlan plan = MaskPlan.of(List.of(new MaskSpec("Public.Customers.SSN", null, "redact"),
                new MaskSpec(null, "card", "partial:4"),
                new MaskSpec(null, "custom:emp", "format", "EMP-[0-9]{6}")), KEY);
        assertThat(plan.invalid()).isNull();
        assertThat(plan.columns()).containsOnlyKeys("public.customers.ssn");
        assertThat(plan.columns().get("public.customers.ssn").strategy()).isInstanceOf(Strategy.Redact.class);
        var counts = new MaskCounts();
        assertThat(plan.scanner().mask("EMP-123456 / 4111111111111111", counts))
                .matches("[A-Z]{3}-[0-9]{6} / \\*{12}1111").doesNotContain("EMP-123456");
        assertThat(counts.snapshot()).containsOnlyKeys("detector:custom:emp", "detector:card");
    }

    @Test
    void anUnknownDetectorMakesThePlanInvalidSoThatResultsAreRefused() {
        MaskPlan plan = MaskPlan.of(List.of(new MaskSpec(null, "telepathy", "redact")), KEY);
        assertThat(plan.invalid()).contains("telepathy");
        var masker = new MaskingSession(MaskingSettings.defaults(), () -> {
            throw new IllegalStateException("no catalog needed");
        }).forQuery(plan);
        assertThat(masker.refusal()).contains("invalid");
    }

    @Test
    void binaryIntegersAndNumericsAreDecodedForDetectors() {
        MaskPlan plan = MaskPlan.of(List.of(new MaskSpec(null, "card", "redact")), KEY);
        byte[] card = ByteBuffer.allocate(8).putLong(4111111111111111L).array();
        byte[] small = ByteBuffer.allocate(8).putLong(42L).array();
        assertThat(BinaryValues.sensitive(plan.scanner(), 20, card, 0, 8)).isTrue();
        assertThat(BinaryValues.sensitive(plan.scanner(), 20, small, 0, 8)).isFalse();
        // numeric 4111111111111111: 4 base-10000 digits 4111 1111 1111 1111, weight 3
        var numeric = ByteBuffer.allocate(16).putShort((short) 4).putShort((short) 3).putShort((short) 0)
                .putShort((short) 0).putShort((short) 4111).putShort((short) 1111).putShort((short) 1111)
                .putShort((short) 1111).array();
        assertThat(BinaryValues.sensitive(plan.scanner(), 1700, numeric, 0, 16)).isTrue();
        byte[] text = "x 4111111111111111".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(BinaryValues.sensitive(plan.scanner(), 1009, text, 0, text.length)).isTrue();
    }
}
