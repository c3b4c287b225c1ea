package dev.sluice.proxy.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BindingHashTest {
    private static final String BASE = BindingHash.of("demo", "alice", "s-1", "Query", "DELETE FROM t WHERE id = 1", List.of());

    @Test
    void isLowercaseHexSha256AndStable() {
        assertThat(BASE).matches("[0-9a-f]{64}")
                .isEqualTo(BindingHash.of("demo", "alice", "s-1", "Query", "DELETE FROM t WHERE id = 1", List.of()));
    }

    @Test
    void changesWithEveryBoundField() {
        assertThat(List.of(
                BindingHash.of("demo", "alice", "s-1", "Query", "DELETE FROM t WHERE id = 2", List.of()),
                BindingHash.of("prod", "alice", "s-1", "Query", "DELETE FROM t WHERE id = 1", List.of()),
                BindingHash.of("demo", "bob", "s-1", "Query", "DELETE FROM t WHERE id = 1", List.of()),
                BindingHash.of("demo", "alice", "s-2", "Query", "DELETE FROM t WHERE id = 1", List.of()),
                BindingHash.of("demo", "alice", "s-1", "Parse", "DELETE FROM t WHERE id = 1", List.of()),
                BindingHash.of("demo", "alice", "s-1", "Query", "DELETE FROM t WHERE id = 1", List.of("23"))))
                .doesNotContain(BASE).doesNotHaveDuplicates();
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        assertThat(BindingHash.of("demo", "alice", "s-1", "Query", "x", List.of()))
                .isNotEqualTo(BindingHash.of("demoa", "lice", "s-1", "Query", "x", List.of()));
    }
}
