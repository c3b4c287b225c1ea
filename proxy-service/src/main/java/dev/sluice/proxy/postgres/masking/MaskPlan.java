package dev.sluice.proxy.postgres.masking;

import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.masking.Detector;
import dev.sluice.masking.Detectors;
import dev.sluice.masking.MaskingKey;
import dev.sluice.masking.Scanner;
import dev.sluice.masking.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The masking a MASK decision asks for, ready to apply: column rules by {@code schema.table.column} and a
 * scanner for the detector rules. A detector the proxy does not know (or an invalid custom pattern) fails
 * closed: the plan refuses every value it would have had to scan.
 *
 * @param columns column rules by lower-case {@code schema.table.column}
 * @param scanner the detector rules
 * @param invalid why the plan cannot be applied, or null
 */
public record MaskPlan(Map<String, ColumnRule> columns, Scanner scanner, String invalid) {

    /**
     * One column rule.
     *
     * @param name     the rule name in the counts, {@code column:schema.table.column}
     * @param strategy how its values are replaced
     */
    public record ColumnRule(String name, Strategy strategy) {}

    /** Builds the plan of a decision's mask specs. */
    public static MaskPlan of(List<MaskSpec> specs, MaskingKey key) {
        Map<String, ColumnRule> columns = new LinkedHashMap<>();
        List<Scanner.Rule> rules = new ArrayList<>();
        String invalid = null;
        for (MaskSpec spec : specs) {
            Strategy strategy = Strategy.parse(spec.strategy(), key);
            if (spec.column() != null && !spec.column().isBlank()) {
                String column = spec.column().trim().toLowerCase(Locale.ROOT);
                columns.putIfAbsent(column, new ColumnRule("column:" + column, strategy));
            } else if (spec.detector() != null && !spec.detector().isBlank()) {
                try {
                    Detector detector = Detectors.named(spec.detector(), spec.pattern());
                    rules.add(new Scanner.Rule("detector:" + detector.name(), detector, strategy));
                } catch (IllegalArgumentException e) {
                    invalid = e.getMessage();
                }
            }
        }
        return new MaskPlan(Map.copyOf(columns), new Scanner(rules), invalid);
    }

    /**
     * The rule of attribute {@code attnum} of {@code relation}, or null: by the column's own name, by a view's base
     * columns (a view reading a masked column has all its columns masked), or by an ancestor's same-named column (a
     * partition or inheritance child). A relation the catalog cannot see is masked whole: fail closed.
     */
    public ColumnRule ruleFor(ColumnCatalog.Relation relation, int attnum) {
        if (relation == null) {
            return null;
        }
        if (!relation.found()) {
            // Not visible to the catalog connection (created in the client's open transaction): fail closed.
            return new ColumnRule("column:unresolved", new Strategy.Redact());
        }
        for (String source : relation.sources()) {
            ColumnRule rule = columns.get(source);
            if (rule != null) {
                return rule;
            }
        }
        String name = relation.columns().get(attnum);
        if (name == null) {
            return null;
        }
        ColumnRule rule = columns.get(name);
        String column = name.substring(name.lastIndexOf('.') + 1);
        for (int i = 0; rule == null && i < relation.ancestors().size(); i++) {
            rule = columns.get(relation.ancestors().get(i) + "." + column);
        }
        return rule;
    }

    /** True if the plan has column rules (which need the result's column origins). */
    public boolean hasColumnRules() {
        return !columns.isEmpty();
    }
}
