package dev.sluice.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.event.EventChain;
import org.junit.jupiter.api.Test;

class EventChainTest {

    @Test
    void hashIsStableAndDependsOnEveryField() {
        String base = EventChain.hash(EventChain.GENESIS, "id-1", "t", "s", 1, "2026-01-01T00:00:00Z", "{}");
        assertThat(base).hasSize(64).isEqualTo(
                EventChain.hash(EventChain.GENESIS, "id-1", "t", "s", 1, "2026-01-01T00:00:00Z", "{}"));
        assertThat(EventChain.hash(EventChain.GENESIS, "id-1", "t", "s", 2, "2026-01-01T00:00:00Z", "{}"))
                .isNotEqualTo(base);
        assertThat(EventChain.hash(EventChain.GENESIS, "id-1", "t", "s", 1, "2026-01-01T00:00:00Z", "{\"a\":1}"))
                .isNotEqualTo(base);
        assertThat(EventChain.hash(base, "id-1", "t", "s", 1, "2026-01-01T00:00:00Z", "{}"))
                .isNotEqualTo(base);
    }

    @Test
    void unknownEffectsAreNotGuessed() {
        assertThat(Effect.fromWire("ALLOW")).contains(Effect.ALLOW);
        assertThat(Effect.fromWire("allow")).isEmpty();
        assertThat(Effect.fromWire("PERMIT")).isEmpty();
        assertThat(Effect.fromWire(null)).isEmpty();
    }

    @Test
    void strictestEffectWins() {
        assertThat(Effect.ALLOW.strictest(Effect.DENY)).isEqualTo(Effect.DENY);
        assertThat(Effect.DENY.strictest(Effect.ALLOW)).isEqualTo(Effect.DENY);
        assertThat(Effect.MASK.strictest(Effect.REQUIRE_APPROVAL)).isEqualTo(Effect.REQUIRE_APPROVAL);
    }
}
