package dev.sluice.contracts.decision;

/**
 * One masking instruction attached to a MASK decision.
 *
 * @param column   {@code schema.table.column} the rule applies to, or null for a detector rule
 * @param detector detector name (e.g. {@code card}, {@code ssn}), or null for a column rule
 * @param strategy {@code redact}, {@code partial}, {@code hash} or {@code null}
 */
public record MaskSpec(String column, String detector, String strategy) {}
