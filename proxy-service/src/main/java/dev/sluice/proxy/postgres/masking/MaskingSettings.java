package dev.sluice.proxy.postgres.masking;

import dev.sluice.masking.MaskingKey;

/**
 * What every masked session shares.
 *
 * @param key         the keyed-hash secret
 * @param sampleRows  maximum rows in a command's result sample
 * @param sampleBytes maximum bytes in a command's result sample
 */
public record MaskingSettings(MaskingKey key, int sampleRows, int sampleBytes) {

    /** Defaults with a random key: tests and embedded use. */
    public static MaskingSettings defaults() {
        return new MaskingSettings(MaskingKey.random(), 100, 64 * 1024);
    }
}
