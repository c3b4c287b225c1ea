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
import java.util.concurrent.ConcurrentHashMap;

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
    private static final Masking NONE_MATCHED = NONE;
    private static final Masking NONE_UNCACHEABLE = new Masking(List.of(), List.of(), true, null);

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
        List<MaskingRule> matched = new ArrayList<>(2);
        List<String> matchedIds = new ArrayList<>(2);
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
            matched.add(rule);
            matchedIds.add(rule.id());
        }
        if (matched.isEmpty()) {
            return uncacheable ? NONE_UNCACHEABLE : NONE_MATCHED;
        }
        // The masking follows from the set of matching rules alone: build it once per set and bundle.
        Memo memo = Masking.memo;
        if (memo == null || memo.bundle != bundle) {
            memo = new Memo(bundle, new ConcurrentHashMap<>());
            Masking.memo = memo;
        }
        Memo.Key key = new Memo.Key(matchedIds, uncacheable);
        Masking masking = memo.bySet.get(key);
        if (masking == null) {
            masking = build(matched, uncacheable);
            if (memo.bySet.size() < Memo.MAX_SETS) {
                memo.bySet.putIfAbsent(key, masking);
            }
        }
        return masking;
    }

    private static Masking build(List<MaskingRule> matched, boolean uncacheable) {
        Map<String, MaskSpec> byTarget = new LinkedHashMap<>();
        List<String> ruleIds = new ArrayList<>();
        for (MaskingRule rule : matched) {
            ruleIds.add(rule.id());
            for (MaskSpec spec : rule.masks()) {
                byTarget.merge(key(spec), spec, (a, b) -> MaskStrategies.stricter(a.strategy(), b.strategy()).equals(a.strategy()) ? a : b);
            }
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

    /**
     * The maskings of the bundle in force, by the masking rules that matched (at most {@value #MAX_SETS} sets; more
     * are built every time). Replaced whenever another bundle is asked about.
     */
    private record Memo(PolicyBundle bundle, ConcurrentHashMap<Key, Masking> bySet) {
        static final int MAX_SETS = 1024;

        /** The ids of the matching rules (unique within a bundle), in bundle order. */
        record Key(List<String> ruleIds, boolean uncacheable) {}
    }

    private static volatile Memo memo;

    private static String key(MaskSpec spec) {
        return spec.column() != null ? "c:" + spec.column() : "d:" + spec.detector();
    }
}
