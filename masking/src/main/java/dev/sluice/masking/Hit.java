package dev.sluice.masking;

/**
 * One detector match inside a value.
 *
 * @param start first char index of the match
 * @param end   index after the last char of the match
 */
public record Hit(int start, int end) {}
