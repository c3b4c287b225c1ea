package dev.sluice.proxy.postgres.masking;

/**
 * A portal bound from a masked statement.
 *
 * @param statement     the statement it was bound from
 * @param resultFormats the Bind's result format codes (none, one for all, or one per column)
 * @param shape         its Describe-portal answer, which carries the real formats
 */
public record MaskedPortal(MaskedStatement statement, short[] resultFormats, ResultShape shape) {}
