package dev.sluice.proxy.postgres.masking;

/**
 * A prepared statement whose results are masked.
 *
 * @param plan  what to mask
 * @param shape its Describe-statement answer (formats all text there)
 */
public record MaskedStatement(MaskPlan plan, ResultShape shape) {}
