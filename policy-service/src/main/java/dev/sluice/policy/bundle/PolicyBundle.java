package dev.sluice.policy.bundle;

import java.util.List;
import java.util.Objects;

/**
 * A loaded, validated policy bundle.
 *
 * @param version content hash: SHA-256 over the sorted file names and contents, first 16 hex digits
 * @param files   the file names it was read from, sorted
 * @param rules   the rules in file order, then document order
 */
public record PolicyBundle(String version, List<String> files, List<PolicyRule> rules) {
    public PolicyBundle {
        Objects.requireNonNull(version, "version");
        files = List.copyOf(files);
        rules = List.copyOf(rules);
    }
}
