package dev.sluice.policy.decision;

import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.policy.bundle.MaskStrategies;
import dev.sluice.policy.bundle.MaskingRule;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.sql.MaskingAnalyzer;
import dev.sluice.sql.MaskingVerdict;
import dev.sluice.sql.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The masking that applies to one request: the union of the instructions of every masking rule whose identity
 * and connection conditions hold. When two rules mask the same column or detector differently, the strategy that
 * reveals less wins ({@link MaskStrategies#stricter}), so adding a masking rule can never unmask anything.
 *
 * @param masks            column instructions sorted by column, then detectors sorted by name
 * @param ruleIds          the matching masking rules, in bundle order
 * @param uncacheable      whether a {@code subjects} or {@code time} condition was consulted (neither the subject
 *                         nor the time is part of a proxy's cache key)
 * @param analyzer         checks that masked columns leave a statement only as plain output columns (where wire
 *                         masking covers them); null when no column is masked
 */
record Masking(List<MaskSpec> masks, List<String> ruleIds, boolean uncacheable, MaskingAnalyzer analyzer) {

    static final Masking NONE = new Masking(List.of(), List.of(), false, null);

    private static final Comparator<MaskSpec> ORDER = Comparator
            .comparing((MaskSpec m) -> m.column() == null)
            .thenComparing(m -> m.column() == null ? "" : m.column())
            .thenComparing(m -> m.detector() == null ? "" : m.detector());

    Masking {
        masks = List.copyOf(masks);
        ruleIds = List.copyOf(ruleIds);
    }

    boolean isEmpty() {
        return masks.isEmpty();
    }

    /**
     * Whether masked columns are used in {@code statement} only where wire masking covers them. Never throws: an
     * analysis that fails is {@link MaskingVerdict.Unknown}, which the caller denies.
     */
    MaskingVerdict check(List<Token> statement) {
        if (analyzer == null) {
            return MaskingVerdict.SAFE;
        }
        try {
            return analyzer.analyze(statement);
        } catch (RuntimeException e) {
            return new MaskingVerdict.Unknown("the statement could not be analysed for masked columns");
        }
    }

    /** The masking of {@code bundle} for the identity and connection of {@code request}. */
    static Masking of(PolicyBundle bundle, Conditions.Context context) {
        if (bundle.masking().isEmpty()) {
            return NONE;
        }
        Map<String, MaskSpec> byTarget = new LinkedHashMap<>();
        List<String> ruleIds = new ArrayList<>();
        boolean uncacheable = false;
        for (MaskingRule rule : bundle.masking()) {
            if (!Conditions.contextMatches(rule.match(), context)) {
                continue;
            }
            if (!rule.match().subjects().isEmpty()) {
                uncacheable = true;
                if (!rule.match().subjects().contains(context.request().identity().subject())) {
                    continue;
                }
            }
            if (rule.match().time() != null) {
                uncacheable = true;
                if (!rule.match().time().contains(context.now())) {
                    continue;
                }
            }
            ruleIds.add(rule.id());
            for (MaskSpec spec : rule.masks()) {
                byTarget.merge(key(spec), spec, (a, b) -> MaskStrategies.stricter(a.strategy(), b.strategy()).equals(a.strategy()) ? a : b);
            }
        }
        if (ruleIds.isEmpty()) {
            return new Masking(List.of(), List.of(), uncacheable, null);
        }
        Set<String> columns = new LinkedHashSet<>();
        for (MaskSpec spec : byTarget.values()) {
            if (spec.column() != null) {
                columns.add(spec.column());
            }
        }
        return new Masking(byTarget.values().stream().sorted(ORDER).toList(), ruleIds, uncacheable,
                columns.isEmpty() ? null : new MaskingAnalyzer(columns));
    }

    private static String key(MaskSpec spec) {
        return spec.column() != null ? "c:" + spec.column() : "d:" + spec.detector();
    }
}
